// The toy datasets. Each generator follows TensorFlow Playground's (dataset.ts), with class labels 0/1
// instead of -1/+1 and its regression targets as they are; it computes in double and stores float32;
// one seeded Rng drives every draw.
#include "ap/dataset.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "ap/decimal.h"
#include "ap/rng.h"

namespace ap {
namespace {

constexpr double kPi = 3.14159265358979323846;

struct Gen {
  Dataset& d;
  Rng& rng;
  void push(double x1, double x2, double target) {
    d.x.push_back(static_cast<float>(x1));
    d.x.push_back(static_cast<float>(x2));
    d.y.push_back(static_cast<float>(target));
  }
};

// Points per class: n split as evenly as possible, the first classes taking the remainder.
std::size_t share(std::size_t n, int classes, int k) {
  return n / static_cast<std::size_t>(classes) + (static_cast<std::size_t>(k) < n % static_cast<std::size_t>(classes) ? 1 : 0);
}

// Class 1 inside radius 2.5, class 0 in the ring 3.5..5. The label is decided on the noisy point,
// as in Playground, so noise flips labels near the boundary while the point stays where it was drawn.
void circle(Gen g, std::size_t n, double noise) {
  const double radius = 5.0;
  for (int k = 1; k >= 0; --k) {
    const std::size_t m = share(n, 2, 1 - k);
    for (std::size_t i = 0; i < m; ++i) {
      const double r = k == 1 ? g.rng.uniform(0.0, radius * 0.5) : g.rng.uniform(radius * 0.7, radius);
      const double angle = g.rng.uniform(0.0, 2.0 * kPi);
      const double x = r * std::sin(angle);
      const double y = r * std::cos(angle);
      const double nx = g.rng.uniform(-radius, radius) * noise;
      const double ny = g.rng.uniform(-radius, radius) * noise;
      g.push(x, y, std::hypot(x + nx, y + ny) < radius * 0.5 ? 1 : 0);
    }
  }
}

// Quadrants: label 1 when exactly one coordinate is positive (x1 > 0 xor x2 > 0). A 0.3 padding keeps
// the clean points off the axes.
void xor_(Gen g, std::size_t n, double noise) {
  const double padding = 0.3;
  for (std::size_t i = 0; i < n; ++i) {
    double x = g.rng.uniform(-5.0, 5.0);
    x += x > 0 ? padding : -padding;
    double y = g.rng.uniform(-5.0, 5.0);
    y += y > 0 ? padding : -padding;
    const double nx = g.rng.uniform(-5.0, 5.0) * noise;
    const double ny = g.rng.uniform(-5.0, 5.0) * noise;
    g.push(x, y, (x + nx) * (y + ny) < 0 ? 1 : 0);
  }
}

// Two Gaussian blobs at (2, 2) (class 1) and (-2, -2) (class 0); variance 0.5 + 7 noise, Playground's
// scale from 0.5 at noise 0 to 4 at noise 0.5.
void gaussian(Gen g, std::size_t n, double noise) {
  const double sd = std::sqrt(0.5 + 7.0 * noise);
  for (int k = 1; k >= 0; --k) {
    const double c = k == 1 ? 2.0 : -2.0;
    const std::size_t m = share(n, 2, 1 - k);
    for (std::size_t i = 0; i < m; ++i) {
      const double x = c + sd * g.rng.normal();
      const double y = c + sd * g.rng.normal();
      g.push(x, y, k);
    }
  }
}

// Arms r = 5 t, angle 1.75 * 2 pi t + 2 pi k / classes for t in [0, 1); uniform noise of +-noise per
// coordinate. With 2 classes the arms are Playground's (offset pi).
void spiral(Gen g, std::size_t n, double noise, int classes) {
  for (int k = 0; k < classes; ++k) {
    const std::size_t m = share(n, classes, k);
    const double delta = 2.0 * kPi * k / classes;
    for (std::size_t i = 0; i < m; ++i) {
      const double t = static_cast<double>(i) / static_cast<double>(m);
      const double r = 5.0 * t;
      const double angle = 1.75 * t * 2.0 * kPi + delta;
      const double x = r * std::sin(angle) + g.rng.uniform(-1.0, 1.0) * noise;
      const double y = r * std::cos(angle) + g.rng.uniform(-1.0, 1.0) * noise;
      g.push(x, y, k);
    }
  }
}

// Regression: points uniform on [-6, 6]^2, each target a function of the point moved by uniform noise
// of up to +-6 noise per coordinate (the point itself stays where it was drawn), as in Playground.
template <class Target>
void regression(Gen g, std::size_t n, double noise, Target target) {
  const double radius = 6.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = g.rng.uniform(-radius, radius);
    const double y = g.rng.uniform(-radius, radius);
    const double nx = g.rng.uniform(-radius, radius) * noise;
    const double ny = g.rng.uniform(-radius, radius) * noise;
    g.push(x, y, target(x + nx, y + ny));
  }
}

// Playground's regressPlane: (x1 + x2) / 10, i.e. x1 + x2 mapped from [-10, 10] to [-1, 1] (not clamped:
// the corners of the square reach +-1.2).
double plane(double x, double y) { return (x + y) / 10.0; }

// Playground's regressGaussian: six bumps of alternating sign at x1 in {-4, 0, 4}, x2 = +-2.5, each
// sign * max(0, 1 - d/2) at distance d from its centre; the target is the bump largest in magnitude
// (the first one wins a tie).
double multi_gaussian(double x, double y) {
  static constexpr double kBumps[6][3] = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
  double best = 0;
  for (const auto& b : kBumps) {
    const double v = b[2] * std::clamp(1.0 - std::hypot(x - b[0], y - b[1]) / 2.0, 0.0, 1.0);
    if (std::fabs(v) > std::fabs(best)) best = v;
  }
  return best;
}

// Fisher-Yates over points: the generators emit class by class.
void shuffle(Dataset& d, Rng& rng) {
  for (std::size_t i = d.n; i > 1; --i) {
    const std::size_t j = rng.below(static_cast<std::uint32_t>(i));
    std::swap(d.x[2 * (i - 1)], d.x[2 * j]);
    std::swap(d.x[2 * (i - 1) + 1], d.x[2 * j + 1]);
    std::swap(d.y[i - 1], d.y[j]);
  }
}

}  // namespace

std::optional<DatasetKind> dataset_from_name(std::string_view name) {
  if (name == "xor") return DatasetKind::xor_;
  if (name == "circle") return DatasetKind::circle;
  if (name == "gaussian") return DatasetKind::gaussian;
  if (name == "spiral") return DatasetKind::spiral;
  if (name == "plane") return DatasetKind::plane;
  if (name == "multi_gaussian") return DatasetKind::multi_gaussian;
  return std::nullopt;
}

const char* dataset_name(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::xor_: return "xor";
    case DatasetKind::circle: return "circle";
    case DatasetKind::gaussian: return "gaussian";
    case DatasetKind::spiral: return "spiral";
    case DatasetKind::plane: return "plane";
    case DatasetKind::multi_gaussian: return "multi_gaussian";
  }
  return "?";
}

bool is_regression(DatasetKind kind) { return kind == DatasetKind::plane || kind == DatasetKind::multi_gaussian; }

Expected<Dataset> make_dataset(DatasetKind kind, std::size_t n, double noise, std::uint64_t seed, int classes) {
  if (n < 1 || n > kMaxDatasetPoints)
    return range_error("n must be an integer in [1, " + std::to_string(kMaxDatasetPoints) +
                            "], got " + std::to_string(n));
  if (!(noise >= 0.0 && noise <= 1.0))
    return range_error("noise must be in [0, 1], got " + format_decimal(noise, 'f', 6));
  if (kind == DatasetKind::spiral) {
    if (classes < 2 || classes > kMaxClasses)
      return range_error("classes must be an integer in [2, " + std::to_string(kMaxClasses) +
                              "] for the spiral, got " + std::to_string(classes));
  } else if (is_regression(kind)) {
    classes = 0;
  } else if (classes != 2) {
    return range_error(std::string("classes must be 2 for ") + dataset_name(kind) + ", got " + std::to_string(classes));
  }
  Dataset d;
  d.n = n;
  d.classes = classes;
  d.x.reserve(2 * n);
  d.y.reserve(n);
  Rng rng(seed);
  Gen g{d, rng};
  switch (kind) {
    case DatasetKind::xor_: xor_(g, n, noise); break;
    case DatasetKind::circle: circle(g, n, noise); break;
    case DatasetKind::gaussian: gaussian(g, n, noise); break;
    case DatasetKind::spiral: spiral(g, n, noise, classes); break;
    case DatasetKind::plane: regression(g, n, noise, plane); break;
    case DatasetKind::multi_gaussian: regression(g, n, noise, multi_gaussian); break;
  }
  shuffle(d, rng);
  return std::move(d);
}

Expected<std::vector<std::uint8_t>> hold_out(std::size_t n, double test_ratio, std::uint64_t seed) {
  if (n > kMaxDatasetPoints)
    return range_error("n must be an integer in [0, " + std::to_string(kMaxDatasetPoints) + "], got " +
                            std::to_string(n));
  if (!(test_ratio >= 0.0 && test_ratio <= 1.0))
    return range_error("test_ratio must be in [0, 1], got " + format_decimal(test_ratio, 'f', 6));
  std::vector<std::uint32_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
  Rng rng(seed);
  for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng.below(static_cast<std::uint32_t>(i))]);
  std::vector<std::uint8_t> test(n, 0);
  const auto n_test = static_cast<std::size_t>(std::llround(static_cast<double>(n) * test_ratio));
  for (std::size_t i = 0; i < n_test; ++i) test[order[i]] = 1;
  return std::move(test);
}

}  // namespace ap
