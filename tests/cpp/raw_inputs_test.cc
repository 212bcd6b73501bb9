// The raw-input form of the MLP (MlpSpec::inputs): n columns per point feed the first layer as they
// are. Checked against a forward pass written here in double, against the 2-D form it must equal
// for n = 2 (the same draws, the same training), and for the validation of the spec and of grids.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "ap/mlp.h"
#include "ap/rng.h"

namespace {

// The message of a failed check, or "ok".
std::string what(const ap::Status& s) { return s.ok() ? "ok" : s.message(); }

std::string message_of(const ap::MlpSpec& s) { return what(ap::Mlp::validate(s)); }

ap::MlpSpec raw_spec(std::size_t inputs) {
  ap::MlpSpec s;
  s.features.clear();
  s.inputs = inputs;
  s.hidden = {{3, ap::Act::tanh}};
  s.output = {4, ap::Act::identity};
  s.output.softmax = true;
  s.loss = ap::Loss::cross_entropy;
  return s;
}

// 300 points: more than one inference chunk (256), so a partial chunk follows a full one.
TEST(RawInputs, PredictEqualsAForwardPassInDouble) {
  const std::size_t n = 5, points = 300;
  ap::Mlp net(raw_spec(n));
  ap::Rng rng(42);
  std::vector<float> params = net.parameters();
  for (float& p : params) p = static_cast<float>(rng.uniform(-1, 1));
  ASSERT_TRUE(net.set_parameters(params.data(), params.size()).ok());
  std::vector<float> x(points * n);
  for (float& v : x) v = static_cast<float>(rng.uniform(-3, 3));

  std::vector<float> out(points * 4), columns(points * n);
  net.predict(x.data(), points, out.data());
  net.layer_outputs(-1, x.data(), points, columns.data());
  EXPECT_EQ(columns, x) << "the input layer is the points' columns, point-major";

  const ap::LayerLayout& h = net.layout(0);
  const ap::LayerLayout& o = net.layout(1);
  for (std::size_t k = 0; k < points; ++k) {
    double a[3], z[4], m = -INFINITY, sum = 0;
    for (std::size_t u = 0; u < 3; ++u) {
      double t = params[h.b + u];
      for (std::size_t j = 0; j < n; ++j) t += static_cast<double>(params[h.w + u * n + j]) * x[k * n + j];
      a[u] = std::tanh(t);
    }
    for (std::size_t u = 0; u < 4; ++u) {
      z[u] = params[o.b + u];
      for (std::size_t j = 0; j < 3; ++j) z[u] += static_cast<double>(params[o.w + u * 3 + j]) * a[j];
      m = std::max(m, z[u]);
    }
    for (double& v : z) sum += (v = std::exp(v - m));
    for (std::size_t u = 0; u < 4; ++u) ASSERT_NEAR(out[k * 4 + u], z[u] / sum, 2e-6) << "point " << k << " output " << u;
  }
}

// inputs: 2 is the features form [x1, x2] without the feature step: the same initial weights (the
// same draws), and after shuffled mini-batch epochs the same weights bit for bit.
TEST(RawInputs, TwoColumnsTrainExactlyLikeFeaturesX1X2) {
  ap::MlpSpec feat;
  feat.hidden = {{6, ap::Act::relu}, {5, ap::Act::tanh}};
  feat.seed = 9;
  ap::MlpSpec raw = feat;
  raw.features.clear();
  raw.inputs = 2;
  ap::Mlp a(feat), b(raw);
  ASSERT_EQ(a.parameters(), b.parameters());
  ap::Rng rng(5);
  std::vector<float> x(2 * 93), y(93);
  for (float& v : x) v = static_cast<float>(rng.uniform(-4, 4));
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = x[2 * i] * x[2 * i + 1] > 0 ? 1.0f : 0.0f;
  const ap::FitResult ra = a.fit(x.data(), y.data(), 93, 4, 7, true);
  const ap::FitResult rb = b.fit(x.data(), y.data(), 93, 4, 7, true);
  EXPECT_EQ(ra.loss, rb.loss);
  EXPECT_EQ(a.parameters(), b.parameters());
  EXPECT_EQ(a.evaluate(x.data(), y.data(), 93).accuracy, b.evaluate(x.data(), y.data(), 93).accuracy);
}

TEST(RawInputs, SpecValidationNamesInputs) {
  ap::MlpSpec s = raw_spec(ap::kMaxInputs);
  EXPECT_EQ(message_of(s), "ok");
  s.inputs = ap::kMaxInputs + 1;
  EXPECT_EQ(message_of(s), "inputs must be an integer in [1, 1024], got 1025");
  s = raw_spec(3);
  s.features = {ap::Feature::x1};
  EXPECT_EQ(message_of(s), "inputs and features are exclusive: give inputs (raw columns) or features (the 2-D form)");
  s.inputs = 0;
  s.features.clear();
  EXPECT_EQ(message_of(s), "features must list 1 to 7 distinct features, got 0");
}

TEST(RawInputs, GridsAreRefusedAndPointsCheckedOverEveryColumn) {
  ap::Mlp net(raw_spec(4));
  const std::vector<float> before = net.parameters();
  std::vector<float> out(16 * 4);
  const ap::Grid g{-1, 1, -1, 1, 4, 4};
  EXPECT_EQ(what(net.check_grid(g)),
            "grids are for the 2-D form (features); this network takes inputs: 4 raw columns per point (use predict "
            "or layerOutputs on points)");
  EXPECT_EQ(what(net.check_layer(0)), "ok");
  std::vector<float> x(3 * 4, 0.5f), y = {0, 1, 2};
  x[11] = NAN;  // the last column of the last point: beyond the 2 * n floats of the 2-D form
  EXPECT_EQ(what(net.check_fit(x.data(), y.data(), 3, 1, 3)), "x[11] must be finite, got nan");
  x[11] = 0.5f;
  EXPECT_EQ(what(net.check_fit(x.data(), y.data(), 3, 1, 3)), "ok");
  net.fit(x.data(), y.data(), 3, 1, 3, true);
  EXPECT_NE(net.parameters(), before);
}

}  // namespace
