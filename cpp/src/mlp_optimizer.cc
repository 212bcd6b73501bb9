// The MLP's optimizer step and optimizer state.
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
// Optimizer step: g = dL/dw (+ the regulariser's gradient on weights, not biases), then
//   sgd:       w -= lr g
//   momentum:  v = mu v + g;  w -= lr v
//   adam:      m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  w -= lr m^ / (sqrt(v^) + eps),
//              with m^ = m / (1 - b1^t), v^ = v / (1 - b2^t)
void Mlp::apply_update() {
  ++steps_;
  const OptimizerSpec& o = spec_.optimizer;
  const float lr = o.learning_rate;
  const float rate = spec_.regularization_rate;
  const Regularization reg = rate > 0 ? spec_.regularization : Regularization::none;
  float inv_c1 = 1.0f, inv_sqrt_c2 = 1.0f;
  if (o.kind == OptimizerKind::adam) {
    const double c1 = 1.0 - std::pow(static_cast<double>(o.beta1), static_cast<double>(steps_));
    const double c2 = 1.0 - std::pow(static_cast<double>(o.beta2), static_cast<double>(steps_));
    inv_c1 = static_cast<float>(1.0 / c1);
    inv_sqrt_c2 = static_cast<float>(1.0 / std::sqrt(c2));
  }

  if (o.kind == OptimizerKind::sgd && reg == Regularization::none) {
    // The common case as one loop that vectorises: w -= lr g for every parameter.
    float* w = params_.data();
    const float* gr = grads_.data();
    for (std::size_t i = 0; i < params_.size(); ++i) w[i] -= lr * gr[i];
    return;
  }
  auto update = [&](std::size_t begin, std::size_t end, bool weights) {
    float* w = params_.data();
    const float* gr = grads_.data();
    float* m = m1_.data();
    float* v = m2_.data();
    for (std::size_t i = begin; i < end; ++i) {
      float g = gr[i];
      if (weights) {
        if (reg == Regularization::l2) g += rate * w[i];  // d/dw (rate/2) w^2
        else if (reg == Regularization::l1) g += rate * static_cast<float>((w[i] > 0) - (w[i] < 0));  // d/dw rate |w|
      }
      switch (o.kind) {
        case OptimizerKind::sgd: w[i] -= lr * g; break;
        case OptimizerKind::momentum:
          m[i] = o.momentum * m[i] + g;
          w[i] -= lr * m[i];
          break;
        case OptimizerKind::adam:
          m[i] = o.beta1 * m[i] + (1.0f - o.beta1) * g;
          v[i] = o.beta2 * v[i] + (1.0f - o.beta2) * g * g;
          w[i] -= lr * (m[i] * inv_c1) / (std::sqrt(v[i]) * inv_sqrt_c2 + o.epsilon);
          break;
      }
    }
  };
  for (const LayerLayout& lay : layout_) {
    update(lay.w, lay.b, true);
    update(lay.b, lay.p + lay.np, false);
  }
}


void Mlp::set_learning_rate(float lr) {
  if (!(lr > 0.0f && lr <= 1e3f)) out_of_range("lr must be in (0, 1000], got " + num(lr));
  spec_.optimizer.learning_rate = lr;
}

void Mlp::set_optimizer_state(const float* m1, const float* m2, std::size_t count, std::uint64_t steps,
                              std::uint64_t epoch) {
  if (count != params_.size())
    out_of_range("the optimizer moments m1 and m2 must hold " + std::to_string(params_.size()) + " values each, got " + std::to_string(count));
  for (std::size_t i = 0; i < count; ++i) {
    check_finite(m1[i], "m1[" + std::to_string(i) + "]");
    check_finite(m2[i], "m2[" + std::to_string(i) + "]");
    if (m2[i] < 0) out_of_range("m2[" + std::to_string(i) + "] must be >= 0, got " + num(m2[i]));
  }
  std::copy(m1, m1 + count, m1_.begin());
  std::copy(m2, m2 + count, m2_.begin());
  steps_ = steps;
  epoch_ = epoch;
}
}  // namespace ap
