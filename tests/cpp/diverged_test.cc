// evaluate() on a network that training has blown up: the outputs are NaN or infinite, so there is no
// accuracy to report (a NaN output compares false against 0.5, which used to count every class-0
// point as right) and no finite loss. Each output kind is driven there by the largest learning rate
// the spec allows, and one by hand-set weights whose output overflows to infinity.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ap/dataset.h"
#include "ap/mlp.h"

namespace {

ap::MlpSpec relu_net(int outputs, ap::Act out, ap::Loss loss, bool softmax = false) {
  ap::MlpSpec s;
  s.hidden = {{8, *ap::act_from_name("relu")}};
  s.output = {outputs, out};
  s.output.softmax = softmax;
  s.loss = loss;
  s.optimizer.learning_rate = 1000.0f;
  s.seed = 1;
  return s;
}

bool all_nan(const std::vector<float>& v) {
  for (float f : v)
    if (!std::isnan(f)) return false;
  return true;
}

TEST(Diverged, EvaluateReportsNoAccuracyAndNoFiniteLossForEveryOutputKind) {
  const ap::Dataset two = ap::make_dataset(ap::DatasetKind::circle, 200, 0.0, 1).value();
  const ap::Dataset three = ap::make_dataset(ap::DatasetKind::spiral, 300, 0.0, 1, 3).value();
  struct Case {
    const char* name;
    ap::MlpSpec spec;
    const ap::Dataset* data;
  } cases[] = {
      {"sigmoid + bce (fused)", relu_net(1, ap::Act::sigmoid, ap::Loss::bce), &two},
      {"identity + mse", relu_net(1, ap::Act::identity, ap::Loss::mse), &two},
      {"softmax + cross entropy", relu_net(3, ap::Act::identity, ap::Loss::cross_entropy, true), &three},
      {"3 identity outputs + mse", relu_net(3, ap::Act::identity, ap::Loss::mse), &three},
  };
  for (Case& c : cases) {
    ap::Mlp net(c.spec);
    const ap::Dataset& d = *c.data;
    net.fit(d.x.data(), d.y.data(), d.n, 5, 10, true);
    std::vector<float> out(d.n * static_cast<std::size_t>(c.spec.output.units));
    net.predict(d.x.data(), d.n, out.data());
    ASSERT_TRUE(all_nan(out)) << c.name << ": the setup did not diverge";
    const ap::EvalResult r = net.evaluate(d.x.data(), d.y.data(), d.n);
    EXPECT_TRUE(std::isnan(r.accuracy)) << c.name << ": accuracy " << r.accuracy;
    EXPECT_FALSE(std::isfinite(r.loss)) << c.name << ": loss " << r.loss;
  }
}

TEST(Diverged, AnOutputOverflowingToInfinityHasNoAccuracy) {
  // identity hidden and output, weights 1e30: 1e30 * 1e30 overflows float32 to +inf at the output.
  ap::MlpSpec s;
  s.hidden = {{1, ap::Act::identity}};
  s.output = {1, ap::Act::identity};
  s.loss = ap::Loss::mse;
  for (ap::Act out : {ap::Act::identity, ap::Act::sigmoid}) {
    s.output.act = out;
    s.loss = out == ap::Act::sigmoid ? ap::Loss::bce : ap::Loss::mse;
    ap::Mlp net(s);
    const std::vector<float> params(net.parameters().size(), 1e30f);
    ASSERT_TRUE(net.set_parameters(params.data(), params.size()).ok());
    const std::vector<float> x = {1, 1, 2, 2}, y = {1, 0};
    const ap::EvalResult r = net.evaluate(x.data(), y.data(), 2);
    EXPECT_TRUE(std::isnan(r.accuracy)) << ap::act_name(out) << ": accuracy " << r.accuracy;
    EXPECT_FALSE(std::isfinite(r.loss)) << ap::act_name(out) << ": loss " << r.loss;
  }
  // The same network with finite outputs keeps its numbers.
  ap::Mlp net(s);
  const std::vector<float> x = {0.5f, -0.25f}, y = {1};
  const ap::EvalResult r = net.evaluate(x.data(), y.data(), 1);
  EXPECT_TRUE(std::isfinite(r.loss));
  EXPECT_TRUE(r.accuracy == 0.0 || r.accuracy == 1.0);
}

}  // namespace
