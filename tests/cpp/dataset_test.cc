// The seeded datasets and the RNG under them: determinism, shapes, labels that follow each
// generator's geometry, class balance, and argument validation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "ap/dataset.h"
#include "ap/rng.h"

namespace {

TEST(Rng, MatchesPcg32ReferenceSequence) {
  // pcg32-demo from the PCG reference: pcg32_srandom_r(&rng, 42u, 54u), then pcg32_random_r.
  ap::Rng ref(42, 54);
  for (const std::uint32_t expect : {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u, 0x83d2f293u, 0xbfa4784bu, 0xcbed606eu})
    EXPECT_EQ(ref.next_u32(), expect);
  ap::Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u32(), b.next_u32());
  EXPECT_NE(a.next_u32(), c.next_u32());
  std::vector<int> counts(3, 0);
  double sum = 0;
  for (int i = 0; i < 30000; ++i) {
    ++counts[a.below(3)];
    const double u = a.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  for (int k : counts) EXPECT_NEAR(k, 10000, 400);
  EXPECT_NEAR(sum / 30000, 0.5, 0.01);
}

TEST(Rng, SaveAndRestoreContinueTheSequence) {
  ap::Rng a(7);
  a.next_u32();
  ap::Rng b(0);
  ASSERT_TRUE(b.restore(a.state(), a.increment()));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.next_u32(), b.next_u32());
  EXPECT_FALSE(b.restore(1, 2));  // an even increment is not a PCG stream
}

TEST(Rng, NormalHasUnitVariance) {
  ap::Rng r(3);
  double s = 0, s2 = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const double v = r.normal();
    ASSERT_TRUE(std::isfinite(v));
    s += v;
    s2 += v * v;
  }
  EXPECT_NEAR(s / n, 0.0, 0.03);
  EXPECT_NEAR(s2 / n, 1.0, 0.04);
}

TEST(Dataset, SameSeedSameData) {
  for (const auto kind : {ap::DatasetKind::xor_, ap::DatasetKind::circle, ap::DatasetKind::gaussian,
                          ap::DatasetKind::spiral, ap::DatasetKind::plane, ap::DatasetKind::multi_gaussian}) {
    const ap::Dataset a = ap::make_dataset(kind, 300, 0.2, 9).value(), b = ap::make_dataset(kind, 300, 0.2, 9).value();
    EXPECT_EQ(a.x, b.x) << ap::dataset_name(kind);
    EXPECT_EQ(a.y, b.y) << ap::dataset_name(kind);
    EXPECT_NE(a.x, ap::make_dataset(kind, 300, 0.2, 10).value().x) << ap::dataset_name(kind);
    EXPECT_EQ(a.x.size(), 600u);
    EXPECT_EQ(a.y.size(), 300u);
  }
}

TEST(Dataset, CleanLabelsFollowTheGeometry) {
  const ap::Dataset c = ap::make_dataset(ap::DatasetKind::circle, 400, 0.0, 1).value();
  const ap::Dataset x = ap::make_dataset(ap::DatasetKind::xor_, 400, 0.0, 1).value();
  const ap::Dataset g = ap::make_dataset(ap::DatasetKind::gaussian, 400, 0.0, 1).value();
  double mean1[2] = {0, 0};
  int n1 = 0;
  for (std::size_t i = 0; i < 400; ++i) {
    const float cx = c.x[2 * i], cy = c.x[2 * i + 1];
    EXPECT_EQ(c.y[i], std::hypot(cx, cy) < 2.5 ? 1.0f : 0.0f);
    EXPECT_TRUE(std::hypot(cx, cy) <= 2.5 || std::hypot(cx, cy) >= 3.5);  // the gap between the classes
    const float xx = x.x[2 * i], xy = x.x[2 * i + 1];
    EXPECT_EQ(x.y[i], (xx > 0) != (xy > 0) ? 1.0f : 0.0f);
    EXPECT_GE(std::fabs(xx), 0.3f);  // padding off the axes
    if (g.y[i] == 1.0f) {
      mean1[0] += g.x[2 * i];
      mean1[1] += g.x[2 * i + 1];
      ++n1;
    }
  }
  EXPECT_EQ(n1, 200);
  EXPECT_NEAR(mean1[0] / n1, 2.0, 0.2);
  EXPECT_NEAR(mean1[1] / n1, 2.0, 0.2);
}

TEST(Dataset, SpiralHasBalancedArms) {
  const ap::Dataset s = ap::make_dataset(ap::DatasetKind::spiral, 301, 0.0, 2, 3).value();
  EXPECT_EQ(s.classes, 3);
  std::vector<int> counts(3, 0);
  for (float v : s.y) ++counts[static_cast<std::size_t>(v)];
  EXPECT_EQ(counts, (std::vector<int>{101, 100, 100}));
  for (std::size_t i = 0; i < s.n; ++i) EXPECT_LE(std::hypot(s.x[2 * i], s.x[2 * i + 1]), 5.0f);
}

TEST(Dataset, PointsComeInShuffledOrder) {
  // The generators emit class by class; the first half must still hold both classes.
  const ap::Dataset c = ap::make_dataset(ap::DatasetKind::circle, 500, 0.0, 4).value();
  int ones = 0;
  for (std::size_t i = 0; i < 250; ++i) ones += c.y[i] == 1.0f;
  EXPECT_GT(ones, 90);
  EXPECT_LT(ones, 160);
}

TEST(Dataset, RegressionTargetsFollowPlaygroundsFunctions) {
  // plane: (x1 + x2) / 10 on [-6, 6]^2 without noise.
  const ap::Dataset p = ap::make_dataset(ap::DatasetKind::plane, 400, 0.0, 3).value();
  EXPECT_EQ(p.classes, 0);
  double lo = 0, hi = 0;
  for (std::size_t i = 0; i < p.n; ++i) {
    const double x1 = p.x[2 * i], x2 = p.x[2 * i + 1];
    ASSERT_LE(std::fabs(x1), 6.0);
    ASSERT_LE(std::fabs(x2), 6.0);
    EXPECT_NEAR(p.y[i], (x1 + x2) / 10.0, 1e-6);
    lo = std::min(lo, static_cast<double>(p.y[i]));
    hi = std::max(hi, static_cast<double>(p.y[i]));
  }
  EXPECT_LT(lo, -0.9);  // the targets span the square's diagonal
  EXPECT_GT(hi, 0.9);
  // multi_gaussian: the six centres are 4 or more apart and each bump has radius 2, so at most one is
  // non-zero at a point: +-(1 - d/2) within 2 of a centre (signs alternate), 0 elsewhere.
  const double centres[6][3] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  const ap::Dataset g = ap::make_dataset(ap::DatasetKind::multi_gaussian, 2000, 0.0, 5).value();
  int zero = 0, positive = 0, negative = 0;
  for (std::size_t i = 0; i < g.n; ++i) {
    double expect = 0;
    for (const auto& c : centres) {
      const double d = std::hypot(g.x[2 * i] - c[0], g.x[2 * i + 1] - c[1]);
      if (d < 2) expect = c[2] * (1 - d / 2);
    }
    EXPECT_NEAR(g.y[i], expect, 1e-6) << "point " << i;
    zero += g.y[i] == 0.0f;
    positive += g.y[i] > 0;
    negative += g.y[i] < 0;
  }
  EXPECT_GT(zero, 0);
  EXPECT_GT(positive, 100);
  EXPECT_GT(negative, 100);
  // Noise moves the point the target is computed at, not the point itself.
  const ap::Dataset noisy = ap::make_dataset(ap::DatasetKind::plane, 400, 0.5, 3).value();
  int off = 0;
  for (std::size_t i = 0; i < noisy.n; ++i) off += std::fabs(noisy.y[i] - (noisy.x[2 * i] + noisy.x[2 * i + 1]) / 10.0) > 0.05;
  EXPECT_GT(off, 200);
  EXPECT_EQ(ap::dataset_from_name("multi_gaussian"), ap::DatasetKind::multi_gaussian);
  EXPECT_STREQ(ap::dataset_name(ap::DatasetKind::plane), "plane");
}

TEST(Dataset, RejectsBadArguments) {
  EXPECT_FALSE(ap::make_dataset(ap::DatasetKind::circle, 0, 0.0, 1).ok());
  EXPECT_FALSE(ap::make_dataset(ap::DatasetKind::circle, 10, -0.1, 1).ok());
  EXPECT_FALSE(ap::make_dataset(ap::DatasetKind::circle, 10, NAN, 1).ok());
  // The value as std::to_string (printf's %f) wrote it before the engine formatted numbers itself.
  const auto noisy = ap::make_dataset(ap::DatasetKind::circle, 10, 1.25, 1);
  ASSERT_FALSE(noisy.ok()) << "noise 1.25 accepted";
  EXPECT_EQ(noisy.status().kind(), ap::ErrorKind::range);
  EXPECT_EQ(noisy.status().message(), "noise must be in [0, 1], got " + std::to_string(1.25));
  EXPECT_FALSE(ap::make_dataset(ap::DatasetKind::xor_, 10, 0.0, 1, 3).ok());
  EXPECT_FALSE(ap::make_dataset(ap::DatasetKind::spiral, 10, 0.0, 1, 17).ok());
  EXPECT_EQ(ap::dataset_from_name("spiral"), ap::DatasetKind::spiral);
  EXPECT_FALSE(ap::dataset_from_name("moons").has_value());
}

TEST(HoldOut, FlagsRoundedShareReproduciblyAndUniformly) {
  for (const std::size_t n : {0u, 1u, 7u, 500u})
    for (const double r : {0.0, 0.1, 0.5, 0.9, 1.0}) {
      const std::vector<std::uint8_t> t = ap::hold_out(n, r, 3).value();
      ASSERT_EQ(t.size(), n);
      std::size_t held = 0;
      for (const std::uint8_t v : t) {
        ASSERT_LE(v, 1);
        held += v;
      }
      EXPECT_EQ(held, static_cast<std::size_t>(std::llround(static_cast<double>(n) * r))) << "n " << n << " ratio " << r;
    }
  EXPECT_EQ(ap::hold_out(500, 0.5, 9).value(), ap::hold_out(500, 0.5, 9).value());
  EXPECT_NE(ap::hold_out(500, 0.5, 9).value(), ap::hold_out(500, 0.5, 10).value());
  // Over many seeds every point is held out about as often as the ratio says (a biased shuffle,
  // e.g. one that favours the first indices, fails this).
  constexpr int kSeeds = 20000;
  std::vector<int> count(10, 0);
  for (int s = 0; s < kSeeds; ++s) {
    const std::vector<std::uint8_t> t = ap::hold_out(10, 0.3, static_cast<std::uint64_t>(s)).value();
    for (std::size_t i = 0; i < t.size(); ++i) count[i] += t[i];
  }
  for (std::size_t i = 0; i < count.size(); ++i) EXPECT_NEAR(count[i] / double(kSeeds), 0.3, 0.015) << "point " << i;
  EXPECT_FALSE(ap::hold_out(10, -0.1, 1).ok());
  EXPECT_FALSE(ap::hold_out(10, 1.5, 1).ok());
  EXPECT_FALSE(ap::hold_out(ap::kMaxDatasetPoints + 1, 0.5, 1).ok());
}

}  // namespace
