// The dense layers' products, the register tiles of cpp/src/mlp_kernels.h against Eigen 3.4, side by
// side in one process, for 2-H-H-1 networks (H = 8, 32, 128, 512):
//   training: one step's products on a batch of 10 (12 padded columns): z = W a + b for the three
//             layers, dW += dz a^T and db += dz 1 for the three, dz' = (W^T dz) * f'(z') for two;
//   grid:     a 256 x 256 predictGrid's products: z = W a + b for the three layers on 256 chunks of
//             256 points (ap::detail::kChunk); for H >= 128 a round times 32 or 4 chunks, scaled to 256.
// Both sides read and write the same unit-major blocks (row r = one unit's values, ld floats apart).
// Natively: build/native/ap_dense_bench; WASM: node build/wasm/ap_dense_bench.cjs (scripts/build.sh
// wasm-dense; compiled at -O2 -msimd128 like cpp/src/mlp.cc). Prints the best of 15 rounds of each,
// rounds interleaved, and the ratio eigen / tiles (above 1: the tiles are faster).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "mlp_eigen.h"
#include "mlp_kernels.h"

namespace {
using namespace ap::detail;

struct Layer {
  std::size_t inputs, units;
  std::vector<float> W, b, gW, gb;
};

struct Net {
  std::vector<Layer> layers;
  std::vector<std::vector<float>> a;  // a[l]: layer l's input block (inputs x ld); a[L]: the output
  std::vector<float> dz, dz2, df;
  std::size_t ld;
  Net(std::size_t hidden, std::size_t ld_) : ld(ld_) {
    const std::size_t sizes[] = {2, hidden, hidden, 1};
    unsigned s = 12345;
    auto rnd = [&] { return (s = s * 1664525u + 1013904223u) / 4294967296.0f - 0.5f; };
    for (int l = 0; l < 3; ++l) {
      Layer lay{sizes[l], sizes[l + 1], {}, {}, {}, {}};
      lay.W.resize(lay.units * lay.inputs);
      for (float& w : lay.W) w = rnd();
      lay.b.assign(lay.units, 0.1f);
      lay.gW.assign(lay.W.size(), 0.0f);
      lay.gb.assign(lay.units, 0.0f);
      layers.push_back(lay);
    }
    for (int l = 0; l <= 3; ++l) {
      a.emplace_back(sizes[l] * ld);
      for (float& x : a.back()) x = rnd();
    }
    dz.resize(hidden * ld);
    dz2.resize(hidden * ld);
    df.resize(hidden * ld);
    for (float& x : dz) x = rnd();
    for (float& x : df) x = rnd();
  }
};

// --- the tiles, called as cpp/src/mlp.cc calls them
void forward_tiles(Net& n) {
  for (std::size_t l = 0; l < 3; ++l) {
    Layer& L = n.layers[l];
    affine(L.W.data(), L.inputs, 1, L.b.data(), n.a[l].data(), n.a[l + 1].data(), L.units, L.inputs, n.ld);
  }
}
void backward_tiles(Net& n) {
  for (std::size_t l = 3; l-- > 0;) {
    Layer& L = n.layers[l];
    outer_accumulate(n.dz.data(), n.a[l].data(), L.gW.data(), L.gb.data(), L.units, L.inputs, n.ld);
    if (l == 0) break;
    affine(L.W.data(), 1, L.inputs, nullptr, n.dz.data(), n.dz2.data(), L.inputs, L.units, n.ld, n.df.data());
  }
}

// --- the same with Eigen maps
void forward_eigen(Net& n) {
  for (std::size_t l = 0; l < 3; ++l) {
    Layer& L = n.layers[l];
    auto z = matrix(n.a[l + 1].data(), L.units, n.ld);
    z.noalias() = matrix(L.W.data(), L.units, L.inputs) * matrix(n.a[l].data(), L.inputs, n.ld);
    z.colwise() += array(L.b.data(), L.units).matrix();
  }
}
void backward_eigen(Net& n) {
  for (std::size_t l = 3; l-- > 0;) {
    Layer& L = n.layers[l];
    const auto dz = matrix(n.dz.data(), L.units, n.ld);
    matrix(L.gW.data(), L.units, L.inputs).noalias() += dz * matrix(n.a[l].data(), L.inputs, n.ld).transpose();
    array(L.gb.data(), L.units) += dz.rowwise().sum().array();
    if (l == 0) break;
    auto da = matrix(n.dz2.data(), L.inputs, n.ld);
    da.noalias() = matrix(L.W.data(), L.units, L.inputs).transpose() * dz;
    da.array() *= matrix(n.df.data(), L.inputs, n.ld).array();
  }
}

template <class F>
double seconds(F&& f, int reps) {
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < reps; ++i) f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / reps;
}

// The best round: on a shared, loaded machine the other rounds measure the other processes.
double best(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

// The largest difference between the two sides' forward outputs (the same products, summed in other orders).
float max_diff(std::size_t hidden) {
  Net p(hidden, 12), q(hidden, 12);
  forward_tiles(p);
  forward_eigen(q);
  float d = 0;
  for (std::size_t k = 0; k < p.a[3].size(); ++k) d = std::max(d, std::abs(p.a[3][k] - q.a[3][k]));
  return d;
}
}  // namespace

int main() {
  std::printf("Eigen %d.%d.%d, SIMD: %s\n", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION,
              Eigen::SimdInstructionSetsInUse());
  std::printf("%-12s %-9s %12s %12s %8s\n", "network", "work", "tiles", "eigen", "e/t");
  for (std::size_t h : {8, 32, 128, 512}) {
    Net train(h, padded(10)), grid(h, 256);
    const int reps = h >= 512 ? 20 : h >= 128 ? 300 : 3000;
    auto step_t = [&] { forward_tiles(train); backward_tiles(train); };
    auto step_e = [&] { forward_eigen(train); backward_eigen(train); };
    // A grid is 256 chunks; at the larger sizes a round times fewer chunks and scales to 256.
    const int chunks = h >= 512 ? 4 : h >= 128 ? 32 : 256;
    auto grid_t = [&] { for (int c = 0; c < chunks; ++c) forward_tiles(grid); };
    auto grid_e = [&] { for (int c = 0; c < chunks; ++c) forward_eigen(grid); };
    std::vector<double> st, se, gt, ge;
    const int grid_reps = h >= 128 ? 1 : 4;
    for (int r = 0; r < 15; ++r) {
      st.push_back(seconds(step_t, reps));
      se.push_back(seconds(step_e, reps));
      gt.push_back(seconds(grid_t, grid_reps) * 256 / chunks);
      ge.push_back(seconds(grid_e, grid_reps) * 256 / chunks);
    }
    char name[32];
    std::snprintf(name, sizeof name, "2-%zu-%zu-1", h, h);
    std::printf("%-12s %-9s %10.2f us %10.2f us %8.2f\n", name, "step", best(st) * 1e6, best(se) * 1e6,
                best(se) / best(st));
    std::printf("%-12s %-9s %10.3f ms %10.3f ms %8.2f   (forward outputs differ by at most %.2g)\n", name, "grid",
                best(gt) * 1e3, best(ge) * 1e3, best(ge) / best(gt), max_diff(h));
  }
}
