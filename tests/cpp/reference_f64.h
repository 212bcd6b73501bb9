// Double-precision references of every activation and its derivative, for measuring the float32
// kernels in ULP (tests/cpp/simd_test.cc, bench/sweep). Formulas are chosen to be accurate in
// double over the whole float32 range (no 1 - s, 1 - t^2 or 1 + tanh in the tails); near the zero
// crossings of gelu', gelu_tanh', swish' and mish', where double cancels too, the Taylor series at
// the root (mpmath, 50 digits) is used instead.
#pragma once
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

#include "ap/activations.h"

namespace ap::ref {

struct Root {
  double x0, x0_lo;
  double c[8];  // coefficients of d^1 .. d^8, d = x - x0
};
constexpr double kRootBand = 1.0 / 32;
inline bool near_root(const Root& r, double x) { return std::fabs(x - r.x0) <= kRootBand; }
inline double series(const Root& r, double x) {
  const double d = (x - r.x0) - r.x0_lo;
  double s = 0;
  for (int k = 7; k >= 0; --k) s = s * d + r.c[k];
  return s * d;
}
constexpr Root kGeluRoot = {-0.7517915246935645, 1.4956759177009883e-17,
                            {0.4314939923140469, 0.388284982990552, -0.018199676398671087, -0.1140082332972217,
                             -0.014771522148244337, 0.019421679838189067, 0.004539228379125415, -0.002239538068073497}};
constexpr Root kGeluTanhRoot = {-0.7524614220710163, 3.635560509207687e-17,
                                {0.4304000910248585, 0.38751844613578895, -0.01578285352184803, -0.11394448308095899,
                                 -0.01661932834305256, 0.019682309459833118, 0.005261059254921912, -0.0024227318458750974}};
constexpr Root kSwishRoot = {-1.2784645427610737, -1.0946994183093437e-16,
                             {0.2178117057198001, 0.1466487969969469, 0.018874814223782312, -0.015222655223188032,
                              -0.006606589138356696, 0.000126627410081122, 0.0007985218818397998, 0.00018570724361186496}};
constexpr Root kMishRoot = {-1.1924312145154952, -4.8484829848031044e-17,
                            {0.2669479140495345, 0.20473126408010586, 0.04190782104360987, -0.020271822716684245,
                             -0.01582112656173338, -0.0033606849270232685, 0.0010924055409445854, 0.0009898181021289196}};

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
  const double y = b * std::fmin(std::fmax(x, -FLT_MAX), FLT_MAX);
  return near_root(kSwishRoot, y) ? series(kSwishRoot, y) : sigmoid(y) * (1 + y * sigmoid(-y));
}
inline double swish_f(double x, double b) {
  const double s = sigmoid(b * clampf(x));
  return s == 0 ? -0.0 : x * s;
}
inline double gelu_tanh_d(double x, double xc) {
  if (near_root(kGeluTanhRoot, x)) return series(kGeluTanhRoot, x);
  const double u2 = 2 * kGK * (xc + kGC * xc * xc * xc);
  return sigmoid(u2) + xc * (sigmoid(u2) * sigmoid(-u2)) * (2 * kGK * (1 + 3 * kGC * xc * xc));
}
inline double mish_d(double x, double xc) {
  if (near_root(kMishRoot, x)) return series(kMishRoot, x);
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
           near_root(kGeluRoot, x) ? series(kGeluRoot, x) : phi_cdf(xc) + xc * pdf(xc)),
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
