// The MLP's inference and diagnostics: evaluate, predict, grids, layer outputs, gradients without an
// update, dead units and gradient norms (the collapsed linear map: mlp_linear_map.cc). The checks
// and the diagnostics, which run once per call, are AP_COLD (built for size); the loops over points are not.
#include "ap/mlp.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>

#include "mlp_internal.h"
#include "mlp_kernels.h"

namespace ap {


template <class Body>
void Mlp::over_points(const float* x, std::size_t n, int upto, Body&& body, bool derivatives) {
  reserve(std::min(n, kChunk));
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t b = std::min(kChunk, n - start);
    features(x + point_size() * start, nullptr, b, a_[0].data());
    forward(b, upto, derivatives);
    body(start, b);
  }
}

// x1 of every column: each row repeats them.
static std::vector<float> grid_columns(const Grid& g) {
  // Ends included; a single column sits in the middle of the range.
  const double dx = g.width > 1 ? (g.x1 - g.x0) / static_cast<double>(g.width - 1) : 0.0;
  const double cx = g.width > 1 ? g.x0 : 0.5 * (g.x0 + g.x1);
  std::vector<float> xs(g.width);
  for (std::size_t c = 0; c < g.width; ++c) xs[c] = static_cast<float>(cx + dx * static_cast<double>(c));
  return xs;
}

template <class Body>
void Mlp::over_grid(const Grid& g, int upto, Body&& body) {
  const std::size_t n = g.width * g.height;
  reserve(std::min(n, kChunk));
  const std::vector<float> columns = grid_columns(g);
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t b = std::min(kChunk, n - start);
    const Coordinates c = coordinate_rows(b, a_[0].data());
    grid_points(g, columns.data(), start, b, c.x1, c.x2);
    derive_features(b, a_[0].data(), c);
    forward(b, upto);
    body(start, b);
  }
}

EvalResult Mlp::evaluate(const float* x, const float* y, std::size_t n) {
  double total = 0;
  std::size_t right = 0;
  bool finite = true;
  const std::size_t K = layout_.back().units;
  over_points(x, n, static_cast<int>(layout_.size()) - 1, [&](std::size_t start, std::size_t b) {
    total += loss_and_output_grad(y + start, nullptr, b, 0.0, &right);
    const float *z = z_.back().data(), *a = a_.back().data();
    for (std::size_t i = 0; i < K * padded(b) && finite; i += padded(b))
      for (std::size_t k = i; k < i + b; ++k) finite = finite && std::isfinite(z[k]) && std::isfinite(a[k]);
  });
  // A NaN or infinite output (or output logit) has no class (a NaN compares false, so it would count as class 0) and no
  // loss (BCE clamps an infinite probability to 1 - 1e-7): a diverged network reports NaN, not a
  // number it did not reach. An infinite loss (MSE overflowing) is kept: that one was reached.
  if (!finite) return {std::isfinite(total) ? std::nan("") : total, std::nan("")};
  return {total / static_cast<double>(n), static_cast<double>(right) / static_cast<double>(n)};
}

AP_COLD Status Mlp::check_layer(int layer) const {
  if (layer < -1 || layer >= static_cast<int>(layout_.size()))
    return range_error("layer must be an integer in [-1, " + std::to_string(layout_.size() - 1) + "], got " +
                       std::to_string(layer));
  return {};
}

AP_COLD std::size_t Mlp::layer_width(int layer) const {
  return layer < 0 ? input_size() : layout_[static_cast<std::size_t>(layer)].units;
}

void Mlp::layer_outputs(int layer, const float* x, std::size_t n, float* out) {
  const std::size_t width = layer_width(layer);
  over_points(x, n, layer, [&](std::size_t start, std::size_t b) {
    const float* a = a_[static_cast<std::size_t>(layer + 1)].data();
    for (std::size_t k = 0; k < b; ++k)
      for (std::size_t u = 0; u < width; ++u) out[(start + k) * width + u] = a[u * padded(b) + k];
  });
}

void Mlp::predict(const float* x, std::size_t n, float* out) {
  layer_outputs(static_cast<int>(layout_.size()) - 1, x, n, out);
}

// Points start .. start+b-1 of the grid (row-major) as coordinate rows x1, x2, a row segment at a time.
void Mlp::grid_points(const Grid& g, const float* columns, std::size_t start, std::size_t b, float* x1,
                      float* x2) const {
  const double dy = g.height > 1 ? (g.y1 - g.y0) / static_cast<double>(g.height - 1) : 0.0;
  const double cy = g.height > 1 ? g.y1 : 0.5 * (g.y0 + g.y1);
  std::size_t row = start / g.width, col = start % g.width;
  for (std::size_t k = 0; k < b; col = 0, ++row) {
    const std::size_t m = std::min(g.width - col, b - k);
    std::copy_n(columns + col, m, x1 + k);
    std::fill_n(x2 + k, m, static_cast<float>(cy - dy * static_cast<double>(row)));
    k += m;
  }
}

// Grids sample the plane of (x1, x2): a network over raw inputs has no such plane.
AP_COLD Status Mlp::check_grid(const Grid& g) const {
  if (raw_inputs())
    return range_error("grids are for the 2-D form (features); this network takes inputs: " + std::to_string(spec_.inputs) +
                       " raw columns per point (use predict or layerOutputs on points)");
  if (!(std::isfinite(g.x0) && std::isfinite(g.x1) && g.x0 < g.x1))
    return range_error("grid.x must be [min, max] with finite min < max");
  if (!(std::isfinite(g.y0) && std::isfinite(g.y1) && g.y0 < g.y1))
    return range_error("grid.y must be [min, max] with finite min < max");
  const std::string side = std::to_string(kMaxGridSide) + "], got ";
  if (g.width < 1 || g.width > kMaxGridSide) return range_error("grid.width must be an integer in [1, " + side + std::to_string(g.width));
  if (g.height < 1 || g.height > kMaxGridSide) return range_error("grid.height must be an integer in [1, " + side + std::to_string(g.height));
  return {};
}

void Mlp::predict_grid(const Grid& g, float* out) {
  const std::size_t K = output_size();
  over_grid(g, static_cast<int>(layout_.size()) - 1, [&](std::size_t start, std::size_t b) {
    const float* a = a_[layout_.size()].data();
    if (K == 1) {
      std::memcpy(out + start, a, b * sizeof(float));
    } else {
      for (std::size_t k = 0; k < b; ++k)
        for (std::size_t u = 0; u < K; ++u) out[(start + k) * K + u] = a[u * padded(b) + k];
    }
  });
}

void Mlp::layer_outputs_grid(int layer, const Grid& g, float* out) {
  const std::size_t width = layer_width(layer);
  const std::size_t n = g.width * g.height;
  over_grid(g, layer, [&](std::size_t start, std::size_t b) {
    const float* a = a_[static_cast<std::size_t>(layer + 1)].data();
    for (std::size_t u = 0; u < width; ++u) std::memcpy(out + u * n + start, a + u * padded(b), b * sizeof(float));
  });
}

AP_COLD void Mlp::gradients(const float* x, const float* y, std::size_t n, float* out) {
  // grads_ holds the last training step's gradient (for last_gradient_norms): keep it.
  std::vector<float> saved = grads_;
  std::fill(grads_.begin(), grads_.end(), 0.0f);
  over_points(x, n, static_cast<int>(layout_.size()) - 1, [&](std::size_t start, std::size_t b) {
    loss_and_output_grad(y + start, nullptr, b, 1.0 / static_cast<double>(n), nullptr);
    backward(b);
  }, true);
  std::copy(grads_.begin(), grads_.end(), out);
  grads_.swap(saved);
}

AP_COLD std::vector<int> Mlp::dead_units(const float* x, std::size_t n) {
  const std::size_t hidden = layout_.size() - 1;
  std::vector<std::vector<char>> alive(hidden);
  for (std::size_t l = 0; l < hidden; ++l) alive[l].assign(layout_[l].units, 0);
  if (hidden > 0) {
    over_points(x, n, static_cast<int>(hidden) - 1, [&](std::size_t, std::size_t b) {
      for (std::size_t l = 0; l < hidden; ++l) {
        const float* a = a_[l + 1].data();
        for (std::size_t u = 0; u < layout_[l].units; ++u)
          for (std::size_t k = 0; k < b && !alive[l][u]; ++k) alive[l][u] = a[u * padded(b) + k] != 0.0f;
      }
    });
  }
  std::vector<int> dead(hidden, 0);
  for (std::size_t l = 0; l < hidden; ++l)
    for (char v : alive[l]) dead[l] += !v;
  return dead;
}

AP_COLD std::vector<float> Mlp::last_gradient_norms() const {
  std::vector<float> norms;
  for (const LayerLayout& lay : layout_) {
    double s = 0;
    for (std::size_t i = lay.w; i < lay.p + lay.np; ++i) s += static_cast<double>(grads_[i]) * grads_[i];
    norms.push_back(static_cast<float>(std::sqrt(s)));
  }
  return norms;
}

}  // namespace ap
