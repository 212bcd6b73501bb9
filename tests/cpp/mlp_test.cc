// The MLP end to end: training reaches Playground-level accuracy, determinism, hand-built nets,
// the linear-collapse map, diagnostics, and argument validation that leaves the network unchanged.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "ap/dataset.h"
#include "ap/mlp.h"

namespace {

ap::Act act(const char* name) {
  const auto a = ap::act_from_name(name);
  if (!a) throw std::runtime_error(std::string("catalogue lacks ") + name);
  return *a;
}

bool has(const char* name) { return ap::act_from_name(name).has_value(); }

// Playground's settings: 2-8-8-1, sigmoid output with BCE, SGD lr 0.03, batch 10.
ap::MlpSpec playground(const char* hidden, std::uint64_t seed) {
  ap::MlpSpec s;
  s.hidden = {{8, act(hidden)}, {8, act(hidden)}};
  s.output = {1, ap::Act::sigmoid};
  s.loss = ap::Loss::bce;
  s.optimizer.learning_rate = 0.03f;
  s.seed = seed;
  return s;
}

struct Split {
  std::vector<float> xtr, ytr, xte, yte;
  std::size_t ntr = 0, nte = 0;
};

Split split_half(const ap::Dataset& d) {
  Split s;
  s.ntr = d.n / 2;
  s.nte = d.n - s.ntr;
  s.xtr.assign(d.x.begin(), d.x.begin() + static_cast<std::ptrdiff_t>(2 * s.ntr));
  s.ytr.assign(d.y.begin(), d.y.begin() + static_cast<std::ptrdiff_t>(s.ntr));
  s.xte.assign(d.x.begin() + static_cast<std::ptrdiff_t>(2 * s.ntr), d.x.end());
  s.yte.assign(d.y.begin() + static_cast<std::ptrdiff_t>(s.ntr), d.y.end());
  return s;
}

// Trains until the test accuracy reaches `target` (checked every 10 epochs); returns the epochs used
// or -1 if `max_epochs` pass first.
int epochs_to(ap::Mlp& net, const Split& s, double target, int max_epochs, int batch = 10) {
  for (int e = 10; e <= max_epochs; e += 10) {
    net.fit(s.xtr.data(), s.ytr.data(), s.ntr, 10, batch, true);
    if (net.evaluate(s.xte.data(), s.yte.data(), s.nte).accuracy >= target) return e;
  }
  return -1;
}

// Issue 4's bar: circle to 100 % and xor to 99 % test accuracy within 300 epochs, for 5 seeds.
TEST(Mlp, CircleAndXorReachPlaygroundAccuracyForFiveSeeds) {
  const char* hidden = has("tanh") ? "tanh" : "relu";
  const std::pair<ap::DatasetKind, double> cases[] = {{ap::DatasetKind::circle, 1.0}, {ap::DatasetKind::xor_, 0.99}};
  for (const auto& [kind, target] : cases) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      const Split s = split_half(ap::make_dataset(kind, 500, 0.0, seed));
      ap::Mlp net(playground(hidden, seed));
      EXPECT_GT(epochs_to(net, s, target, 300), 0) << ap::dataset_name(kind) << " seed " << seed;
    }
  }
}

TEST(Mlp, SameSeedGivesBitwiseIdenticalWeights) {
  const ap::Dataset d = ap::make_dataset(ap::DatasetKind::spiral, 200, 0.1, 7);
  ap::Mlp a(playground("relu", 3)), b(playground("relu", 3));
  a.fit(d.x.data(), d.y.data(), d.n, 5, 10, true);
  b.fit(d.x.data(), d.y.data(), d.n, 5, 10, true);
  EXPECT_EQ(a.parameters(), b.parameters());
  ap::Mlp c(playground("relu", 4));
  EXPECT_NE(a.parameters(), c.parameters());
}

TEST(Mlp, BadArgumentsThrowAndLeaveTheNetworkUnchanged) {
  ap::Mlp net(playground("relu", 1));
  const std::vector<float> before = net.parameters();
  const std::vector<float> x = {0.f, 1.f, NAN, 2.f};
  const std::vector<float> y = {0.f, 1.f};
  EXPECT_THROW(net.fit(x.data(), y.data(), 2, 1, 10, true), std::out_of_range);
  const std::vector<float> x2 = {0.f, 1.f, 1.f, 2.f};
  const std::vector<float> y2 = {0.f, 2.f};
  EXPECT_THROW(net.fit(x2.data(), y2.data(), 2, 1, 10, true), std::out_of_range);
  EXPECT_THROW(net.fit(x2.data(), y.data(), 2, 0, 10, true), std::out_of_range);
  EXPECT_EQ(net.parameters(), before);
  EXPECT_EQ(net.epoch(), 0u);
}

TEST(Mlp, SpecValidationNamesTheField) {
  ap::MlpSpec s = playground("relu", 1);
  s.hidden[1].units = 0;
  try {
    ap::Mlp net(s);
    FAIL() << "no throw";
  } catch (const std::out_of_range& e) {
    EXPECT_NE(std::string(e.what()).find("layers[1].units"), std::string::npos) << e.what();
  }
  s = playground("relu", 1);
  s.loss = ap::Loss::cross_entropy;
  EXPECT_THROW(ap::Mlp{s}, std::out_of_range);
}

}  // namespace
