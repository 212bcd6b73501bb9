// One example, explained: Mlp::trace (the forward and backward pass of a single point, layer by layer,
// and the update a step on it would make) and Mlp::step (that step). Both reuse the batched passes of
// mlp.cc on a batch of one, so the numbers are the ones training computes.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "ap/mlp.h"
#include "mlp_kernels.h"

namespace ap {

using detail::padded;

ExampleTrace Mlp::trace(const float* x, const float* y) {
  reserve(1);
  const std::size_t ld = padded(1), layers = layout_.size();
  // grads_ holds the last training step's gradient (for last_gradient_norms): keep it.
  const std::vector<float> saved = grads_;
  features(x, nullptr, 1, a_[0].data());
  forward(1, static_cast<int>(layers) - 1, true);
  std::fill(grads_.begin(), grads_.end(), 0.0f);
  ExampleTrace t;
  t.loss = loss_and_output_grad(y, nullptr, 1, 1.0, nullptr, true);
  backward(1);

  for (std::size_t j = 0; j < input_size(); ++j) t.features.push_back(a_[0][j * ld]);
  const auto range = [&](std::size_t from, std::size_t count) {
    return std::vector<float>(grads_.begin() + static_cast<std::ptrdiff_t>(from),
                              grads_.begin() + static_cast<std::ptrdiff_t>(from + count));
  };
  for (std::size_t l = 0; l < layers; ++l) {
    const LayerLayout& lay = layout_[l];
    const LayerSpec& s = l + 1 < layers ? spec_.hidden[l] : spec_.output;
    LayerTrace lt;
    for (std::size_t u = 0; u < lay.units; ++u) {
      lt.z.push_back(z_[l][u * ld]);
      lt.a.push_back(a_[l + 1][u * ld]);
      if (!s.softmax) {
        float d = 0;
        ap::derivative(s.act, unit_params(l, u), 1, &lt.z.back(), &d);  // bit for bit the training pass's f'(z)
        lt.derivative.push_back(d);
      }
    }
    lt.weight_grad = range(lay.w, lay.units * lay.inputs);
    // For one example dL/db = dL/dz: backward() adds each delta once into the zeroed bias gradient.
    lt.bias_grad = range(lay.b, lay.units);
    lt.delta = lt.bias_grad;
    lt.param_grad = range(lay.p, lay.np);
    t.layers.push_back(std::move(lt));
  }

  // The update step() would make: apply it, read new - old, put everything back.
  const std::vector<float> p0 = params_, m1 = m1_, m2 = m2_;
  const std::uint64_t steps = steps_;
  apply_update();
  for (std::size_t l = 0; l < layers; ++l) {
    const LayerLayout& lay = layout_[l];
    const auto diff = [&](std::size_t from, std::size_t count) {
      std::vector<float> d(count);
      for (std::size_t i = 0; i < count; ++i) d[i] = params_[from + i] - p0[from + i];
      return d;
    };
    t.layers[l].weight_step = diff(lay.w, lay.units * lay.inputs);
    t.layers[l].bias_step = diff(lay.b, lay.units);
    t.layers[l].param_step = diff(lay.p, lay.np);
  }
  params_ = p0;
  m1_ = m1;
  m2_ = m2;
  steps_ = steps;
  grads_ = saved;
  return t;
}

double Mlp::step(const float* x, const float* y) {
  reserve(1);
  return train_batch(x, y, nullptr, 1, true);
}

}  // namespace ap
