// Limits at +-inf: f, f' and df/dparam of every activation at x = -inf and x = +inf, for every
// parameter at its defaults and at its edges (min, max, the middle, and 0 where the range holds it),
// through every path that evaluates them: the scalar table, the public dispatch (SIMD128 in the WASM
// build), the fused forward_derivative, and param_derivative. The expected values are the limits of
// the mathematics, written out below per activation as functions of the parameters; a kernel that
// forms 0 * inf (alpha x with alpha = 0, say) gives NaN there and fails.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "activations/kernels.h"
#include "ap/activations.h"
#include "param_cases.h"

namespace ap::test {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr double kSeluLambda = 1.0507009873554804934;
constexpr double kSeluAlpha = 1.6732632423543772848;
constexpr float kNone = std::numeric_limits<float>::quiet_NaN();  // no such parameter derivative

/// The limits as x -> -inf (minus) and x -> +inf (plus).
struct Limits {
  float f_minus, f_plus, df_minus, df_plus;
  float dp_minus = kNone, dp_plus = kNone;  // d f / d(the differentiable parameter)
};

/// +inf, 0 or -inf: the limit of c * x as x -> +inf.
float times_inf(double c) { return c > 0 ? kInf : c < 0 ? -kInf : 0.0f; }

/// The limits of the mathematics (every parameter finite and within its catalogue range).
Limits expected(Act a, const ActParams& p) {
  const double alpha = p.alpha, beta = p.beta;
  switch (a) {
    case Act::identity: return {-kInf, kInf, 1, 1};
    case Act::step: return {0, 1, 0, 0};
    case Act::sigmoid: return {0, 1, 0, 0};
    case Act::hard_sigmoid: return {0, 1, 0, 0};
    case Act::log_sigmoid: return {-kInf, 0, 1, 0};  // log_sigmoid(x) ~ x on the left
    case Act::tanh: return {-1, 1, 0, 0};
    case Act::hard_tanh: return {-1, 1, 0, 0};
    case Act::softsign: return {-1, 1, 0, 0};
    case Act::relu: return {0, kInf, 0, 1};
    case Act::relu6: return {0, 6, 0, 0};
    // alpha x on the left: -inf, 0 (alpha = 0) or +inf (alpha < 0); d/dalpha = x there.
    case Act::leaky_relu:
    case Act::prelu: return {times_inf(-alpha), kInf, p.alpha, 1, -kInf, 0};
    case Act::thresholded_relu: return {0, kInf, 0, 1};
    // alpha (e^x - 1) -> -alpha; f' = alpha e^x -> 0; d/dalpha = e^x - 1 -> -1.
    case Act::elu: return {static_cast<float>(-alpha), kInf, 0, 1, -1, 0};
    case Act::selu: return {static_cast<float>(-kSeluLambda * kSeluAlpha), kInf, 0, static_cast<float>(kSeluLambda)};
    // alpha (e^(x/alpha) - 1) -> -alpha; d/dalpha = (e^u - 1) - u e^u, u = x/alpha -> -inf: -1.
    case Act::celu: return {static_cast<float>(-alpha), kInf, 0, 1, -1, 0};
    case Act::gelu:
    case Act::gelu_tanh:
    case Act::silu:
    case Act::hard_swish:
    case Act::mish: return {0, kInf, 0, 1};
    // x sigma(beta x): beta > 0 as silu; beta = 0 is x/2 (f' = 1/2, d/dbeta = x^2/4 -> inf).
    case Act::swish:
      if (beta == 0) return {-kInf, kInf, 0.5f, 0.5f, kInf, kInf};
      return {0, kInf, 0, 1, 0, 0};
    // log(1 + e^(beta x))/beta -> 0 on the left; x above the threshold (no beta there).
    case Act::softplus: return {0, kInf, 0, 1, 0, 0};
  }
  ADD_FAILURE() << "no limits for " << act_name(a);
  return {};
}

void expect_limit(float got, float want, const std::string& what) {
  if (std::isnan(want)) return;
  EXPECT_FALSE(std::isnan(got)) << what << " is NaN; the limit is " << want;
  EXPECT_EQ(got, want) << what;
}

class AtInfinity : public ::testing::TestWithParam<Case> {};

TEST_P(AtInfinity, EveryPathGivesTheLimit) {
  const Case& c = GetParam();
  const Limits want = expected(c.act, c.params);
  const float x[2] = {-kInf, kInf};
  const detail::Kernels scalar = detail::scalar_kernels(c.act);
  float y[2], d[2];
  auto check = [&](const char* path) {
    expect_limit(y[0], want.f_minus, c.label + " " + path + " f(-inf)");
    expect_limit(y[1], want.f_plus, c.label + " " + path + " f(+inf)");
    expect_limit(d[0], want.df_minus, c.label + " " + path + " f'(-inf)");
    expect_limit(d[1], want.df_plus, c.label + " " + path + " f'(+inf)");
  };
  scalar.forward(2, x, y, c.params);
  scalar.derivative(2, x, d, c.params);
  check("scalar");
  forward(c.act, c.params, 2, x, y);
  derivative(c.act, c.params, 2, x, d);
  check("dispatched");
  forward_derivative(c.act, c.params, 2, x, y, d);
  check("forward_derivative");
  // A full block of 16 (the SIMD kernels' main loop, not only the padded tail).
  std::vector<float> xs(16), ys(16), ds(16);
  for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = x[i % 2];
  forward_derivative(c.act, c.params, xs.size(), xs.data(), ys.data(), ds.data());
  y[0] = ys[14], y[1] = ys[15], d[0] = ds[14], d[1] = ds[15];
  check("forward_derivative, block of 16");

  bool any = false;
  for (const ParamSpec& s : act_params(c.act)) {
    if (!s.differentiable) continue;
    any = true;
    float g[2];
    ASSERT_TRUE(param_derivative(c.act, c.params, s.param, 2, x, g).ok());
    expect_limit(g[0], want.dp_minus, c.label + " d/d" + param_name(s.param) + " at -inf");
    expect_limit(g[1], want.dp_plus, c.label + " d/d" + param_name(s.param) + " at +inf");
  }
  EXPECT_EQ(any, !std::isnan(want.dp_minus)) << c.label << ": the table and the catalogue disagree on d/dparam";
}

INSTANTIATE_TEST_SUITE_P(Catalogue, AtInfinity, ::testing::ValuesIn(param_cases(true)),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.label; });

// Known answers at the defaults, typed out (the table above computes them from the parameters).
TEST(Limits, AtPlusAndMinusInfinityAtDefaults) {
  struct Row {
    const char* name;
    float f_minus, f_plus, df_minus, df_plus;
  };
  const Row table[] = {
      {"identity", -kInf, kInf, 1, 1},      {"step", 0, 1, 0, 0},
      {"sigmoid", 0, 1, 0, 0},               {"hard_sigmoid", 0, 1, 0, 0},
      {"log_sigmoid", -kInf, 0, 1, 0},       {"tanh", -1, 1, 0, 0},
      {"hard_tanh", -1, 1, 0, 0},            {"softsign", -1, 1, 0, 0},
      {"relu", 0, kInf, 0, 1},               {"relu6", 0, 6, 0, 0},
      {"leaky_relu", -kInf, kInf, 0.01f, 1}, {"prelu", -kInf, kInf, 0.25f, 1},
      {"thresholded_relu", 0, kInf, 0, 1},   {"elu", -1, kInf, 0, 1},
      {"selu", static_cast<float>(-kSeluLambda * kSeluAlpha), kInf, 0, static_cast<float>(kSeluLambda)},
      {"celu", -1, kInf, 0, 1},              {"gelu", 0, kInf, 0, 1},
      {"gelu_tanh", 0, kInf, 0, 1},          {"swish", 0, kInf, 0, 1},
      {"silu", 0, kInf, 0, 1},               {"hard_swish", 0, kInf, 0, 1},
      {"mish", 0, kInf, 0, 1},               {"softplus", 0, kInf, 0, 1},
  };
  ASSERT_EQ(std::size(table), kActCount) << "a catalogue row has no limits here";
  for (const Row& l : table) {
    const auto a = act_from_name(l.name);
    ASSERT_TRUE(a.has_value()) << l.name;
    const float x[2] = {-kInf, kInf};
    float y[2], d[2];
    forward(*a, default_params(*a), 2, x, y);
    derivative(*a, default_params(*a), 2, x, d);
    EXPECT_EQ(y[0], l.f_minus) << l.name;
    EXPECT_EQ(y[1], l.f_plus) << l.name;
    EXPECT_EQ(d[0], l.df_minus) << l.name;
    EXPECT_EQ(d[1], l.df_plus) << l.name;
  }
}

// Outside the catalogue's range of beta ([0, 10]) the C++ API still gives the limits.
TEST(Limits, SwishAtInfinityDependsOnTheSignOfBeta) {
  ActParams p = default_params(Act::swish);
  const float x[2] = {-kInf, kInf};
  float y[2], d[2], g[2];
  p.beta = -1;  // x sigma(-x): -inf on the left, 0 on the right
  forward(Act::swish, p, 2, x, y);
  derivative(Act::swish, p, 2, x, d);
  ASSERT_TRUE(param_derivative(Act::swish, p, Param::beta, 2, x, g).ok());
  EXPECT_EQ(y[0], -kInf);
  EXPECT_EQ(y[1], 0.0f);
  EXPECT_EQ(d[0], 1.0f);
  EXPECT_EQ(d[1], 0.0f);
  EXPECT_EQ(g[0], 0.0f);
  EXPECT_EQ(g[1], 0.0f);
}

}  // namespace
}  // namespace ap::test
