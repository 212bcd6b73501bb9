// The references themselves, near the zero crossings of gelu', gelu_tanh', swish' and mish', where
// the kernels use series and the references double-double closed forms (dd.h, reference_f64.h):
//  - against 50-digit mpmath values from the textbook closed forms (fixtures/root_values.inc, written
//    by fixtures/root_values.py), in every build;
//  - natively, against the long-double closed forms of reference.h (x86 80-bit, glibc), on 2001
//    consecutive floats around each root and across the kernels' series bands.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <string>

#include "ap/activations.h"
#include "reference.h"
#include "reference_f64.h"

namespace {

struct RootValue {
  const char* name;
  float x;
  double hi, lo;
};
#include "fixtures/root_values.inc"

ap::ref::dd::DD dd_derivative(const std::string& name, float x) {
  using namespace ap::ref::dd;
  if (name == "gelu") return gelu_d(x);
  if (name == "gelu_tanh") return gelu_tanh_d(x);
  if (name == "swish") return swish_g(make(x));
  return mish_d(x);
}

double shipped_root(const std::string& name) {
  if (name == "gelu") return ap::ref::gelu_root();
  if (name == "gelu_tanh") return ap::ref::gelu_tanh_root();
  if (name == "swish") return ap::ref::swish_root();
  return ap::ref::mish_root();
}

TEST(Reference, DoubleDoubleDerivativesMatchMpmathNearTheRoots) {
  double worst = 0;
  for (const RootValue& r : kRootValues) {
    const ap::ref::dd::DD got = dd_derivative(r.name, r.x);
    // (got - exact) relative to |exact|. The closed forms cancel terms of size ~0.2 to ~6 here, so of
    // double-double's 106 bits some 20 go (1e-25 at the float nearest a root); double alone would
    // leave 1e-9, and a float32 ULP is 6e-8.
    const double err = std::fabs((got.hi - r.hi) + (got.lo - r.lo)) / std::fabs(r.hi);
    worst = std::max(worst, err);
    EXPECT_LT(err, 1e-20) << r.name << "'(" << std::hexfloat << r.x << ") = " << got.hi << " + " << got.lo
                          << ", mpmath " << r.hi << " + " << r.lo;
    // What the references hand to the tests: f'(x) rounded to double.
    const double ref = ap::ref::derivative(r.name, r.x, ap::default_params(*ap::act_from_name(r.name)));
    EXPECT_LE(std::fabs(ref - (r.hi + r.lo)), 0x1p-53 * std::fabs(r.hi)) << r.name << "'(" << r.x << ")";
  }
  std::printf("[ ref      ] double-double vs mpmath at %zu points near the roots: %.1e relative at most\n",
              std::size(kRootValues), worst);
}

TEST(Reference, RootsByBisectionMatchMpmath) {
  for (const RootValue& r : kRoots)
    EXPECT_LE(std::fabs(shipped_root(r.name) - r.hi), 0x1p-52 * std::fabs(r.hi)) << r.name;
}

#ifndef __EMSCRIPTEN__  // there long double's exp and erfc are double's
TEST(Reference, DoubleDoubleAgreesWithLongDoubleAroundTheRoots) {
  for (const char* name : {"gelu", "gelu_tanh", "swish", "mish"}) {
    const ap::Act a = *ap::act_from_name(name);
    const ap::ActParams p = ap::default_params(a);
    double worst = 0;
    auto check = [&](float x) {
      const long double ld = ap::test::ref_df(a, p, x);
      const double ref = ap::ref::derivative(name, x, p);
      // In float32 ULPs of the value: both are thousands of times finer than the kernels' 4 ULP.
      const long double ulp = std::ldexp(1.0L, std::ilogb(std::fabs(ld)) - 23);
      const double e = static_cast<double>(std::fabs(ref - ld) / ulp);
      worst = std::max(worst, e);
      EXPECT_LT(e, 1e-3) << name << "'(" << std::hexfloat << x << "): double-double " << ref << ", long double "
                         << static_cast<double>(ld);
    };
    const double root = shipped_root(name);
    float v = static_cast<float>(root);
    for (int i = 0; i < 1000; ++i) v = std::nextafter(v, -INFINITY);
    for (int i = 0; i <= 2000; ++i, v = std::nextafter(v, INFINITY)) check(v);
    for (int i = -512; i <= 512; ++i) check(static_cast<float>(root + i * (ap::ref::kRootBand / 512)));
    std::printf("[ ref      ] %-10s double-double vs long double near the root: %.2e float32 ULP at most\n", name, worst);
  }
}
#endif

}  // namespace
