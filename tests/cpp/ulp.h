// Measuring float32 results against a higher-precision exact value (long double or double), in ULPs.
#pragma once
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace ap::test {

/// Error of `got` against `exact`:
///  - where |exact| >= 2^-126 (a normal float), in ULPs of exact: |got - exact| / 2^(floor(log2|exact|) - 23);
///  - where |exact| < 2^-126 (subnormal or zero), in units of 2^-127, so "<= 2" means "within 2^-126";
///  - where |exact| > FLT_MAX, 0 if got is the infinity of the same sign or FLT_MAX (both are a correct
///    rounding), else measured against FLT_MAX's ULP;
///  - NaN against NaN, and an infinity against the same infinity, is 0; any other mismatch of
///    NaN or infinity is +inf.
template <class Real>
double ulp_error(float got, Real exact) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (std::isnan(exact) || std::isnan(got)) return std::isnan(exact) && std::isnan(got) ? 0.0 : kInf;
  if (std::isinf(exact)) return static_cast<Real>(got) == exact ? 0.0 : kInf;
  const Real ax = std::fabs(exact);
  if (ax > FLT_MAX) {
    if (std::isinf(got)) return std::signbit(got) == std::signbit(exact) ? 0.0 : kInf;
    if (std::fabs(got) == FLT_MAX && std::signbit(got) == std::signbit(exact)) return 0.0;
    return static_cast<double>(std::fabs(got - exact) / std::ldexp(Real(1), 127 - 23));
  }
  if (std::isinf(got)) return kInf;
  const Real unit = ax < std::ldexp(Real(1), -126) ? std::ldexp(Real(1), -127)
                                                  : std::ldexp(Real(1), std::ilogb(ax) - 23);
  return static_cast<double>(std::fabs(static_cast<Real>(got) - exact) / unit);
}

inline float from_bits(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, sizeof f);
  return f;
}

}  // namespace ap::test
