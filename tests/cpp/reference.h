// Long-double (x86: 64-bit mantissa; double under Emscripten, see LD) references of every activation, for the accuracy tests.
// Written independently of cpp/src/activations/scalar_math.h where a different formula is as good
// (tanh' = sech^2, mish through tanhl(log1pl(expl)), swish as x / (1 + e^{-bx})); where the obvious
// textbook form cancels even in long double (gelu_tanh, log-sigmoid), the stable form is used.
// Only finite x: the limits at +-inf are checked separately against known answers.
#pragma once
#include <cmath>

#include "ap/activations.h"

namespace ap::test {

// Native: x86 80-bit long double. Under Emscripten long double is software quad (far too slow for
// the grids); there the reference runs in double, still 2^29 times finer than a float32 ULP, with
// the same stable formulas.
#ifdef __EMSCRIPTEN__
using LD = double;
#else
using LD = long double;
#endif

inline LD ref_sigm(LD t) { return LD(1.0L) / (LD(1.0L) + std::exp(-t)); }

/// f(x); NaN if the activation has no reference (the test then fails).
inline LD ref_f(Act a, const ActParams& p, LD x) {
  const LD alpha = p.alpha, beta = p.beta;
  switch (a) {
    case Act::identity: return x;
    case Act::step: return x > 0 ? 1 : 0;
    case Act::sigmoid: return ref_sigm(x);
    case Act::hard_sigmoid: return std::fmin(std::fmax((x + 3) / 6, LD(0.0L)), LD(1.0L));
    case Act::log_sigmoid: return x < 0 ? x - std::log1p(std::exp(x)) : -std::log1p(std::exp(-x));
    case Act::tanh: return std::tanh(x);
    case Act::hard_tanh: return std::fmin(std::fmax(x, -LD(1.0L)), LD(1.0L));
    case Act::softsign: return x / (1 + std::fabs(x));
    case Act::relu: return x > 0 ? x : 0;
    case Act::relu6: return std::fmin(std::fmax(x, LD(0.0L)), LD(6.0L));
    case Act::leaky_relu:
    case Act::prelu: return x > 0 ? x : alpha * x;
    case Act::thresholded_relu: return x > p.theta ? x : 0;
    case Act::elu: return x > 0 ? x : alpha * std::expm1(x);
    case Act::selu: {
      const LD l = LD(1.0507009873554804934193349852946L), al = LD(1.6732632423543772848170429916717L);
      return l * (x > 0 ? x : al * std::expm1(x));
    }
    case Act::celu: return x > 0 ? x : alpha * std::expm1(x / alpha);
    case Act::gelu: return LD(0.5L) * x * std::erfc(-x / std::sqrt(LD(2.0L)));
    case Act::gelu_tanh: {
      const LD u = std::sqrt(LD(2.0L) / LD(3.14159265358979323846264338327950288L)) * (x + LD(0.044715L) * x * x * x);
      return x * ref_sigm(2 * u);
    }
    case Act::swish: return x / (1 + std::exp(-beta * x));
    case Act::silu: return x / (1 + std::exp(-x));
    case Act::hard_swish: return x * std::fmin(std::fmax(x + 3, LD(0.0L)), LD(6.0L)) / 6;
    case Act::mish: return x * std::tanh(std::log1p(std::exp(x)));
    case Act::softplus: return beta * x > p.threshold ? x : std::log1p(std::exp(beta * x)) / beta;
  }
  return NAN;
}

/// f'(x), with the one-sided conventions of the kernels at kinks (PyTorch's).
inline LD ref_df(Act a, const ActParams& p, LD x) {
  const LD alpha = p.alpha, beta = p.beta;
  switch (a) {
    case Act::identity: return 1;
    case Act::step: return 0;
    case Act::sigmoid: return ref_sigm(x) * ref_sigm(-x);
    case Act::hard_sigmoid: return x > -3 && x < 3 ? LD(1.0L) / 6 : 0;
    case Act::log_sigmoid: return ref_sigm(-x);
    case Act::tanh: {
      const LD c = std::cosh(x);
      return 1 / (c * c);
    }
    case Act::hard_tanh: return x > -1 && x < 1 ? 1 : 0;
    case Act::softsign: return 1 / ((1 + std::fabs(x)) * (1 + std::fabs(x)));
    case Act::relu: return x > 0 ? 1 : 0;
    case Act::relu6: return x > 0 && x < 6 ? 1 : 0;
    case Act::leaky_relu:
    case Act::prelu: return x > 0 ? 1 : alpha;
    case Act::thresholded_relu: return x > p.theta ? 1 : 0;
    case Act::elu: return x > 0 ? 1 : alpha * std::exp(x);
    case Act::selu: {
      const LD l = LD(1.0507009873554804934193349852946L), al = LD(1.6732632423543772848170429916717L);
      return l * (x > 0 ? 1 : al * std::exp(x));
    }
    case Act::celu: return x > 0 ? 1 : std::exp(x / alpha);
    case Act::gelu:
      return LD(0.5L) * std::erfc(-x / std::sqrt(LD(2.0L))) +
             x * std::exp(-x * x / 2) / std::sqrt(2 * LD(3.14159265358979323846264338327950288L));
    case Act::gelu_tanh: {
      const LD c = std::sqrt(LD(2.0L) / LD(3.14159265358979323846264338327950288L));
      const LD u = c * (x + LD(0.044715L) * x * x * x);
      return ref_sigm(2 * u) + 2 * x * ref_sigm(2 * u) * ref_sigm(-2 * u) * c * (1 + 3 * LD(0.044715L) * x * x);
    }
    case Act::swish: {
      const LD t = beta * x;
      return ref_sigm(t) + t * ref_sigm(t) * ref_sigm(-t);
    }
    case Act::silu: return ref_sigm(x) + x * ref_sigm(x) * ref_sigm(-x);
    case Act::hard_swish: return x < -3 ? 0 : x <= 3 ? (2 * x + 3) / 6 : 1;
    case Act::mish: {
      const LD sp = std::log1p(std::exp(x));
      const LD c = std::cosh(sp);
      return std::tanh(sp) + x * ref_sigm(x) / (c * c);
    }
    case Act::softplus: return beta * x > p.threshold ? 1 : ref_sigm(beta * x);
  }
  return NAN;
}

/// df/dparam; NaN where the activation has no such derivative.
inline LD ref_dparam(Act a, const ActParams& p, Param which, LD x) {
  const LD alpha = p.alpha, beta = p.beta;
  if (which == Param::alpha) {
    switch (a) {
      case Act::leaky_relu:
      case Act::prelu: return x > 0 ? 0 : x;
      case Act::elu: return x > 0 ? 0 : std::expm1(x);
      case Act::celu: {
        if (x > 0) return 0;
        const LD u = x / alpha;
        // Series below |u| = 1e-3: expm1(u) - u e^u = -u^2/2 - u^3/3 - u^4/8 - ...
        if (u > -LD(1e-3L)) return -u * u * (LD(0.5L) + u * (LD(1.0L) / 3 + u * (LD(1.0L) / 8 + u / 30)));
        return std::expm1(u) - u * std::exp(u);
      }
      default: return NAN;
    }
  }
  if (which == Param::beta) {
    switch (a) {
      case Act::swish: return x * x * ref_sigm(beta * x) * ref_sigm(-beta * x);
      case Act::softplus: {
        const LD t = beta * x;
        if (t > p.threshold) return 0;
        // t sigma(t) - log(1 + e^t), for t > 0 as -(t sigma(-t) + log(1 + e^-t)) (no cancellation).
        if (t > 0) return -(t * ref_sigm(-t) + std::log1p(std::exp(-t))) / (beta * beta);
        return (t * ref_sigm(t) - std::log1p(std::exp(t))) / (beta * beta);
      }
      default: return NAN;
    }
  }
  return NAN;
}

}  // namespace ap::test
