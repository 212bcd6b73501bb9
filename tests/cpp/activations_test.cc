// Smoke tests of the catalogue against double-precision references.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "ap/activations.h"

namespace {

TEST(Catalogue, NamesRoundTrip) {
  for (std::size_t i = 0; i < ap::kActCount; ++i) {
    const auto a = static_cast<ap::Act>(i);
    ASSERT_EQ(ap::act_from_name(ap::act_name(a)), a) << ap::act_name(a);
  }
  EXPECT_EQ(ap::act_from_name("linear"), ap::Act::identity);
  EXPECT_FALSE(ap::act_from_name("nope").has_value());
}

TEST(Sigmoid, MatchesDoubleReferenceAndTails) {
  const std::vector<float> x = {-100.0f, -20.0f, -1.0f, 0.0f, 1.0f, 20.0f, 100.0f};
  std::vector<float> y(x.size()), d(x.size());
  const ap::ActParams p = ap::default_params(ap::Act::sigmoid);
  ap::forward(ap::Act::sigmoid, p, x.size(), x.data(), y.data());
  ap::derivative(ap::Act::sigmoid, p, x.size(), x.data(), d.data());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double s = 1.0 / (1.0 + std::exp(-static_cast<double>(x[i])));
    EXPECT_NEAR(y[i], s, 1e-6 * s + 1e-45) << "x=" << x[i];
    const double ds = s * (1.0 / (1.0 + std::exp(static_cast<double>(x[i]))));
    EXPECT_NEAR(d[i], ds, 1e-6 * ds + 1e-45) << "x=" << x[i];
  }
  EXPECT_GT(d[0], 0.0f);  // s(1-s) would give 0 at x = -100 in float32... and here d is 3.7e-44
}

}  // namespace
