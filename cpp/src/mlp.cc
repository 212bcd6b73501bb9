// The MLP's training path: feature rows, the batched forward pass, the backward pass and fit().
// Losses are in mlp_loss.cc, optimizer steps in mlp_optimizer.cc, diagnostics in mlp_diagnostics.cc.
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

// ---------------------------------------------------------------------------------------------
// Forward pass

// Buffers hold unit-major blocks of padded(b) columns; the padding columns carry finite values
// (features 0) and a zero loss gradient, so they never change a result.
AP_COLD void Mlp::reserve(std::size_t points) {  // allocates once per larger batch
  const std::size_t b = padded(points);
  if (b <= cap_) return;
  const std::size_t layers = layout_.size();
  z_.resize(layers);
  df_.resize(layers);
  a_.resize(layers + 1);
  a_[0].assign(input_size() * b, 0.0f);
  std::size_t widest = input_size();
  for (std::size_t l = 0; l < layers; ++l) {
    z_[l].assign(layout_[l].units * b + kBlock, 0.0f);
    df_[l].assign(layout_[l].units * b + kBlock, 0.0f);
    a_[l + 1].assign(layout_[l].units * b + kBlock, 0.0f);
    widest = std::max(widest, layout_[l].units);
  }
  delta_.assign(widest * b, 0.0f);
  delta2_.assign(widest * b, 0.0f);
  pd_.assign(std::max<std::size_t>(widest, 2) * b, 0.0f);
  cap_ = b;
}

// Where the raw coordinates of b points go: the feature rows x1 and x2 of f when the spec has them
// (no copy), else two rows of scratch. Their padding columns are set to 0.
Mlp::Coordinates Mlp::coordinate_rows(std::size_t b, float* f) {
  const std::size_t ld = padded(b);
  Coordinates c{pd_.data(), pd_.data() + ld};
  const auto& fs = spec_.features;
  for (std::size_t j = 0; j < fs.size(); ++j) {
    if (fs[j] == Feature::x1) c.x1 = f + j * ld;
    if (fs[j] == Feature::x2) c.x2 = f + j * ld;
  }
  for (std::size_t k = b; k < ld; ++k) c.x1[k] = c.x2[k] = 0.0f;
  return c;
}

// f[j*ld + k] = feature j of point k (point idx[k] of x, or point k when idx is null); padding
// columns get 0.
void Mlp::features(const float* x, const std::uint32_t* idx, std::size_t b, float* f) {
  if (raw_inputs()) return raw_features(x, idx, b, f);
  const Coordinates c = coordinate_rows(b, f);
  for (std::size_t k = 0; k < b; ++k) {
    const std::size_t p = idx ? idx[k] : k;
    c.x1[k] = x[2 * p];
    c.x2[k] = x[2 * p + 1];
  }
  derive_features(b, f, c);
}

// The raw-input form: f[j*ld + k] = x[p*n + j] for point p = idx[k] (or k), the points' n columns
// transposed into unit-major rows; padding columns get 0 (they may hold a larger batch's values).
void Mlp::raw_features(const float* x, const std::uint32_t* idx, std::size_t b, float* f) const {
  const std::size_t ld = padded(b), n = spec_.inputs;
  for (std::size_t k = 0; k < b; ++k) {
    const float* point = x + (idx ? idx[k] : k) * n;
    for (std::size_t j = 0; j < n; ++j) f[j * ld + k] = point[j];
  }
  for (std::size_t j = 0; j < n; ++j) std::fill(f + j * ld + b, f + (j + 1) * ld, 0.0f);
}

// The other feature rows of f from the coordinate rows.
void Mlp::derive_features(std::size_t b, float* f, const Coordinates& c) {
  const std::size_t ld = padded(b);
  const float* x1 = c.x1;
  const float* x2 = c.x2;
  const auto& fs = spec_.features;
  for (std::size_t j = 0; j < fs.size(); ++j) {
    float* row = f + j * ld;
    switch (fs[j]) {
      case Feature::x1: break;  // the coordinate row itself
      case Feature::x2: break;
      case Feature::x1_sq: for (std::size_t k = 0; k < ld; ++k) row[k] = x1[k] * x1[k]; break;
      case Feature::x2_sq: for (std::size_t k = 0; k < ld; ++k) row[k] = x2[k] * x2[k]; break;
      case Feature::x1_x2: for (std::size_t k = 0; k < ld; ++k) row[k] = x1[k] * x2[k]; break;
      case Feature::sin_x1: for (std::size_t k = 0; k < ld; ++k) row[k] = std::sin(x1[k]); break;
      case Feature::sin_x2: for (std::size_t k = 0; k < ld; ++k) row[k] = std::sin(x2[k]); break;
    }
  }
}

ActParams Mlp::unit_params(std::size_t l, std::size_t u) const {
  const bool is_out = l + 1 == layout_.size();
  ActParams p = is_out ? spec_.output.params : spec_.hidden[l].params;
  if (learn_[l]) set_param(p, *learn_[l], params_[layout_[l].p + (layout_[l].np == 1 ? 0 : u)]);
  return p;
}

// The output layer whose loss gradient comes straight from the logit (sigmoid + BCE): dL/dz = p - y.
bool Mlp::fused_output() const {
  const LayerSpec& s = spec_.output;
  return output_size() == 1 && !s.softmax && s.act == Act::sigmoid && spec_.loss == Loss::bce;
}

// a_l = f(z_l); with `derivative` also df_l = f'(z_l) for the backward pass (ap::forward_derivative:
// the same bits as ap::forward and ap::derivative, in one pass where they share work), except where
// the backward pass never reads it (softmax, the fused sigmoid + BCE output).
void Mlp::activate(std::size_t l, std::size_t b, bool derivative) {
  const std::size_t ld = padded(b);
  const LayerLayout& lay = layout_[l];
  const bool is_out = l + 1 == layout_.size();
  const LayerSpec& s = is_out ? spec_.output : spec_.hidden[l];
  const float* z = z_[l].data();
  float* a = a_[l + 1].data();
  float* df = df_[l].data();
  if (s.softmax) {
    // Softmax over units for each point; subtracting the max keeps exp() from overflowing.
    for (std::size_t k = 0; k < ld; ++k) {
      float m = z[k];
      for (std::size_t u = 1; u < lay.units; ++u) m = std::max(m, z[u * ld + k]);
      float sum = 0;
      for (std::size_t u = 0; u < lay.units; ++u) sum += (a[u * ld + k] = std::exp(z[u * ld + k] - m));
      const float inv = 1.0f / sum;
      for (std::size_t u = 0; u < lay.units; ++u) a[u * ld + k] *= inv;
    }
    return;
  }
  if (is_out && fused_output()) derivative = false;
  // One call per unit when each unit has its own parameter, else one for the whole layer, rounded
  // up to whole kBlock blocks into the buffers' slack (z there is 0, and what lands in a and df
  // there is never read): the kernels then never take their slower path for a partial block.
  const std::size_t calls = lay.np > 1 ? lay.units : 1, n = lay.units * ld / calls;
  const std::size_t whole = calls == 1 ? (n + kBlock - 1) / kBlock * kBlock : n;
  for (std::size_t c = 0; c < calls; ++c) {
    const ActParams p = unit_params(l, c);
    if (derivative) ap::forward_derivative(s.act, p, whole, z + c * n, a + c * n, df + c * n);
    else ap::forward(s.act, p, whole, z + c * n, a + c * n);
  }
}

// z_l = W_l a_{l-1} + b_l;  a_l = f_l(z_l), for layers 0..upto, on the b points held in a_[0].
//
// The dense products (here and in backward()) are the register tiles of mlp_kernels.h, not Eigen:
// bench/dense (scripts/build.sh dense) times both on the same blocks in one process. In the WASM
// build, where Eigen 3.4 has no SIMD128 backend, Eigen took this many times the tiles' time (one
// training step on a batch of 10 | the products of a 256 x 256 grid; best of 15 rounds; two runs on
// 2 Dec 2026, on the shared 2-core host at load ~20-27):
//   2-8-8-1 2.47, 3.31 | 7.90, 2.42     2-32-32-1 2.63, 2.71 | 2.91, 2.05
//   2-128-128-1 1.71, 2.10 | 2.40, 2.02 2-512-512-1 2.48, 1.54 | 1.76, 3.09
// Natively (SSE2) the ratios swung from 0.05 to 12 between runs on that host, so no choice could be
// made there; the tiles stay, and the native tests run the engine's own arithmetic.
void Mlp::forward(std::size_t b, int upto, bool derivatives) {
  for (int li = 0; li <= upto; ++li) {
    const auto l = static_cast<std::size_t>(li);
    const LayerLayout& lay = layout_[l];
    const float* W = params_.data() + lay.w;
    const float* bias = params_.data() + lay.b;
    detail::affine(W, lay.inputs, 1, bias, a_[l].data(), z_[l].data(), lay.units, lay.inputs, padded(b));
    activate(l, b, derivatives);
  }
}


// ---------------------------------------------------------------------------------------------
// Backward pass (adds into grads_)

// d holds dL/da_l (units x b); adds dL/d(param) = sum dL/da * df/dparam for a learnable parameter,
// then turns d into dL/dz_l = dL/da_l * f'(z_l) in place, with f'(z_l) stored by the forward pass.
void Mlp::act_backward(std::size_t l, std::size_t b, float* d) {
  const std::size_t ld = padded(b);
  const LayerLayout& lay = layout_[l];
  const bool is_out = l + 1 == layout_.size();
  const LayerSpec& s = is_out ? spec_.output : spec_.hidden[l];
  const float* z = z_[l].data();
  if (lay.np > 0) {
    for (std::size_t u = 0; u < lay.units; ++u) {
      (void)param_derivative(s.act, unit_params(l, u), *learn_[l], b, z + u * ld, pd_.data());  // validate() checked it
      double g = 0;
      for (std::size_t k = 0; k < b; ++k) g += static_cast<double>(d[u * ld + k]) * pd_[k];
      grads_[lay.p + (lay.np == 1 ? 0 : u)] += static_cast<float>(g);
    }
  }
  const float* df = df_[l].data();
  for (std::size_t i = 0; i < lay.units * ld; i += 4) detail::store4(d + i, detail::load4(d + i) * detail::load4(df + i));
}

void Mlp::backward(std::size_t b) {
  const std::size_t ld = padded(b);
  const std::size_t layers = layout_.size();
  if (!delta_is_dz_) act_backward(layers - 1, b, delta_.data());
  for (std::size_t l = layers; l-- > 0;) {
    const LayerLayout& lay = layout_[l];
    // dL/dW[o][i] += sum_k dL/dz[o][k] a_{l-1}[i][k];  dL/db[o] += sum_k dL/dz[o][k]
    detail::outer_accumulate(delta_.data(), a_[l].data(), grads_.data() + lay.w, grads_.data() + lay.b, lay.units,
                             lay.inputs, ld);
    if (l == 0) break;
    // dL/da_{l-1}[i][k] = sum_o W[o][i] dL/dz[o][k]  (W^T: row stride 1, column stride inputs), then
    // dL/dz_{l-1} = dL/da_{l-1} * f'(z_{l-1}): in the same pass unless a learnable activation
    // parameter of layer l-1 needs dL/da first.
    float* da = delta2_.data();
    const bool learns = layout_[l - 1].np > 0;
    detail::affine(params_.data() + lay.w, 1, lay.inputs, nullptr, delta_.data(), da, lay.inputs, lay.units, ld,
                   learns ? nullptr : df_[l - 1].data());
    if (learns) act_backward(l - 1, b, da);
    delta_.swap(delta2_);
  }
}

// ---------------------------------------------------------------------------------------------
// Training

double Mlp::train_batch(const float* x, const float* y, const std::uint32_t* idx, std::size_t b, bool want_loss) {
  features(x, idx, b, a_[0].data());
  forward(b, static_cast<int>(layout_.size()) - 1, true);
  std::fill(grads_.begin(), grads_.end(), 0.0f);
  const double loss = loss_and_output_grad(y, idx, b, 1.0 / static_cast<double>(b), nullptr, want_loss);
  backward(b);
  apply_update();
  return loss;
}

// ---------------------------------------------------------------------------------------------
// Public calls

AP_COLD Status Mlp::check_fit(const float* x, const float* y, std::size_t n, int epochs, int batch_size) const {
  AP_TRY(check_data(x, y, n));
  if (epochs < 1 || epochs > kMaxEpochs)
    return range_error("epochs must be an integer in [1, " + std::to_string(kMaxEpochs) + "], got " + std::to_string(epochs));
  if (batch_size < 1 || batch_size > kMaxBatchSize)
    return range_error("batch_size must be an integer in [1, " + std::to_string(kMaxBatchSize) + "], got " +
                       std::to_string(batch_size));
  if (n > 0xffffffffu) return range_error("n must be below 2^32 points");
  return {};
}

FitResult Mlp::fit(const float* x, const float* y, std::size_t n, int epochs, int batch_size, bool shuffle) {
  const std::size_t B = std::min(static_cast<std::size_t>(batch_size), n);
  reserve(B);
  idx_.resize(n);
  std::iota(idx_.begin(), idx_.end(), 0u);
  const bool fused = fused_output();
  if (fused) logits_.resize(2 * n);  // the last epoch's logits, then scratch
  double epoch_loss = 0;
  for (int e = 0; e < epochs; ++e) {
    if (shuffle)
      for (std::size_t i = n; i > 1; --i) std::swap(idx_[i - 1], idx_[rng_.below(static_cast<std::uint32_t>(i))]);
    epoch_loss = 0;
    for (std::size_t start = 0; start < n; start += B) {
      const std::size_t b = std::min(B, n - start);
      const std::uint32_t* idx = idx_.data() + start;
      const bool report = e + 1 == epochs;
      epoch_loss += train_batch(x, y, idx, b, report && !fused);
      // The logits survive the backward pass and the update (they write gradients and parameters only).
      if (report && fused) std::copy_n(z_[layout_.size() - 1].data(), b, logits_.data() + start);
    }
    if (e + 1 == epochs && fused) epoch_loss = detail::bce_from_logits(logits_.data(), y, idx_.data(), n, logits_.data() + n);
    ++epoch_;
  }
  return {epoch_loss / static_cast<double>(n), epoch_};
}
}  // namespace ap
