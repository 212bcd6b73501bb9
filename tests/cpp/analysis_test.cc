// The computed properties (ap::analyze) against the known answers: every catalogue activation at its
// defaults, and changed parameters that change the answer.
#include "ap/analysis.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace ap {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNoLimit = std::numeric_limits<double>::quiet_NaN();

struct Known {
  std::string name;
  std::vector<std::pair<Param, float>> params;  // changes from the defaults
  Interval range;
  bool sat_left, sat_right;
  double dlim_left, dlim_right;
  bool monotonic, zero_centered;
  Smoothness smoothness;
  std::vector<Interval> dead;
};

void PrintTo(const Known& k, std::ostream* os) { *os << k.name; }

using S = Smoothness;
const Interval kAll{-kInf, kInf};

// Minima (computed independently, ternary search in Python): gelu -0.1699712 at x = -0.7517916,
// gelu_tanh -0.1700408 at -0.7524614, swish/silu -0.2784645 at -1.278465, mish -0.3088434 at
// -1.192431; selu's inf is -lambda alpha.
std::vector<Known> known() {
  return {
      {"identity", {}, kAll, false, false, 1, 1, true, true, S::smooth, {}},
      {"step", {}, {0, 1}, true, true, 0, 0, true, false, S::discontinuous, {kAll}},
      {"sigmoid", {}, {0, 1}, true, true, 0, 0, true, false, S::smooth, {}},
      {"hard_sigmoid", {}, {0, 1}, true, true, 0, 0, true, false, S::c0, {{-kInf, -3}, {3, kInf}}},
      {"log_sigmoid", {}, {-kInf, 0}, false, true, 1, 0, true, false, S::smooth, {}},
      {"tanh", {}, {-1, 1}, true, true, 0, 0, true, true, S::smooth, {}},
      {"hard_tanh", {}, {-1, 1}, true, true, 0, 0, true, true, S::c0, {{-kInf, -1}, {1, kInf}}},
      {"softsign", {}, {-1, 1}, true, true, 0, 0, true, true, S::c1, {}},  // f'' = -2 sgn(x) / (1 + |x|)^3 jumps at 0
      {"relu", {}, {0, kInf}, true, false, 0, 1, true, false, S::c0, {{-kInf, 0}}},
      {"relu6", {}, {0, 6}, true, true, 0, 0, true, false, S::c0, {{-kInf, 0}, {6, kInf}}},
      {"leaky_relu", {}, kAll, false, false, 0.01, 1, true, true, S::c0, {}},
      {"prelu", {}, kAll, false, false, 0.25, 1, true, true, S::c0, {}},
      {"thresholded_relu", {}, {0, kInf}, true, false, 0, 1, true, false, S::discontinuous, {{-kInf, 1}}},
      {"elu", {}, {-1, kInf}, true, false, 0, 1, true, true, S::c1, {}},
      {"selu", {}, {-1.0507009873554805 * 1.6732632423543772, kInf}, true, false, 0, 1.0507009873554805,
       true, true, S::c0, {}},
      {"celu", {}, {-1, kInf}, true, false, 0, 1, true, true, S::c1, {}},
      {"gelu", {}, {-0.1699712, kInf}, true, false, 0, 1, false, true, S::smooth, {}},
      {"gelu_tanh", {}, {-0.1700408, kInf}, true, false, 0, 1, false, true, S::smooth, {}},
      {"swish", {}, {-0.2784645, kInf}, true, false, 0, 1, false, true, S::smooth, {}},
      {"silu", {}, {-0.2784645, kInf}, true, false, 0, 1, false, true, S::smooth, {}},
      {"hard_swish", {}, {-0.375, kInf}, true, false, 0, 1, false, true, S::c0, {{-kInf, -3}}},
      {"mish", {}, {-0.3088434, kInf}, true, false, 0, 1, false, true, S::smooth, {}},
      {"softplus", {}, {0, kInf}, true, false, 0, 1, true, false, S::smooth, {}},
      // Changed parameters.
      {"leaky_relu", {{Param::alpha, 0.0f}}, {0, kInf}, true, false, 0, 1, true, false, S::c0, {{-kInf, 0}}},
      {"leaky_relu", {{Param::alpha, 1.0f}}, kAll, false, false, 1, 1, true, true, S::smooth, {}},
      {"prelu", {{Param::alpha, -0.5f}}, {0, kInf}, false, false, -0.5, 1, false, false, S::c0, {}},
      {"thresholded_relu", {{Param::theta, 2.0f}}, {0, kInf}, true, false, 0, 1, true, false, S::discontinuous,
       {{-kInf, 2}}},
      {"thresholded_relu", {{Param::theta, 0.0f}}, {0, kInf}, true, false, 0, 1, true, false, S::c0, {{-kInf, 0}}},
      {"elu", {{Param::alpha, 2.0f}}, {-2, kInf}, true, false, 0, 1, true, true, S::c0, {}},
      {"elu", {{Param::alpha, 0.0f}}, {0, kInf}, true, false, 0, 1, true, false, S::c0, {{-kInf, 0}}},
      {"celu", {{Param::alpha, 0.5f}}, {-0.5, kInf}, true, false, 0, 1, true, true, S::c1, {}},
      {"swish", {{Param::beta, 0.0f}}, kAll, false, false, 0.5, 0.5, true, true, S::smooth, {}},
      {"swish", {{Param::beta, 2.0f}}, {-0.2784645 / 2, kInf}, true, false, 0, 1, false, true, S::smooth, {}},
      {"softplus", {{Param::beta, 2.0f}}, {0, kInf}, true, false, 0, 1, true, false, S::smooth, {}},
      // The switch to x at beta x = 1 drops f from log(1 + e) to 1.
      {"softplus", {{Param::threshold, 1.0f}}, {0, kInf}, true, false, 0, 1, false, false, S::discontinuous, {}},
      // Other thresholds: SoftplusThresholdAgainstTheResolution below.
  };
}

std::string case_name(const Known& k) {
  std::string s = k.name;
  for (const auto& [q, v] : k.params) s += std::string("_") + param_name(q) + "_" + std::to_string(static_cast<int>(v * 10));
  for (char& c : s)
    if (c == '-') c = 'm';
  return s;
}

void expect_near_ext(double got, double want, const std::string& what) {
  if (std::isinf(want) || std::isnan(want)) {
    if (std::isnan(want)) EXPECT_TRUE(std::isnan(got)) << what << ": got " << got;
    else EXPECT_EQ(got, want) << what;
  } else {
    EXPECT_NEAR(got, want, 2e-6 * (1 + std::fabs(want))) << what;
  }
}

class Analysis : public ::testing::TestWithParam<Known> {};

TEST_P(Analysis, MatchesTheKnownAnswer) {
  const Known& k = GetParam();
  const Act a = *act_from_name(k.name);
  ActParams p = default_params(a);
  for (const auto& [q, v] : k.params) set_param(p, q, v);
  const Properties r = analyze(a, p);
  expect_near_ext(r.range.lo, k.range.lo, "range lo");
  expect_near_ext(r.range.hi, k.range.hi, "range hi");
  EXPECT_EQ(r.bounded_below, std::isfinite(k.range.lo));
  EXPECT_EQ(r.bounded_above, std::isfinite(k.range.hi));
  EXPECT_EQ(r.saturates_left, k.sat_left);
  EXPECT_EQ(r.saturates_right, k.sat_right);
  expect_near_ext(r.derivative_limit_left, k.dlim_left, "derivative limit left");
  expect_near_ext(r.derivative_limit_right, k.dlim_right, "derivative limit right");
  EXPECT_EQ(r.monotonic, k.monotonic);
  EXPECT_EQ(r.zero_centered, k.zero_centered);
  EXPECT_STREQ(smoothness_name(r.smoothness), smoothness_name(k.smoothness));
  ASSERT_EQ(r.dead_zones.size(), k.dead.size());
  for (std::size_t i = 0; i < k.dead.size(); ++i) {
    expect_near_ext(r.dead_zones[i].lo, k.dead[i].lo, "dead zone lo");
    expect_near_ext(r.dead_zones[i].hi, k.dead[i].hi, "dead zone hi");
  }
}

INSTANTIATE_TEST_SUITE_P(Known, Analysis, ::testing::ValuesIn(known()),
                         [](const ::testing::TestParamInfo<Known>& info) { return case_name(info.param); });

// Random parameters in each range (seeded) against what the formula says.
TEST(Analysis, FollowsRandomParameters) {
  std::mt19937 rng(7);
  auto draw = [&](Act a, Param q) {
    const ParamSpec* s = find_param(a, q);
    return std::uniform_real_distribution<float>(s->min, s->max)(rng);
  };
  for (int t = 0; t < 25; ++t) {
    ActParams p = default_params(Act::elu);
    p.alpha = draw(Act::elu, Param::alpha);
    Properties r = analyze(Act::elu, p);
    EXPECT_NEAR(r.range.lo, -p.alpha, 1e-6 * (1 + p.alpha)) << "elu alpha " << p.alpha;
    EXPECT_EQ(r.smoothness, p.alpha == 1 ? S::c1 : S::c0) << "elu alpha " << p.alpha;  // f'(0-) = alpha

    p = default_params(Act::celu);
    p.alpha = draw(Act::celu, Param::alpha);
    r = analyze(Act::celu, p);
    EXPECT_NEAR(r.range.lo, -p.alpha, 1e-6 * (1 + p.alpha)) << "celu alpha " << p.alpha;
    EXPECT_EQ(r.smoothness, S::c1) << "celu alpha " << p.alpha;  // f'' = e^{x/alpha}/alpha jumps to 0

    p = default_params(Act::swish);
    p.beta = draw(Act::swish, Param::beta);
    r = analyze(Act::swish, p);
    EXPECT_NEAR(r.range.lo, -0.2784645 / p.beta, 2e-6 / p.beta) << "swish beta " << p.beta;
    EXPECT_FALSE(r.monotonic) << "swish beta " << p.beta;
    EXPECT_EQ(r.smoothness, S::smooth) << "swish beta " << p.beta;

    p = default_params(Act::prelu);
    p.alpha = draw(Act::prelu, Param::alpha);
    r = analyze(Act::prelu, p);
    EXPECT_EQ(r.monotonic, p.alpha >= 0) << "prelu alpha " << p.alpha;
    EXPECT_EQ(r.zero_centered, p.alpha > 0) << "prelu alpha " << p.alpha;
    EXPECT_NEAR(r.derivative_limit_left, p.alpha, 1e-6) << "prelu alpha " << p.alpha;
    EXPECT_EQ(r.smoothness, S::c0) << "prelu alpha " << p.alpha;
    EXPECT_TRUE(r.dead_zones.empty()) << "prelu alpha " << p.alpha;

    p = default_params(Act::thresholded_relu);
    p.theta = draw(Act::thresholded_relu, Param::theta);
    r = analyze(Act::thresholded_relu, p);
    ASSERT_EQ(r.dead_zones.size(), 1u);
    EXPECT_NEAR(r.dead_zones[0].hi, p.theta, 1e-6 * (1 + p.theta)) << "thresholded_relu theta " << p.theta;
  }
}

// softplus switches from log(1 + e^t)/beta to x at t = beta x = T: f drops there by
// J = log1p(e^-T)/beta (from (T + log1p(e^-T))/beta to T/beta) and f' jumps up by J' = 1/(1 + e^T). The
// detector's resolution (ap/analysis.h) is a remaining jump of 1e-6 relative to 1 + |value|: the
// maths says 'discontinuous' and not monotonic where J is clearly above it, 'C0' where only J' is, and
// 'smooth' and monotonic where both are clearly below; within a factor 3 of the resolution either
// answer is allowed, as long as monotonic goes with continuity. One setting in each region (C0 needs
// T in about (10.8, 12) and beta above 40), then seeded draws over the whole ranges.
TEST(Analysis, SoftplusThresholdAgainstTheResolution) {
  constexpr double kRes = 1e-6, kMargin = 3;
  std::mt19937 rng(11);
  const ParamSpec* sb = find_param(Act::softplus, Param::beta);
  const ParamSpec* st = find_param(Act::softplus, Param::threshold);
  auto log_uniform = [&](const ParamSpec* s) {
    return static_cast<float>(std::exp(std::uniform_real_distribution<double>(std::log(s->min), std::log(s->max))(rng)));
  };
  const std::pair<float, float> fixed[] = {{1.0f, 5.0f}, {80.0f, 11.5f}, {1.0f, 20.0f}};  // (beta, T)
  int seen[3] = {0, 0, 0};  // discontinuous, C0, smooth
  for (int t = 0; t < 40; ++t) {
    ActParams p = default_params(Act::softplus);
    p.beta = t < 3 ? fixed[t].first : log_uniform(sb);
    p.threshold = t < 3 ? fixed[t].second : log_uniform(st);
    const double T = p.threshold, beta = p.beta;
    const double before = (T + std::log1p(std::exp(-T))) / beta;  // f just below x = T/beta
    const double rel_f = (before - T / beta) / (1 + before);
    const double rel_df = 1 / (1 + std::exp(T)) / 2;  // f' goes from sigma(T) to 1
    const Properties r = analyze(Act::softplus, p);
    const std::string at = "beta " + std::to_string(p.beta) + ", threshold " + std::to_string(p.threshold);
    EXPECT_EQ(r.monotonic, r.smoothness != S::discontinuous) << at;
    if (rel_f > kMargin * kRes) {
      EXPECT_EQ(r.smoothness, S::discontinuous) << at << ": f drops by " << rel_f << " relative";
      ++seen[0];
    } else if (rel_f < kRes / kMargin && rel_df > kMargin * kRes) {
      EXPECT_EQ(r.smoothness, S::c0) << at << ": f' jumps by " << rel_df << " relative";
      ++seen[1];
    } else if (rel_f < kRes / kMargin && rel_df < kRes / kMargin) {
      EXPECT_EQ(r.smoothness, S::smooth) << at << ": jumps of " << rel_f << " and " << rel_df << " relative";
      ++seen[2];
    }
  }
  std::printf("[ analysis ] softplus thresholds: %d discontinuous, %d C0, %d smooth, %d within the margin\n", seen[0],
              seen[1], seen[2], 40 - seen[0] - seen[1] - seen[2]);
  EXPECT_GT(seen[0], 0);
  EXPECT_GT(seen[1], 0);
  EXPECT_GT(seen[2], 0);
}

TEST(Analysis, EveryCatalogueRowHasAKnownAnswer) {
  for (std::size_t i = 0; i < kActCount; ++i) {
    bool found = false;
    for (const Known& k : known()) found = found || (k.name == act_name(static_cast<Act>(i)) && k.params.empty());
    EXPECT_TRUE(found) << act_name(static_cast<Act>(i));
  }
}

}  // namespace
}  // namespace ap
