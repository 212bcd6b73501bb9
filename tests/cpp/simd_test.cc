// The SIMD128 kernels (wasmsimd.cc) against a double-precision reference (within 4 ULP, 2^-126
// where subnormal) and against the scalar kernels, on dense grids, extreme points, zero crossings,
// random batches of every length 0..67 (the x8 / x4 / tail paths), in place, and with non-default
// parameters. Only meaningful in the WASM build (tests/cpp under emcmake, run by node); natively
// there are no SIMD kernels and this file compiles to nothing. Every catalogue activation is a case:
// one without a SIMD forward and derivative, or without a reference, fails (it is never skipped).
#ifdef __wasm_simd128__
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "activations/kernels.h"
#include "ap/activations.h"
#include "reference_f64.h"

namespace {

using ap::Act;
using ap::ActParams;
using ap::detail::Kernels;

constexpr double kMaxUlp = 4.0;

std::vector<Act> all_activations() {
  std::vector<Act> v;
  for (std::size_t i = 0; i < ap::kActCount; ++i) v.push_back(static_cast<Act>(i));
  return v;
}

float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

/// Extreme points from the issue, both signs, plus the float32 limits and the neighbourhoods of
/// the derivatives' zero crossings.
std::vector<float> special_points() {
  std::vector<float> v = {0.0f, 1e-30f, 1e-7f, 15.0f, 20.0f, 30.0f, 50.0f, 88.7f, 100.0f, 1e4f, 1e30f,
                          INFINITY, FLT_MIN, FLT_TRUE_MIN, FLT_MAX, 1.0f, 3.0f, 6.0f, 9.0f, 87.3f, 88.72f,
                          89.0f, 103.0f, 104.5f, 17.5f, 0.5f, 0.625f, 91.8f, 95.0f, 16.7f, 150.0f,
                          43.6f, 44.0f, 44.3f, 87.5f, 87.9f};
  const std::size_t n = v.size();
  for (std::size_t i = 0; i < n; ++i) v.push_back(-v[i]);
  // Where lambda x (selu) or x * 6 (hard_swish) meets the overflow threshold.
  for (float top : {static_cast<float>(FLT_MAX / 1.0507009873554805), FLT_MAX / 6}) {
    float f = top;
    for (int k = 0; k < 32; ++k) f = std::nextafter(f, -INFINITY);
    for (int k = 0; k < 64; ++k, f = std::nextafter(f, INFINITY)) v.push_back(f);
  }
  const double roots[] = {ap::ref::gelu_root(), ap::ref::gelu_tanh_root(), ap::ref::swish_root(), ap::ref::mish_root()};
  for (double root : roots) {
    float f = static_cast<float>(root);
    for (int k = 0; k < 64; ++k) f = std::nextafter(f, -INFINITY);
    for (int k = 0; k < 128; ++k, f = std::nextafter(f, INFINITY)) v.push_back(f);
  }
  // The edges of the bands around the roots where a series takes over (1/32; swish' 1/16).
  for (double root : roots)
    for (double edge : {-1.0 / 16, -1.0 / 32, 1.0 / 32, 1.0 / 16}) {
      float f = static_cast<float>(root + edge);
      for (int k = 0; k < 8; ++k) f = std::nextafter(f, -INFINITY);
      for (int k = 0; k < 16; ++k, f = std::nextafter(f, INFINITY)) v.push_back(f);
    }
  return v;
}

/// Uniform grid on [-30, 30] and a logarithmic sweep of magnitudes 1e-40 .. 3e38, both signs.
std::vector<float> grid_points() {
  std::vector<float> v;
  for (int i = -30000; i <= 30000; ++i) v.push_back(static_cast<float>(i * 1e-3));
  for (double e = -40; e <= 38.5; e += 0.01) {
    v.push_back(static_cast<float>(std::pow(10.0, e)));
    v.push_back(-static_cast<float>(std::pow(10.0, e)));
  }
  return v;
}

class SimdKernel : public ::testing::TestWithParam<Act> {
 protected:
  const char* name() const { return ap::act_name(GetParam()); }
  ActParams params() const { return ap::default_params(GetParam()); }
  Kernels simd() const { return ap::detail::simd_kernels(GetParam()); }
  Kernels scalar() const { return ap::detail::scalar_kernels(GetParam()); }

  /// Runs fn (forward or derivative) over x and checks every result against the reference.
  void check_accuracy(bool deriv, const std::vector<float>& x, const ActParams& p) {
    const auto fn = deriv ? simd().derivative : simd().forward;
    ASSERT_TRUE(fn != nullptr) << name() << " has no SIMD " << (deriv ? "derivative" : "forward") << " kernel";
    ASSERT_TRUE(ap::ref::lookup(name()) != nullptr) << "no reference for " << name();
    std::vector<float> y(x.size());
    fn(x.size(), x.data(), y.data(), p);
    double worst = 0;
    float worst_x = 0;
    int reported = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double r = deriv ? ap::ref::derivative(name(), x[i], p) : ap::ref::forward(name(), x[i], p);
      const double e = ap::ref::ulp_error(y[i], r);
      if (e > worst) worst = e, worst_x = x[i];
      if (e > kMaxUlp && reported++ < 5)
        ADD_FAILURE() << name() << (deriv ? "'" : "") << "(" << std::scientific << x[i] << ") = " << y[i]
                      << ", reference " << r << ", " << e << " ULP";
    }
    RecordProperty("max_ulp", std::to_string(worst));
    EXPECT_LE(worst, kMaxUlp) << "worst at x = " << std::scientific << worst_x;
  }
};

TEST_P(SimdKernel, ForwardWithin4UlpOnGridAndExtremes) {
  std::vector<float> x = grid_points();
  for (float s : special_points()) x.push_back(s);
  check_accuracy(false, x, params());
}

TEST_P(SimdKernel, DerivativeWithin4UlpOnGridAndExtremes) {
  std::vector<float> x = grid_points();
  for (float s : special_points()) x.push_back(s);
  check_accuracy(true, x, params());
}

TEST_P(SimdKernel, RandomBitPatternsWithin4Ulp) {
  std::mt19937 rng(1234);
  std::vector<float> x;
  while (x.size() < 200000) {
    const float f = from_bits(static_cast<std::uint32_t>(rng()));
    if (!std::isnan(f)) x.push_back(f);
  }
  check_accuracy(false, x, params());
  check_accuracy(true, x, params());
}

TEST_P(SimdKernel, NanInNanOutAndLimitsAtInfinity) {
  const ActParams p = params();
  const std::vector<float> x = {NAN, -NAN, INFINITY, -INFINITY};
  for (bool deriv : {false, true}) {
    const auto fn = deriv ? simd().derivative : simd().forward;
    ASSERT_TRUE(fn != nullptr) << name() << " has no SIMD " << (deriv ? "derivative" : "forward") << " kernel";
    std::vector<float> y(x.size());
    fn(x.size(), x.data(), y.data(), p);
    EXPECT_TRUE(std::isnan(y[0]) && std::isnan(y[1])) << name() << (deriv ? "'" : "");
    for (int i = 2; i < 4; ++i) {
      const double r = deriv ? ap::ref::derivative(name(), x[i], p) : ap::ref::forward(name(), x[i], p);
      EXPECT_FALSE(std::isnan(y[i])) << name() << (deriv ? "'" : "") << "(" << x[i] << ")";
      EXPECT_LE(ap::ref::ulp_error(y[i], r), 0.5) << name() << (deriv ? "'" : "") << "(" << x[i] << ") = " << y[i];
    }
  }
}

// Every length 0..67 (main loop, 4-wide loop and each tail length), out of place and in place:
// the same bits as one-at-a-time evaluation, nothing written past n, and close to the scalar kernels.
TEST_P(SimdKernel, EveryLengthInPlaceAndAgainstScalar) {
  const ActParams p = params();
  std::mt19937 rng(42);
  std::uniform_real_distribution<float> u(-12.0f, 12.0f);
  for (bool deriv : {false, true}) {
    const auto fn = deriv ? simd().derivative : simd().forward;
    const auto ref_fn = deriv ? scalar().derivative : scalar().forward;
    ASSERT_TRUE(fn != nullptr) << name() << " has no SIMD " << (deriv ? "derivative" : "forward") << " kernel";
    for (std::size_t n = 0; n <= 67; ++n) {
      std::vector<float> x(n + 4), y(n + 4, 12345.0f), z(n + 4, 12345.0f);
      for (float& v : x) v = u(rng);
      fn(n, x.data(), y.data(), p);
      ref_fn(n, x.data(), z.data(), p);
      for (std::size_t i = 0; i < n; ++i) {
        float one;
        fn(1, &x[i], &one, p);
        ASSERT_EQ(std::memcmp(&one, &y[i], 4), 0) << name() << " n=" << n << " i=" << i;
        const double r = deriv ? ap::ref::derivative(name(), x[i], p) : ap::ref::forward(name(), x[i], p);
        // Each path within its own bound of the reference, so within their sum of each other.
        EXPECT_LE(std::fabs(static_cast<double>(y[i]) - z[i]),
                  (kMaxUlp + 2) * std::fmax(std::ldexp(std::fabs(r), -23), FLT_MIN))
            << name() << (deriv ? "'" : "") << "(" << x[i] << "): simd " << y[i] << ", scalar " << z[i];
      }
      for (std::size_t i = n; i < n + 4; ++i) ASSERT_EQ(y[i], 12345.0f) << "wrote past n=" << n;
      std::vector<float> w(x.begin(), x.begin() + n);
      fn(n, w.data(), w.data(), p);
      ASSERT_EQ(std::memcmp(w.data(), y.data(), n * 4), 0) << name() << " in place, n=" << n;
    }
  }
}

// Parameterised activations away from their defaults (the double-lane paths for beta != 1).
TEST_P(SimdKernel, NonDefaultParametersWithin4Ulp) {
  std::vector<float> x = grid_points();
  for (float s : special_points()) x.push_back(s);
  const ActParams d = params();
  for (float v : {0.5f, 2.0f, 1.7f}) {
    ActParams p = d;
    p.alpha = v;
    p.beta = v;
    p.theta = v;
    p.threshold = 10.0f * v;
    check_accuracy(false, x, p);
    check_accuracy(true, x, p);
  }
  // beta = 1 with softplus thresholds below 17, where the float32 path keeps its threshold test.
  for (float th : {0.0f, 5.0f, 16.5f}) {
    ActParams p = d;
    p.threshold = th;
    check_accuracy(false, x, p);
    check_accuracy(true, x, p);
  }
}

std::string act_test_name(const ::testing::TestParamInfo<Act>& info) { return ap::act_name(info.param); }

INSTANTIATE_TEST_SUITE_P(All, SimdKernel, ::testing::ValuesIn(all_activations()), act_test_name);

}  // namespace
#endif  // __wasm_simd128__
