// The maths of every activation, one point at a time, in double: <id>_f(x, p) = f(x) and
// <id>_df(x, p) = f'(x), plus the parameter derivatives. The scalar kernels (scalar.cc) round these
// to float; the analysis (analysis.cc) probes them directly.
//
// Why double: a float32 input is exact in double, x*x and x*beta are exact, and glibc's double
// exp/log1p/expm1/erfc/tanh are within 1 double ULP, so a stable double formula carries an error of
// a few 2^-53 relative; rounding to float then gives at most 0.5 float ULP + a hair. What double
// cannot save is cancellation, so every formula below avoids it:
//   - sigmoid'(x) = e/(1+e)^2 with e = exp(-|x|) (s(1-s) returns 0 for x > 17 in float, 38 in double),
//     tanh'(x) = 4e/(1+e)^2 with e = exp(-2|x|) (1 - t^2 returns 0 for |x| > 19 in double);
//   - elu/celu/selu use expm1 (e^x - 1 loses all digits near 0);
//   - gelu uses 0.5 x erfc(-x/sqrt2): 1 + erf(x/sqrt2) cancels below x = -5 and is 0 below -6;
//   - gelu_tanh uses x sigma(2u) = 0.5 x (1 + tanh u), which cancels for u < 0 in the textbook form;
//   - log(1 + e^t) = max(t, 0) + log1p(e^-|t|) never overflows;
//   - mish uses tanh(log(1+e^x)) = n/(n+2) with n = e^x (e^x + 2), which has no subtraction;
//   - the zero crossings of gelu', swish', mish' (x ~ -0.75, -1.28, -1.19) cancel two terms of
//     size ~0.2: the absolute error there is ~1e-17, far below float resolution near the root.
// Infinite inputs are handled explicitly where a formula would form inf * 0; every function returns
// the limit there. The kernels filter NaN before calling these, so they never see one.
#pragma once
#include <cmath>

#include "ap/activations.h"

namespace ap::detail::math {

inline constexpr double kSqrt1_2 = 0.70710678118654752440;      // 1/sqrt(2)
inline constexpr double kInvSqrt2Pi = 0.39894228040143267794;   // 1/sqrt(2 pi)
inline constexpr double kSqrt2OverPi = 0.79788456080286535588;  // sqrt(2/pi), gelu_tanh
inline constexpr double kGeluTanhK = 0.044715;                  // gelu_tanh cubic coefficient
// SELU constants (Klambauer et al. 2017), as PyTorch and Keras use them.
inline constexpr double kSeluLambda = 1.0507009873554804934193349852946;
inline constexpr double kSeluAlpha = 1.6732632423543772848170429916717;

/// Logistic sigma(t), never forming exp of a positive number.
inline double sigm(double t) {
  if (t >= 0) return 1.0 / (1.0 + std::exp(-t));
  const double e = std::exp(t);
  return e / (1.0 + e);
}
/// sigma'(t) = sigma(t) sigma(-t) = e / (1+e)^2, e = exp(-|t|): no cancellation, no overflow.
inline double sigm_d(double t) {
  const double e = std::exp(-std::fabs(t));
  return e / ((1.0 + e) * (1.0 + e));
}
/// log(1 + e^t) for any t (0 at -inf, t at +inf).
inline double log1pexp(double t) { return std::fmax(t, 0.0) + std::log1p(std::exp(-std::fabs(t))); }

// ---- the activations -----------------------------------------------------------------------

inline double identity_f(double x, const ActParams&) { return x; }
inline double identity_df(double, const ActParams&) { return 1.0; }

inline double step_f(double x, const ActParams&) { return x > 0 ? 1.0 : 0.0; }
inline double step_df(double, const ActParams&) { return 0.0; }

inline double sigmoid_f(double x, const ActParams&) { return sigm(x); }
inline double sigmoid_df(double x, const ActParams&) { return sigm_d(x); }

inline double hard_sigmoid_f(double x, const ActParams&) {
  return x <= -3 ? 0.0 : x >= 3 ? 1.0 : (x + 3.0) / 6.0;
}
inline double hard_sigmoid_df(double x, const ActParams&) { return x > -3 && x < 3 ? 1.0 / 6.0 : 0.0; }

inline double log_sigmoid_f(double x, const ActParams&) { return -log1pexp(-x); }
inline double log_sigmoid_df(double x, const ActParams&) { return sigm(-x); }

inline double tanh_f(double x, const ActParams&) { return std::tanh(x); }
inline double tanh_df(double x, const ActParams&) {
  const double e = std::exp(-2.0 * std::fabs(x));
  return 4.0 * e / ((1.0 + e) * (1.0 + e));
}

inline double hard_tanh_f(double x, const ActParams&) { return x < -1 ? -1.0 : x > 1 ? 1.0 : x; }
inline double hard_tanh_df(double x, const ActParams&) { return x > -1 && x < 1 ? 1.0 : 0.0; }

inline double softsign_f(double x, const ActParams&) {
  if (std::isinf(x)) return std::copysign(1.0, x);
  return x / (1.0 + std::fabs(x));
}
inline double softsign_df(double x, const ActParams&) {
  const double d = 1.0 + std::fabs(x);
  return 1.0 / (d * d);
}

inline double relu_f(double x, const ActParams&) { return x > 0 ? x : 0.0; }
inline double relu_df(double x, const ActParams&) { return x > 0 ? 1.0 : 0.0; }

inline double relu6_f(double x, const ActParams&) { return x <= 0 ? 0.0 : x >= 6 ? 6.0 : x; }
inline double relu6_df(double x, const ActParams&) { return x > 0 && x < 6 ? 1.0 : 0.0; }

// alpha == 0 is tested so that alpha * (-inf) does not give NaN.
inline double leaky_relu_f(double x, const ActParams& p) {
  return x > 0 ? x : p.alpha == 0 ? 0.0 : p.alpha * x;
}
inline double leaky_relu_df(double x, const ActParams& p) { return x > 0 ? 1.0 : p.alpha; }
inline double leaky_relu_dalpha(double x, const ActParams&) { return x > 0 ? 0.0 : x; }

inline double prelu_f(double x, const ActParams& p) { return leaky_relu_f(x, p); }
inline double prelu_df(double x, const ActParams& p) { return leaky_relu_df(x, p); }
inline double prelu_dalpha(double x, const ActParams& p) { return leaky_relu_dalpha(x, p); }

inline double thresholded_relu_f(double x, const ActParams& p) { return x > p.theta ? x : 0.0; }
inline double thresholded_relu_df(double x, const ActParams& p) { return x > p.theta ? 1.0 : 0.0; }

inline double elu_f(double x, const ActParams& p) { return x > 0 ? x : p.alpha * std::expm1(x); }
inline double elu_df(double x, const ActParams& p) { return x > 0 ? 1.0 : p.alpha * std::exp(x); }
inline double elu_dalpha(double x, const ActParams&) { return x > 0 ? 0.0 : std::expm1(x); }

inline double selu_f(double x, const ActParams&) {
  return kSeluLambda * (x > 0 ? x : kSeluAlpha * std::expm1(x));
}
inline double selu_df(double x, const ActParams&) {
  return kSeluLambda * (x > 0 ? 1.0 : kSeluAlpha * std::exp(x));
}

// celu with alpha = 0 is the limit relu (alpha is kept >= 0.01 by its range, but stay finite).
inline double celu_f(double x, const ActParams& p) {
  if (x > 0) return x;
  return p.alpha > 0 ? p.alpha * std::expm1(x / p.alpha) : 0.0;
}
inline double celu_df(double x, const ActParams& p) {
  if (x > 0) return 1.0;
  return p.alpha > 0 ? std::exp(x / p.alpha) : 0.0;
}
// d/dalpha [alpha (e^u - 1)], u = x/alpha: expm1(u) - u e^u. The two terms cancel for small |u|
// (the result is ~ -u^2/2), so there use the series sum_{k>=2} (1-k) u^k / k!.
inline double celu_dalpha(double x, const ActParams& p) {
  if (x > 0 || !(p.alpha > 0)) return 0.0;
  if (std::isinf(x)) return -1.0;
  const double u = x / p.alpha;
  if (u > -1e-2) {
    return -u * u * (1.0 / 2 + u * (1.0 / 3 + u * (1.0 / 8 + u * (1.0 / 30 + u * (1.0 / 144)))));
  }
  return std::expm1(u) - u * std::exp(u);
}

inline double gelu_f(double x, const ActParams&) {
  if (std::isinf(x)) return x > 0 ? x : -0.0;
  return 0.5 * x * std::erfc(-x * kSqrt1_2);
}
inline double gelu_df(double x, const ActParams&) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  return 0.5 * std::erfc(-x * kSqrt1_2) + x * kInvSqrt2Pi * std::exp(-0.5 * x * x);
}

// 0.5 x (1 + tanh u) = x sigma(2u): no cancellation for u < 0.
inline double gelu_tanh_f(double x, const ActParams&) {
  if (std::isinf(x)) return x > 0 ? x : -0.0;
  const double u = kSqrt2OverPi * (x + kGeluTanhK * x * x * x);
  return x * sigm(2.0 * u);
}
inline double gelu_tanh_df(double x, const ActParams&) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  const double u = kSqrt2OverPi * (x + kGeluTanhK * x * x * x);
  const double du = kSqrt2OverPi * (1.0 + 3.0 * kGeluTanhK * x * x);
  return sigm(2.0 * u) + x * 2.0 * sigm_d(2.0 * u) * du;
}

// swish: x sigma(beta x). At infinite x the limits depend on the sign of beta.
inline double swish_f(double x, const ActParams& p) {
  const double b = p.beta;
  if (std::isinf(x)) {
    if (b == 0) return 0.5 * x;
    return (b > 0) == (x > 0) ? x : std::copysign(0.0, x);
  }
  return x * sigm(b * x);
}
inline double swish_df(double x, const ActParams& p) {
  const double t = p.beta * x;
  if (std::isinf(x)) return sigm(t == t ? t : 0.0);  // beta = 0: t = 0 * inf, and f' = 1/2
  return sigm(t) + t * sigm_d(t);
}
/// d/dbeta [x sigma(beta x)] = x^2 sigma'(beta x).
inline double swish_dbeta(double x, const ActParams& p) {
  if (std::isinf(x)) return p.beta == 0 ? INFINITY : 0.0;
  return x * x * sigm_d(p.beta * x);
}

inline double silu_f(double x, const ActParams&) { return swish_f(x, ActParams{}); }
inline double silu_df(double x, const ActParams&) { return swish_df(x, ActParams{}); }

// Derivative at the joints follows PyTorch: (2x+3)/6 on [-3, 3] (so -1/2 at -3 and 3/2 at 3).
inline double hard_swish_f(double x, const ActParams&) {
  return x <= -3 ? 0.0 : x >= 3 ? x : x * (x + 3.0) / 6.0;
}
inline double hard_swish_df(double x, const ActParams&) {
  return x < -3 ? 0.0 : x <= 3 ? (2.0 * x + 3.0) / 6.0 : 1.0;
}

// tanh(softplus(x)) = n / (n + 2), n = e^x (e^x + 2). Above x = 40, 1 - n/(n+2) = 2e^{-2x}/... is
// below 2^-110, so mish(x) = x and mish'(x) = 1 in double (and e^{2x} would overflow past 354).
inline double mish_f(double x, const ActParams&) {
  if (x > 40) return x;
  if (std::isinf(x)) return -0.0;
  const double e = std::exp(x);
  const double n = e * (e + 2.0);
  return x * n / (n + 2.0);
}
// mish' = tanh(sp) + x sigma(x) sech^2(sp), with sech^2(sp) = 4 (n+1) / (n+2)^2.
inline double mish_df(double x, const ActParams&) {
  if (x > 40) return 1.0;
  if (std::isinf(x)) return 0.0;
  const double e = std::exp(x);
  const double n = e * (e + 2.0);
  const double m = n + 2.0;
  return n / m + x * sigm(x) * (4.0 * (n + 1.0) / (m * m));
}

// PyTorch's softplus: linear where beta x > threshold (beta > 0 by its range).
inline double softplus_f(double x, const ActParams& p) {
  const double t = p.beta * x;
  return t > p.threshold ? x : log1pexp(t) / p.beta;
}
inline double softplus_df(double x, const ActParams& p) {
  const double t = p.beta * x;
  return t > p.threshold ? 1.0 : sigm(t);
}
// d/dbeta [log(1 + e^t) / beta] = (t sigma(t) - log(1 + e^t)) / beta^2, t = beta x, rewritten so that
// both terms have the same sign (no cancellation): for t > 0 it is -(t sigma(-t) + log1p(e^-t)).
inline double softplus_dbeta(double x, const ActParams& p) {
  const double b = p.beta;
  const double t = b * x;
  if (t > p.threshold) return 0.0;
  if (std::isinf(t)) return 0.0;  // t = -inf: f = 0 for every beta
  const double g = t > 0 ? -(t * sigm(-t) + std::log1p(std::exp(-t)))
                         : t * sigm(t) - std::log1p(std::exp(t));
  return g / (b * b);
}

}  // namespace ap::detail::math
