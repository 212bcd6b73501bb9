// The MLP's optimizer step and optimizer state.
#include "ap/mlp.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <numeric>
#include <string>
#include <utility>

#include "mlp_eigen.h"
#include "mlp_internal.h"

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

  using detail::array;
  if (o.kind == OptimizerKind::sgd && reg == Regularization::none) {
    // The common case as one expression over every parameter.
    array(params_.data(), params_.size()) -= lr * array(grads_.data(), grads_.size());
    return;
  }
  // Parameters [begin, end): w, their gradient dL/dw and moments m, v, as arrays (no copies).
  auto update = [&](std::size_t begin, std::size_t end, bool weights) {
    const std::size_t n = end - begin;
    detail::ArrayMap w = array(params_.data() + begin, n), m = array(m1_.data() + begin, n),
                     v = array(m2_.data() + begin, n);
    const detail::ConstArrayMap dL = array(std::as_const(grads_).data() + begin, n);
    // g = dL/dw + l2 w + l1 sign(w), the gradient of the regulariser (l2/2) w^2 + l1 |w| on weights
    // (l1 = l2 = 0 on biases and without one: one loop per optimizer, not one per optimizer and
    // regulariser, which cost engine.wasm 5 KB). An expression, read from w before the step changes w.
    const float l2 = weights && reg == Regularization::l2 ? rate : 0.0f;
    const float l1 = weights && reg == Regularization::l1 ? rate : 0.0f;
    const auto g = dL + l2 * w + l1 * w.sign();
    switch (o.kind) {
      case OptimizerKind::sgd: w -= lr * g; break;
      case OptimizerKind::momentum:
        m = o.momentum * m + g;
        w -= lr * m;
        break;
      case OptimizerKind::adam:
        m = o.beta1 * m + (1.0f - o.beta1) * g;
        v = o.beta2 * v + (1.0f - o.beta2) * g * g;
        w -= lr * (m * inv_c1) / (v.sqrt() * inv_sqrt_c2 + o.epsilon);
        break;
    }
  };
  for (const LayerLayout& lay : layout_) {
    update(lay.w, lay.b, true);
    update(lay.b, lay.p + lay.np, false);
  }
}


Status Mlp::set_learning_rate(float lr) {
  if (!(lr > 0.0f && lr <= 1e3f)) return range_error("lr must be in (0, 1000], got " + num(lr));
  spec_.optimizer.learning_rate = lr;
  return {};
}

Status Mlp::set_optimizer_state(const float* m1, const float* m2, std::size_t count, std::uint64_t steps,
                                std::uint64_t epoch) {
  if (count != params_.size())
    return range_error("the optimizer moments m1 and m2 must hold " + std::to_string(params_.size()) + " values each, got " +
                       std::to_string(count));
  for (std::size_t i = 0; i < count; ++i) {
    AP_TRY(check_finite(m1[i], "m1[" + std::to_string(i) + "]"));
    AP_TRY(check_finite(m2[i], "m2[" + std::to_string(i) + "]"));
    if (m2[i] < 0) return range_error("m2[" + std::to_string(i) + "] must be >= 0, got " + num(m2[i]));
  }
  std::copy(m1, m1 + count, m1_.begin());
  std::copy(m2, m2 + count, m2_.begin());
  steps_ = steps;
  epoch_ = epoch;
  return {};
}
}  // namespace ap
