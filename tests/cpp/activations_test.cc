// The activation catalogue against long-double references (tests/cpp/reference.h), in ULPs, over
// the whole float32 range; NaN handling; zero crossings of the derivatives; f' and
// df/dparam against central finite differences; the catalogue tables; softmax.
//
// The grid: every 2^14-th float32 bit pattern of each sign (log-uniform over the whole range,
// ~260k points; AP_ULP_STRIDE=<power of two> in the environment changes the stride, e.g. 256 for
// a 16M-point run), a dense uniform grid on [-40, 40], and the extreme points of issue 3. Each case
// prints its worst error: `build/native/ap_tests --gtest_filter='Accuracy*'` gives the table.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "activations/kernels.h"
#include "ap/activations.h"
#include "param_cases.h"
#include "reference.h"
#include "ulp.h"

namespace ap::test {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
// Issue 3: the scalar kernels within 2 ULP, the SIMD128 ones within 4 (2^-126 absolute where the exact
// value is subnormal). The 2-ULP tests call the scalar table directly, so they hold in every build; the
// 4-ULP tests call ap::forward / ap::derivative, i.e. what the build dispatches to (SIMD in WASM).
constexpr double kMaxUlp = 2.0;
constexpr double kMaxUlpDispatched = 4.0;

/// The element-wise kernels under test: the scalar reference table or the public dispatch.
struct Path {
  const char* name;
  double max_ulp;
  void (*fwd)(Act, const ActParams&, std::size_t, const float*, float*);
  void (*der)(Act, const ActParams&, std::size_t, const float*, float*);
};
const Path kScalar{"scalar", kMaxUlp,
                   [](Act a, const ActParams& p, std::size_t n, const float* x, float* y) { detail::scalar_kernels(a).forward(n, x, y, p); },
                   [](Act a, const ActParams& p, std::size_t n, const float* x, float* d) { detail::scalar_kernels(a).derivative(n, x, d, p); }};
const Path kDispatched{"dispatched", kMaxUlpDispatched,
                       [](Act a, const ActParams& p, std::size_t n, const float* x, float* y) { forward(a, p, n, x, y); },
                       [](Act a, const ActParams& p, std::size_t n, const float* x, float* d) { derivative(a, p, n, x, d); }};

const std::vector<float>& extreme_points() {
  static const std::vector<float> pts = [] {
    std::vector<float> v;
    for (float a : {0.0f, 1e-30f, 1e-7f, 0.5f, 1.0f, 3.0f, 6.0f, 15.0f, 20.0f, 30.0f, 50.0f, 88.7f,
                    100.0f, 1e4f, 1e30f, FLT_MIN, FLT_TRUE_MIN, FLT_MAX}) {
      v.push_back(a);
      v.push_back(-a);
    }
    return v;
  }();
  return pts;
}

std::vector<float> grid(std::uint32_t stride) {
  std::vector<float> v = extreme_points();
  for (std::uint32_t b = 0; b < 0x7f800000u; b += stride) {
    v.push_back(from_bits(b));
    v.push_back(-from_bits(b));
  }
  for (int i = -40 * 512; i <= 40 * 512; ++i) v.push_back(static_cast<float>(i) / 512.0f);
  return v;
}

std::uint32_t grid_stride() {
  const char* s = std::getenv("AP_ULP_STRIDE");
  const long v = s ? std::strtol(s, nullptr, 10) : 0;
  return v > 0 ? static_cast<std::uint32_t>(v) : (1u << 14);
}

// Every activation at its defaults, and each parameter also at its min, its max and a middle value.
std::vector<Case> all_cases() { return param_cases(false); }

struct Worst {
  double err = 0;
  float x = 0;
  float got = 0;
  LD exact = 0;
  void update(double e, float xi, float g, LD ex) {
    if (e > err || std::isnan(e)) *this = {e, xi, g, ex};
  }
};

class Accuracy : public ::testing::TestWithParam<Case> {};

void check_accuracy(const Case& c, const Path& path, std::uint32_t stride) {
  const std::vector<float> x = grid(stride);
  std::vector<float> y(x.size()), d(x.size());
  path.fwd(c.act, c.params, x.size(), x.data(), y.data());
  path.der(c.act, c.params, x.size(), x.data(), d.data());
  Worst wf, wd;
  for (std::size_t i = 0; i < x.size(); ++i) {
    ASSERT_FALSE(std::isnan(y[i])) << c.label << " f(" << x[i] << ") is NaN";
    ASSERT_FALSE(std::isnan(d[i])) << c.label << " f'(" << x[i] << ") is NaN";
    wf.update(ulp_error(y[i], ref_f(c.act, c.params, x[i])), x[i], y[i], ref_f(c.act, c.params, x[i]));
    wd.update(ulp_error(d[i], ref_df(c.act, c.params, x[i])), x[i], d[i], ref_df(c.act, c.params, x[i]));
  }
  std::printf("[ ulp      ] %-10s %-28s f %.3f (x = %.9g)   f' %.3f (x = %.9g)\n", path.name, c.label.c_str(),
              wf.err, wf.x, wd.err, wd.x);
  EXPECT_LE(wf.err, path.max_ulp) << path.name << " " << c.label << " f at x = " << std::scientific << wf.x
                                  << ": got " << wf.got << ", exact " << static_cast<double>(wf.exact);
  EXPECT_LE(wd.err, path.max_ulp) << path.name << " " << c.label << " f' at x = " << std::scientific << wd.x
                                  << ": got " << wd.got << ", exact " << static_cast<double>(wd.exact);
}

TEST_P(Accuracy, ScalarWithin2UlpOverTheFloat32Range) {
  // Parameter variants use a coarser grid: their maths is the same code path as the defaults.
  const Case& c = GetParam();
  check_accuracy(c, kScalar, grid_stride() * (c.label == act_name(c.act) ? 1 : 8));
}

TEST_P(Accuracy, DispatchedWithin4UlpOverTheFloat32Range) {
  check_accuracy(GetParam(), kDispatched, grid_stride() * 4);
}

TEST_P(Accuracy, ParamDerivativesWithin2Ulp) {
  const Case& c = GetParam();
  const std::vector<float> x = grid(grid_stride() * 8);
  std::vector<float> g(x.size());
  for (const ParamSpec& s : act_params(c.act)) {
    if (!s.differentiable) continue;
    ASSERT_TRUE(param_derivative(c.act, c.params, s.param, x.size(), x.data(), g.data()).ok());
    Worst w;
    for (std::size_t i = 0; i < x.size(); ++i) {
      ASSERT_FALSE(std::isnan(g[i])) << c.label << " d/d" << param_name(s.param) << " at " << x[i];
      const LD exact = ref_dparam(c.act, c.params, s.param, x[i]);
      w.update(ulp_error(g[i], exact), x[i], g[i], exact);
    }
    std::printf("[ ulp      ] %-28s d/d%s %.3f (x = %.9g)\n", c.label.c_str(), param_name(s.param), w.err, w.x);
    EXPECT_LE(w.err, kMaxUlp) << c.label << " d/d" << param_name(s.param) << " at x = " << std::scientific
                              << w.x << ": got " << w.got << ", exact " << static_cast<double>(w.exact);
  }
}

TEST_P(Accuracy, NaNInGivesNaNOut) {
  const Case& c = GetParam();
  const float x[3] = {std::numeric_limits<float>::quiet_NaN(), -std::numeric_limits<float>::quiet_NaN(), 1.0f};
  float y[3], d[3];
  forward(c.act, c.params, 3, x, y);
  derivative(c.act, c.params, 3, x, d);
  EXPECT_TRUE(std::isnan(y[0]) && std::isnan(y[1]) && !std::isnan(y[2])) << c.label;
  EXPECT_TRUE(std::isnan(d[0]) && std::isnan(d[1]) && !std::isnan(d[2])) << c.label;
}

TEST_P(Accuracy, DerivativeMatchesCentralDifferences) {
  // Central differences of the long-double reference f with h = 1e-6 |x| (error ~h^2 f''' + eps/h),
  // at points away from kinks (the kinks of the piecewise activations are at 0, +-1, +-3, 6, theta
  // and where beta x = threshold).
  const Case& c = GetParam();
  for (float xf = -12.0f; xf <= 12.0f; xf += 0.37f) {
    const LD x = xf;
    bool near_kink = false;
    for (LD k : {LD(0.0L), LD(1.0L), -LD(1.0L), LD(3.0L), -LD(3.0L), LD(6.0L), static_cast<LD>(c.params.theta),
                 static_cast<LD>(c.params.threshold) / c.params.beta})
      near_kink = near_kink || std::fabs(x - k) < LD(1e-3L);
    if (near_kink) continue;
    const LD h = LD(1e-6L) * std::fmax(LD(1.0L), std::fabs(x));
    const LD fd = (ref_f(c.act, c.params, x + h) - ref_f(c.act, c.params, x - h)) / (2 * h);
    float d;
    derivative(c.act, c.params, 1, &xf, &d);
    EXPECT_NEAR(d, static_cast<double>(fd), 1e-6 + 1e-5 * std::fabs(static_cast<double>(fd)))
        << c.label << " at x = " << xf;
    for (const ParamSpec& s : act_params(c.act)) {
      if (!s.differentiable) continue;
      ActParams lo = c.params, hi = c.params;
      const LD pv = std::fabs(static_cast<LD>(get_param(c.params, s.param)));
      const LD ph = LD(1e-4L) * (pv > 0 ? pv : LD(1.0L));
      set_param(lo, s.param, get_param(c.params, s.param) - static_cast<float>(ph));
      set_param(hi, s.param, get_param(c.params, s.param) + static_cast<float>(ph));
      // The float step actually taken (params are float).
      const LD step = static_cast<LD>(get_param(hi, s.param)) - get_param(lo, s.param);
      const LD pfd = (ref_f(c.act, hi, x) - ref_f(c.act, lo, x)) / step;
      float g;
      ASSERT_TRUE(param_derivative(c.act, c.params, s.param, 1, &xf, &g).ok());
      EXPECT_NEAR(g, static_cast<double>(pfd), 1e-5 + 1e-4 * std::fabs(static_cast<double>(pfd)))
          << c.label << " d/d" << param_name(s.param) << " at x = " << xf;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, Accuracy, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.label; });

// The limits at +-inf: tests/cpp/limits_test.cc.

// ---- the zero crossings of gelu', gelu_tanh', swish' (silu) and mish' ------------------------------

TEST(Accuracy, DerivativeZeroCrossingsWithin2UlpScalar4Dispatched) {
  for (const char* name : {"gelu", "gelu_tanh", "silu", "swish", "mish"}) {
    const Act a = *act_from_name(name);
    ActParams p = default_params(a);
    if (a == Act::swish) p.beta = 2.0f;
    // Bisection on the long-double reference: f' < 0 at -1.5 / beta and > 0 at -0.5 / beta.
    LD lo = -LD(1.5L) / p.beta, hi = -LD(0.5L) / p.beta;
    ASSERT_LT(ref_df(a, p, lo), 0) << name;
    ASSERT_GT(ref_df(a, p, hi), 0) << name;
    for (int i = 0; i < 200; ++i) {
      const LD mid = (lo + hi) / 2;
      (ref_df(a, p, mid) < 0 ? lo : hi) = mid;
    }
    // 2001 consecutive floats around the root.
    std::vector<float> x;
    float v = static_cast<float>(lo);
    for (int i = 0; i < 1000; ++i) v = std::nextafter(v, -kInf);
    for (int i = 0; i <= 2000; ++i, v = std::nextafter(v, kInf)) x.push_back(v);
    for (const Path* path : {&kScalar, &kDispatched}) {
      std::vector<float> d(x.size());
      path->der(a, p, x.size(), x.data(), d.data());
      double worst = 0;
      for (std::size_t i = 0; i < x.size(); ++i) {
        const double e = ulp_error(d[i], ref_df(a, p, x[i]));
        worst = std::max(worst, e);
        EXPECT_LE(e, path->max_ulp) << path->name << " " << name << " f' at x = " << std::hexfloat << x[i]
                                    << ": got " << d[i] << ", exact " << static_cast<double>(ref_df(a, p, x[i]));
      }
      std::printf("[ ulp      ] %-10s %-12s f' near its root %.9Lg: worst %.3f ULP\n", path->name, name,
                  static_cast<long double>(lo), worst);
    }
  }
}

// ---- the catalogue tables --------------------------------------------------------------------------

TEST(Catalogue, NamesRoundTripAndAliases) {
  for (std::size_t i = 0; i < kActCount; ++i) {
    const auto a = static_cast<Act>(i);
    ASSERT_EQ(act_from_name(act_name(a)), a) << act_name(a);
    EXPECT_STRNE(act_label(a), "") << act_name(a);
    EXPECT_STRNE(act_formula(a), "") << act_name(a);
    EXPECT_STRNE(act_derivative_formula(a), "") << act_name(a);
  }
  EXPECT_EQ(act_from_name("linear"), Act::identity);
  EXPECT_FALSE(act_from_name("nope").has_value());
  EXPECT_FALSE(act_from_name("softmax").has_value());  // a vector operation, not element-wise
  EXPECT_STREQ(softmax_label(), "Softmax");
  EXPECT_STRNE(softmax_formula(), "");
}

TEST(Catalogue, DefaultsAreTheDocumentedOnes) {
  EXPECT_EQ(default_params(Act::leaky_relu).alpha, 0.01f);
  EXPECT_EQ(default_params(Act::prelu).alpha, 0.25f);
  EXPECT_EQ(default_params(Act::thresholded_relu).theta, 1.0f);
  EXPECT_EQ(default_params(Act::elu).alpha, 1.0f);
  EXPECT_EQ(default_params(Act::celu).alpha, 1.0f);
  EXPECT_EQ(default_params(Act::swish).beta, 1.0f);
  EXPECT_EQ(default_params(Act::softplus).beta, 1.0f);
  EXPECT_EQ(default_params(Act::softplus).threshold, 20.0f);
  EXPECT_TRUE(find_param(Act::prelu, Param::alpha)->learnable);
  EXPECT_TRUE(find_param(Act::swish, Param::beta)->learnable);
  EXPECT_FALSE(find_param(Act::leaky_relu, Param::alpha)->learnable);
  EXPECT_EQ(find_param(Act::relu, Param::alpha), nullptr);
  EXPECT_EQ(param_from_name("threshold"), Param::threshold);
  EXPECT_FALSE(param_from_name("gamma").has_value());
}

TEST(Catalogue, ParamRangesHoldTheirDefaultsAndValidationNamesTheParameter) {
  for (std::size_t i = 0; i < kActCount; ++i) {
    const Act a = static_cast<Act>(i);
    for (const ParamSpec& s : act_params(a)) {
      EXPECT_LE(s.min, s.default_value) << act_name(a);
      EXPECT_GE(s.max, s.default_value) << act_name(a);
    }
    EXPECT_TRUE(validate_params(a, default_params(a)).ok()) << act_name(a);
  }
  ActParams p = default_params(Act::elu);
  p.alpha = 50;
  const Status fifty = validate_params(Act::elu, p);
  ASSERT_FALSE(fifty.ok()) << "alpha = 50 accepted";
  EXPECT_EQ(fifty.kind(), ErrorKind::range);
  EXPECT_NE(fifty.message().find("alpha"), std::string::npos) << fifty.message();
  // The message's numbers as printf's %g writes them (the engine formats them itself, without printf).
  p.alpha = 50.25f;
  for (const ParamSpec& s : act_params(Act::elu)) {
    if (s.param != Param::alpha) continue;
    char want[160];
    std::snprintf(want, sizeof want, "alpha must be in [%g, %g], got %g", static_cast<double>(s.min), static_cast<double>(s.max), 50.25);
    const Status bad = validate_params(Act::elu, p);
    ASSERT_FALSE(bad.ok()) << "alpha = 50.25 accepted";
    EXPECT_EQ(bad.message(), want);
  }
  p.alpha = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(validate_params(Act::elu, p).ok());
}

TEST(Catalogue, DifferentiableFlagAgreesWithParamDerivative) {
  const float x = -0.5f;
  float out;
  for (std::size_t i = 0; i < kActCount; ++i) {
    const Act a = static_cast<Act>(i);
    for (std::size_t k = 0; k < kParamCount; ++k) {
      const Param q = static_cast<Param>(k);
      const ParamSpec* s = find_param(a, q);
      if (s && s->differentiable)
        EXPECT_TRUE(param_derivative(a, default_params(a), q, 1, &x, &out).ok()) << act_name(a);
      else
        EXPECT_FALSE(param_derivative(a, default_params(a), q, 1, &x, &out).ok()) << act_name(a);
    }
  }
}

// ---- batch entry points ---------------------------------------------------------------------------

TEST(Batch, InPlaceAndBackwardAgreeWithOutOfPlace) {
  std::vector<float> x;
  for (int i = 0; i < 67; ++i) x.push_back(-8.0f + 0.25f * i);
  for (std::size_t i = 0; i < kActCount; ++i) {
    const Act a = static_cast<Act>(i);
    const ActParams p = default_params(a);
    std::vector<float> y(x.size()), d(x.size()), dy(x.size()), dx(x.size());
    forward(a, p, x.size(), x.data(), y.data());
    derivative(a, p, x.size(), x.data(), d.data());
    std::vector<float> inplace = x;
    forward(a, p, inplace.size(), inplace.data(), inplace.data());
    EXPECT_EQ(inplace, y) << act_name(a);
    inplace = x;
    derivative(a, p, inplace.size(), inplace.data(), inplace.data());
    EXPECT_EQ(inplace, d) << act_name(a);
    for (std::size_t j = 0; j < x.size(); ++j) dy[j] = 0.5f + 0.01f * static_cast<float>(j);
    backward(a, p, x.size(), x.data(), y.data(), dy.data(), dx.data());
    for (std::size_t j = 0; j < x.size(); ++j) EXPECT_EQ(dx[j], dy[j] * d[j]) << act_name(a) << " " << j;
    forward(a, p, 0, nullptr, nullptr);  // n == 0 is a no-op
  }
}

// forward_derivative: bit for bit forward() and derivative() (whatever kernels run: scalar natively,
// the fused SIMD ones in the WASM build), for every length 0..67 (the x8 / x4 / tail paths), special
// points, non-default parameters, out of place and with x aliasing y or d; nothing written past n.
TEST(Batch, ForwardDerivativeIsBitForBitForwardAndDerivative) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-30.0f, 30.0f);
  const float special[] = {0.0f, -0.0f, 1e-30f, -1e-7f, 20.0f, -88.7f, 100.0f, -1e30f, INFINITY, -INFINITY, NAN,
                           FLT_MAX, -FLT_TRUE_MIN, -1.2784645f, -0.7517915f, 3.0f, -3.0f, 6.0f,
                           // the SIMD kernels' rare lanes (tanh', elu', selu') and mish's root
                           44.0f, -44.3f, -87.9f, -95.0f, -1.1924312f};
  for (std::size_t i = 0; i < kActCount; ++i) {
    const Act a = static_cast<Act>(i);
    for (int variant = 0; variant < 2; ++variant) {
      ActParams p = default_params(a);
      if (variant == 1) p.alpha = 0.5f, p.beta = 1.7f, p.theta = 0.5f, p.threshold = 5.0f;
      for (std::size_t n = 0; n <= 67; ++n) {
        std::vector<float> x(n + 4);
        for (float& v : x) v = u(rng);
        for (std::size_t j = 0; j < n && j < std::size(special); ++j) x[(j * 7) % n] = special[j];
        std::vector<float> y(n + 4), d(n + 4), fy(n + 4, 7.0f), fd(n + 4, 7.0f);
        forward(a, p, n, x.data(), y.data());
        derivative(a, p, n, x.data(), d.data());
        forward_derivative(a, p, n, x.data(), fy.data(), fd.data());
        const std::string where = std::string(act_name(a)) + " variant " + std::to_string(variant) + " n=" + std::to_string(n);
        ASSERT_EQ(std::memcmp(fy.data(), y.data(), n * 4), 0) << where << " (f)";
        ASSERT_EQ(std::memcmp(fd.data(), d.data(), n * 4), 0) << where << " (f')";
        for (std::size_t j = n; j < n + 4; ++j) ASSERT_TRUE(fy[j] == 7.0f && fd[j] == 7.0f) << where << " wrote past n";
        std::vector<float> xy = x, other(n + 4);
        forward_derivative(a, p, n, xy.data(), xy.data(), other.data());  // x aliases y
        ASSERT_EQ(std::memcmp(xy.data(), y.data(), n * 4), 0) << where << " in place (y = x)";
        ASSERT_EQ(std::memcmp(other.data(), d.data(), n * 4), 0) << where << " in place (y = x), f'";
        std::vector<float> xd = x;
        forward_derivative(a, p, n, xd.data(), other.data(), xd.data());  // x aliases d
        ASSERT_EQ(std::memcmp(other.data(), y.data(), n * 4), 0) << where << " in place (d = x), f";
        ASSERT_EQ(std::memcmp(xd.data(), d.data(), n * 4), 0) << where << " in place (d = x)";
      }
    }
  }
}

// ---- softmax --------------------------------------------------------------------------------------

TEST(Softmax, MatchesLongDoubleAndIsStableWithHugeEntries) {
  const std::vector<std::vector<float>> cases = {
      {1, 2, 3}, {0}, {-1e30f, 0, 1e30f}, {1000, 1001, 1002}, {-1000, -1001, -1002},
      {88.7f, 100, 3e38f, 3e38f}, {-3e38f, -3e38f}, {1e-30f, -1e-30f, 0, 5}};
  for (const auto& x : cases) {
    std::vector<float> y(x.size());
    softmax(x.size(), x.data(), y.data());
    LD m = -INFINITY, sum = 0;
    for (float v : x) m = std::fmax(m, static_cast<LD>(v));
    for (float v : x) sum += std::exp(static_cast<LD>(v) - m);
    double total = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_LE(ulp_error(y[i], std::exp(static_cast<LD>(x[i]) - m) / sum), kMaxUlp) << "x[" << i << "] = " << x[i];
      total += y[i];
    }
    EXPECT_NEAR(total, 1.0, 1e-6);
  }
}

TEST(Softmax, InfinitiesAndNaN) {
  const float a[3] = {kInf, 1, kInf};
  float y[3];
  softmax(3, a, y);
  EXPECT_EQ(y[0], 0.5f);
  EXPECT_EQ(y[1], 0.0f);
  EXPECT_EQ(y[2], 0.5f);
  const float b[2] = {-kInf, -kInf};
  softmax(2, b, y);
  EXPECT_EQ(y[0], 0.5f);
  EXPECT_EQ(y[1], 0.5f);
  const float c[3] = {1, std::numeric_limits<float>::quiet_NaN(), 2};
  softmax(3, c, y);
  for (float v : y) EXPECT_TRUE(std::isnan(v));
}

TEST(Softmax, JacobianVectorProductMatchesFiniteDifferencesAndRowsAgree) {
  const std::vector<float> x = {0.3f, -1.2f, 2.5f, 0.0f, 1.1f};
  const std::vector<float> v = {1.0f, -0.5f, 0.25f, 2.0f, -1.0f};
  const std::size_t n = x.size();
  std::vector<float> y(n), jv(n);
  softmax(n, x.data(), y.data());
  softmax_jvp(n, y.data(), v.data(), jv.data());
  // Central differences of the long-double softmax along v.
  auto sm = [&](LD t, std::size_t i) {
    LD m = -INFINITY, s = 0;
    for (std::size_t j = 0; j < n; ++j) m = std::fmax(m, x[j] + t * v[j]);
    for (std::size_t j = 0; j < n; ++j) s += std::exp(x[j] + t * v[j] - m);
    return std::exp(x[i] + t * v[i] - m) / s;
  };
  const LD h = LD(1e-6L);
  for (std::size_t i = 0; i < n; ++i)
    EXPECT_NEAR(jv[i], static_cast<double>((sm(h, i) - sm(-h, i)) / (2 * h)), 1e-6) << i;
  std::vector<float> dx = v;
  softmax_backward(n, y.data(), dx.data(), dx.data());  // in place on dy
  EXPECT_EQ(dx, jv);
  // Two rows at once equal two single calls.
  std::vector<float> rows = x;
  rows.insert(rows.end(), v.begin(), v.end());
  std::vector<float> out(2 * n), second(n);
  softmax_rows(2, n, rows.data(), out.data());
  softmax(n, v.data(), second.data());
  EXPECT_EQ(std::vector<float>(out.begin(), out.begin() + n), y);
  EXPECT_EQ(std::vector<float>(out.begin() + n, out.end()), second);
}

}  // namespace
}  // namespace ap::test
