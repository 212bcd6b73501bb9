// The fused output losses at infinite logits, from the mathematics. BCE from the logit z with label y is
// -[y log s(z) + (1-y) log(1 - s(z))]: as z -> +inf, s(z) -> 1, so the limit is 0 for y = 1 and +inf for
// y < 1; as z -> -inf, 0 for y = 0 and +inf for y > 0. Softmax cross entropy is -log p_y, with the
// probabilities ap::softmax gives at infinity (the largest logits share the mass): 0 for a lone +inf
// label logit, log k when k logits tie at +inf, +inf when the label's logit is below an infinite one.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "ap/activations.h"
#include "mlp_internal.h"

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
const double kLog2 = std::log(2.0);

double bce(std::vector<float> z, std::vector<float> y) {
  std::vector<float> scratch(z.size());
  return ap::detail::bce_from_logits(z.data(), y.data(), nullptr, z.size(), scratch.data());
}

TEST(LossLimits, BceAtAnInfiniteLogitIsZeroWhenTheLabelMatchesAndInfiniteOtherwise) {
  EXPECT_EQ(bce({kInf}, {1}), 0.0);
  EXPECT_EQ(bce({-kInf}, {0}), 0.0);
  EXPECT_EQ(bce({kInf}, {0}), HUGE_VAL);
  EXPECT_EQ(bce({-kInf}, {1}), HUGE_VAL);
  EXPECT_EQ(bce({kInf}, {0.25f}), HUGE_VAL);   // (1 - y) z with 1 - y = 0.75
  EXPECT_EQ(bce({-kInf}, {0.25f}), HUGE_VAL);  // -y z with y = 0.25
  // The limit is where the finite values go: at |z| = 1e30 the loss is already 0 to double precision.
  EXPECT_EQ(bce({1e30f}, {1}), 0.0);
  EXPECT_EQ(bce({-1e30f}, {0}), 0.0);
}

TEST(LossLimits, BceSumsInfiniteAndFiniteLogitsAlike) {
  // s(0) = 1/2 for either label: log 2 each; the two matching infinite logits add 0.
  EXPECT_NEAR(bce({kInf, 0, -kInf, 0}, {1, 1, 0, 0}), 2 * kLog2, 1e-6);
  // By index: targets y[idx[k]].
  const std::vector<float> z = {kInf, -kInf}, y = {0, 1};
  const std::vector<std::uint32_t> idx = {1, 0};
  std::vector<float> scratch(2);
  EXPECT_EQ(ap::detail::bce_from_logits(z.data(), y.data(), idx.data(), 2, scratch.data()), 0.0);
  EXPECT_TRUE(std::isnan(bce({std::nanf("")}, {1})));
}

double ce(const std::vector<float>& z, std::size_t label) {
  return ap::detail::softmax_cross_entropy(z.data(), 1, z.size(), label);
}

/// -log p_label with the probabilities of ap::softmax.
double minus_log_softmax(const std::vector<float>& z, std::size_t label) {
  std::vector<float> p(z.size());
  ap::softmax(z.size(), z.data(), p.data());
  return -std::log(static_cast<double>(p[label]));
}

TEST(LossLimits, SoftmaxCrossEntropyAtInfiniteLogitsIsMinusLogOfSoftmaxsProbability) {
  EXPECT_EQ(ce({kInf, 0, 1}, 0), 0.0);
  EXPECT_EQ(ce({kInf, 0, 1}, 1), HUGE_VAL);
  EXPECT_NEAR(ce({kInf, kInf, 0}, 1), kLog2, 1e-12);
  EXPECT_EQ(ce({kInf, kInf, 0}, 2), HUGE_VAL);
  EXPECT_NEAR(ce({-kInf, -kInf, -kInf}, 2), std::log(3.0), 1e-12);  // all tie: uniform
  EXPECT_EQ(ce({-kInf, 0, 0}, 0), HUGE_VAL);
  EXPECT_NEAR(ce({-kInf, 0, 0}, 1), kLog2, 1e-12);
  EXPECT_TRUE(std::isnan(ce({kInf, std::nanf(""), 0}, 0)));
  for (const auto& z : std::vector<std::vector<float>>{{kInf, 0, 1}, {kInf, kInf, 0}, {-kInf, -kInf, -kInf}, {-kInf, 0, 0}, {2, -1, 0.5f}})
    for (std::size_t label = 0; label < z.size(); ++label) {
      const double want = minus_log_softmax(z, label);
      if (std::isinf(want)) EXPECT_EQ(ce(z, label), want) << "z[0] " << z[0] << " label " << label;
      else EXPECT_NEAR(ce(z, label), want, 1e-6) << "z[0] " << z[0] << " label " << label;
    }
}

TEST(LossLimits, SoftmaxCrossEntropyReadsItsLogitsWithTheStride) {
  // Unit u of the point at z[u * ld]: the logits (+inf, 0) with other points' values in between.
  const std::vector<float> z = {kInf, -5, 7, 0, 9, 9};
  EXPECT_EQ(ap::detail::softmax_cross_entropy(z.data(), 3, 2, 0), 0.0);
  EXPECT_EQ(ap::detail::softmax_cross_entropy(z.data(), 3, 2, 1), HUGE_VAL);
}

}  // namespace
