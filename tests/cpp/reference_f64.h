// Double-precision references of every activation and its derivative, for measuring the float32
// kernels in ULP (tests/cpp/simd_test.cc, bench/sweep). Formulas are chosen to be accurate in
// double over the whole float32 range (no 1 - s, 1 - t^2 or 1 + tanh in the tails); near the zero
// crossings of gelu', gelu_tanh', swish' and mish', where double cancels too, the same closed forms
// are evaluated in double-double (dd.h), with the roots found by bisection on them: nothing here
// shares a series, a root or a coefficient with the kernels (tests/cpp/reference_test.cc checks
// these values against mpmath and, natively, against 80-bit long double).
#pragma once
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

#include "ap/activations.h"
#include "dd.h"

namespace ap::ref {

/// Within this distance of a root the double-double forms are used (wider than the kernels' own
/// bands, 1/32 and 1/16, so that their edges are measured by it too).
constexpr double kRootBand = 1.0 / 8;
inline double gelu_root() {
  static const double r = dd::root(dd::gelu_d, -1.0, -0.5);
  return r;
}
inline double gelu_tanh_root() {
  static const double r = dd::root(dd::gelu_tanh_d, -1.0, -0.5);
  return r;
}
inline double swish_root() {  // of g(y), y = beta x
  static const double r = dd::root([](double y) { return dd::swish_g(dd::make(y)); }, -1.5, -1.0);
  return r;
}
inline double mish_root() {
  static const double r = dd::root(dd::mish_d, -1.5, -1.0);
  return r;
}
inline bool near(double root, double x) { return std::fabs(x - root) <= kRootBand; }

inline double sigmoid(double y) {
  if (y >= 0) return 1.0 / (1.0 + std::exp(-y));
  const double e = std::exp(y);
  return e / (1.0 + e);
}
inline double softplus1(double y) { return std::fmax(y, 0.0) + std::log1p(std::exp(-std::fabs(y))); }
inline double phi_cdf(double x) { return 0.5 * std::erfc(-x * 0.70710678118654752440); }
inline double pdf(double x) { return 0.39894228040143267794 * std::exp(-0.5 * x * x); }
constexpr double kSeluL = 1.0507009873554804934193349852946;
constexpr double kSeluA = 1.6732632423543772848170429916717;
constexpr double kGK = 0.79788456080286535588, kGC = 0.044715;
inline double clampf(double x) { return std::fmin(std::fmax(x, -DBL_MAX), DBL_MAX); }

using RefFn = double (*)(double x, const ActParams& p);
struct RefPair {
  const char* name;
  RefFn f, df;  // f(x) and f'(x) in double; NaN in gives NaN out
};

// One row per activation: f, then f' (the one-sided conventions of PyTorch at kinks). Arguments
// arrive non-NaN (lookup() wraps them); xc is x clamped to the finite float32 range where a
// formula would form inf * 0.
#define AP_REF(name, F, DF)                                                             \
  RefPair {                                                                             \
    name, [](double x, const ActParams& p) -> double { (void)p; return F; },            \
        [](double x, const ActParams& p) -> double {                                    \
          (void)p;                                                                      \
          [[maybe_unused]] const double xc = std::fmin(std::fmax(x, -FLT_MAX), FLT_MAX); \
          return DF;                                                                    \
        }                                                                               \
  }
inline double swish_d(double x, double b) {
  const double xc = std::fmin(std::fmax(x, -FLT_MAX), FLT_MAX), y = b * xc;
  if (near(swish_root(), y)) return dd::to_double(dd::swish_g(dd::two_prod(b, xc)));  // beta x exact
  return sigmoid(y) * (1 + y * sigmoid(-y));
}
inline double swish_f(double x, double b) {
  const double s = sigmoid(b * clampf(x));
  return s == 0 ? -0.0 : x * s;
}
inline double gelu_tanh_d(double x, double xc) {
  if (near(gelu_tanh_root(), x)) return dd::to_double(dd::gelu_tanh_d(x));
  const double u2 = 2 * kGK * (xc + kGC * xc * xc * xc);
  return sigmoid(u2) + xc * (sigmoid(u2) * sigmoid(-u2)) * (2 * kGK * (1 + 3 * kGC * xc * xc));
}
inline double mish_d(double x, double xc) {
  if (near(mish_root(), x)) return dd::to_double(dd::mish_d(x));
  const double t = std::tanh(softplus1(xc));
  return t + xc * sigmoid(xc) * (1 - t * t);
}
inline const RefPair kRefs[] = {
    AP_REF("identity", x, 1.0),
    AP_REF("step", x > 0 ? 1.0 : 0.0, 0.0),
    AP_REF("sigmoid", sigmoid(x), sigmoid(x) * sigmoid(-x)),
    AP_REF("hard_sigmoid", std::fmin(std::fmax(x + 3, 0.0), 6.0) / 6, x > -3 && x < 3 ? 1.0 / 6 : 0.0),
    AP_REF("log_sigmoid", -softplus1(-x), sigmoid(-x)),
    AP_REF("tanh", std::tanh(x), 4 * std::exp(-2 * std::fabs(x)) / std::pow(1 + std::exp(-2 * std::fabs(x)), 2)),
    AP_REF("hard_tanh", std::fmin(std::fmax(x, -1.0), 1.0), x > -1 && x < 1 ? 1.0 : 0.0),
    AP_REF("softsign", std::isinf(x) ? std::copysign(1.0, x) : x / (1 + std::fabs(x)),
           1 / ((1 + std::fabs(x)) * (1 + std::fabs(x)))),
    AP_REF("relu", x > 0 ? x : 0.0, x > 0 ? 1.0 : 0.0),
    AP_REF("relu6", std::fmin(std::fmax(x, 0.0), 6.0), x > 0 && x < 6 ? 1.0 : 0.0),
    AP_REF("leaky_relu", x > 0 ? x : p.alpha * x, x > 0 ? 1.0 : p.alpha),
    AP_REF("prelu", x > 0 ? x : p.alpha * x, x > 0 ? 1.0 : p.alpha),
    AP_REF("thresholded_relu", x > p.theta ? x : 0.0, x > p.theta ? 1.0 : 0.0),
    AP_REF("elu", x > 0 ? x : p.alpha * std::expm1(x), x > 0 ? 1.0 : p.alpha * std::exp(x)),
    AP_REF("selu", kSeluL * (x > 0 ? x : kSeluA * std::expm1(x)), x > 0 ? kSeluL : kSeluL * kSeluA * std::exp(x)),
    AP_REF("celu", x > 0 ? x : p.alpha * std::expm1(x / p.alpha), x > 0 ? 1.0 : std::exp(x / p.alpha)),
    AP_REF("gelu", std::isinf(x) ? (x > 0 ? x : -0.0) : x * phi_cdf(x),
           near(gelu_root(), x) ? dd::to_double(dd::gelu_d(x)) : phi_cdf(xc) + xc * pdf(xc)),
    AP_REF("gelu_tanh", sigmoid(2 * kGK * (x + kGC * x * x * x)) == 0 ? -0.0 : x * sigmoid(2 * kGK * (x + kGC * x * x * x)),
           gelu_tanh_d(x, xc)),
    AP_REF("swish", swish_f(x, p.beta), swish_d(x, p.beta)),
    AP_REF("silu", swish_f(x, 1.0), swish_d(x, 1.0)),
    AP_REF("hard_swish", x <= -3 ? 0.0 : x * std::fmin(x + 3, 6.0) / 6, x < -3 ? 0.0 : x > 3 ? 1.0 : (2 * x + 3) / 6),
    AP_REF("mish", std::tanh(softplus1(x)) == 0 ? -0.0 : x * std::tanh(softplus1(x)), mish_d(x, xc)),
    AP_REF("softplus", p.beta * x > p.threshold ? x : softplus1(p.beta * x) / p.beta,
           p.beta * x > p.threshold ? 1.0 : sigmoid(p.beta * x)),
};
#undef AP_REF

/// The reference pair of the activation called `name` (catalogue names), or nullptr.
inline const RefPair* lookup(const char* name) {
  for (const RefPair& r : kRefs)
    if (std::strcmp(r.name, name) == 0) return &r;
  return nullptr;
}

/// f(x) (or f'(x)) in double for `name`; NaN (and *known = false) if there is no reference.
inline double eval(const char* name, bool deriv, double x, const ActParams& p, bool* known = nullptr) {
  const RefPair* r = lookup(name);
  if (known) *known = r != nullptr;
  if (!r) return std::numeric_limits<double>::quiet_NaN();
  if (std::isnan(x)) return x;
  return deriv ? r->df(x, p) : r->f(x, p);
}
inline double forward(const char* name, double x, const ActParams& p, bool* known = nullptr) {
  return eval(name, false, x, p, known);
}
inline double derivative(const char* name, double x, const ActParams& p, bool* known = nullptr) {
  return eval(name, true, x, p, known);
}

/// Error of a float32 result y against the double reference r, in float32 ULP of r; where r is
/// subnormal (|r| < 2^-126) any |y - r| <= 2^-126 counts as 0, beyond it in multiples of 2^-149.
/// NaN/inf must match exactly (else +inf).
inline double ulp_error(float y, double r) {
  if (std::isnan(r)) return std::isnan(y) ? 0.0 : INFINITY;
  if (std::isnan(y)) return INFINITY;
  const double ar = std::fabs(r);
  if (ar >= static_cast<double>(FLT_MAX) * (1 + 0x1p-25))  // rounds to inf in float32
    return std::isinf(y) && (y > 0) == (r > 0) ? 0.0 : INFINITY;
  if (std::isinf(y)) return INFINITY;
  const double diff = std::fabs(static_cast<double>(y) - r);
  if (ar < FLT_MIN) return diff <= FLT_MIN ? 0.0 : diff / 0x1p-149;
  int e;
  std::frexp(ar, &e);  // ar in [2^(e-1), 2^e)
  return diff / std::ldexp(1.0, e - 1 - 23);
}

}  // namespace ap::ref
