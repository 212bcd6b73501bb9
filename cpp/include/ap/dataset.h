// Seeded 2-D toy datasets (after TensorFlow Playground's generators): xor, circle, gaussian and
// spiral (2 or more arms), whose labels are class indices 0..classes-1, and the two regression sets
// plane and multi_gaussian, whose targets are real numbers (classes = 0). Points lie in [-6, 6]^2.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ap/status.h"

namespace ap {

enum class DatasetKind : std::uint8_t { xor_, circle, gaussian, spiral, plane, multi_gaussian };

/// "xor", "circle", "gaussian", "spiral", "plane", "multi_gaussian"; nullopt if unknown.
/// True for the regression sets (real-valued targets).
bool is_regression(DatasetKind kind);
std::optional<DatasetKind> dataset_from_name(std::string_view name);
const char* dataset_name(DatasetKind kind);

/// n points, row-major x (n * 2: x1, x2 of point 0, then point 1, ...) and labels y (n).
struct Dataset {
  std::size_t n = 0;
  int classes = 2;  ///< 0 for the regression sets
  std::vector<float> x;
  std::vector<float> y;
};

inline constexpr std::size_t kMaxDatasetPoints = 1000000;
inline constexpr int kMaxClasses = 16;

/// Generates a dataset. noise in [0, 1] scales each generator's perturbation (0.5 is Playground's
/// maximum); classes must be 2 except for the spiral (2..kMaxClasses arms) and the regression sets
/// (where it is ignored and comes out 0). The points come out in a
/// seeded random order, so that any prefix is a fair training split and the rest a test split.
/// Fails (naming the argument) for n, noise or classes out of range.
Expected<Dataset> make_dataset(DatasetKind kind, std::size_t n, double noise, std::uint64_t seed, int classes = 2);

/// Test flags for n points: round(n * test_ratio) of them are 1, chosen by a Fisher-Yates shuffle of
/// 0..n-1 drawn from Rng(seed) (the engine's generator), so the same n, ratio and seed always give the
/// same train/test split. Fails for n above kMaxDatasetPoints or a ratio outside [0, 1].
Expected<std::vector<std::uint8_t>> hold_out(std::size_t n, double test_ratio, std::uint64_t seed);

}  // namespace ap
