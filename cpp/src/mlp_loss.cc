// The MLP's losses and their gradients at the output layer.
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
// Loss, and its gradient at the output (scaled by `scale`; 0 = no gradient). Training skips the
// loss (want_loss false) except in the epoch whose mean it reports. On the fused sigmoid + BCE path
// the loss needs a logarithm per point, about as costly as the rest of a step: fit() keeps the
// epoch's logits and sums their losses at its end (bce_from_logits), in one catalogue call.

/// Sum over n points of the BCE from the logit: -[y log s(z) + (1-y) log s(-z)] = max(z, 0) - y z +
/// log1p(e^{-|z|}), and log1p(e^{-|z|}) = -log_sigmoid(|z|) in (0, log 2]: one SIMD catalogue call
/// (float32, a few ULP). Never takes the log of a probability rounded to 0. Target k is y[idx[k]]
/// (y[k] without idx); scratch holds n floats.
/// At z = +-inf the formula is inf - inf; the limit is taken instead: max(z, 0) - y z = (1 - y) z for
/// z > 0 and -y z for z < 0, so 0 when the label matches the sign (y = 1 at +inf, y = 0 at -inf) and
/// +inf otherwise; log_sigmoid(+inf) = 0.
double detail::bce_from_logits(const float* z, const float* y, const std::uint32_t* idx, std::size_t n, float* scratch) {
  double total = 0;
  for (std::size_t k = 0; k < n; ++k) {
    // max(z, 0) as (z + |z|) / 2, exact in double: a max() compiles to branches that the signs of
    // the logits make unpredictable. The infinite logit is a branch almost never taken.
    const double t = y[idx ? idx[k] : k], zk = z[k];
    if (std::isinf(zk)) {
      const double w = zk > 0 ? 1.0 - t : t;  // the coefficient of |z| in the limit
      total += w == 0.0 ? 0.0 : w * HUGE_VAL;
    } else {
      total += 0.5 * (zk + std::fabs(zk)) - t * zk;
    }
    scratch[k] = std::fabs(z[k]);
  }
  ap::forward(Act::log_sigmoid, ActParams{}, n, scratch, scratch);
  for (std::size_t k = 0; k < n; ++k) total -= scratch[k];
  return total;
}

/// -log softmax_y(z) = logsumexp(z) - z_y, with the max m factored out (every exp argument <= 0). When
/// m is +-inf that is inf - inf; the value is then -log p_y with the probabilities of ap::softmax at
/// infinity (the k logits equal to m share the mass, the others get 0): log k if z_y = m (0 for a lone
/// +inf logit, log K when all are -inf), +inf if z_y < m. A NaN logit gives NaN.
double detail::softmax_cross_entropy(const float* z, std::size_t ld, std::size_t K, std::size_t label) {
  double m = z[0];
  for (std::size_t u = 1; u < K; ++u) m = std::max(m, static_cast<double>(z[u * ld]));
  if (std::isinf(m)) {
    std::size_t k = 0;
    for (std::size_t u = 0; u < K; ++u) {
      if (std::isnan(z[u * ld])) return std::nan("");
      k += z[u * ld] == m;
    }
    return z[label * ld] == m ? std::log(static_cast<double>(k)) : HUGE_VAL;
  }
  double sum = 0;
  for (std::size_t u = 0; u < K; ++u) sum += std::exp(z[u * ld] - m);
  return m + std::log(sum) - z[label * ld];
}

double Mlp::loss_and_output_grad(const float* y, const std::uint32_t* idx, std::size_t b, double scale,
                                 std::size_t* correct, bool want_loss) {
  const std::size_t L = layout_.size() - 1, K = layout_[L].units;
  const LayerSpec& s = spec_.output;
  const std::size_t ld = padded(b);
  const float* z = z_[L].data();
  const float* a = a_[L + 1].data();
  float* d = delta_.data();
  // Padding columns get a zero gradient, so they add nothing to any sum in the backward pass.
  const bool grad = scale != 0.0;
  if (grad)
    for (std::size_t u = 0; u < K; ++u) std::fill(d + u * ld + b, d + (u + 1) * ld, 0.0f);
  double total = 0;
  std::size_t right = 0;
  delta_is_dz_ = true;

  if (fused_output()) {
    // dL/dz = s(z) - y; the loss as in bce_from_logits.
    for (std::size_t k = 0; k < b; ++k) {
      const double t = y[idx ? idx[k] : k];
      if (grad) d[k] = static_cast<float>((a[k] - t) * scale);
      right += (a[k] >= 0.5f) == (t >= 0.5);
    }
    if (want_loss) total = detail::bce_from_logits(z, y, idx, b, pd_.data());
  } else if (s.softmax) {
    for (std::size_t k = 0; k < b; ++k) {
      const auto label = static_cast<std::size_t>(y[idx ? idx[k] : k]);
      std::size_t best = 0;
      for (std::size_t u = 1; u < K; ++u)
        if (a[u * ld + k] > a[best * ld + k]) best = u;
      right += best == label;
      if (spec_.loss == Loss::cross_entropy) {
        // dL/dz = p - onehot(y).
        total += detail::softmax_cross_entropy(z + k, ld, K, label);
        if (grad)
          for (std::size_t u = 0; u < K; ++u)
            d[u * ld + k] = static_cast<float>((a[u * ld + k] - (u == label ? 1.0 : 0.0)) * scale);
      } else {
        // MSE on the probabilities against one-hot targets, mean over units; back through softmax:
        // dL/dz_j = p_j (g_j - sum_i g_i p_i) with g = dL/dp.
        double dot = 0;
        for (std::size_t u = 0; u < K; ++u) {
          const double e = a[u * ld + k] - (u == label ? 1.0 : 0.0);
          total += e * e / static_cast<double>(K);
          dot += 2.0 * e / static_cast<double>(K) * a[u * ld + k];
        }
        if (grad)
          for (std::size_t u = 0; u < K; ++u) {
            const double g = 2.0 * (a[u * ld + k] - (u == label ? 1.0 : 0.0)) / static_cast<double>(K);
            d[u * ld + k] = static_cast<float>(a[u * ld + k] * (g - dot) * scale);
          }
      }
    }
  } else {
    // Any other output activation: dL/da here, then back through f (and its learnable parameter).
    delta_is_dz_ = false;
    for (std::size_t k = 0; k < b; ++k) {
      const double t = y[idx ? idx[k] : k];
      if (K == 1) {
        const double p = a[k];
        right += (p >= 0.5) == (t >= 0.5);
        if (spec_.loss == Loss::bce) {
          // Clamped so that an output that reaches 0 or 1 exactly (step, hard_sigmoid) stays finite.
          const double pc = std::min(std::max(p, 1e-7), 1.0 - 1e-7);
          total += -(t * std::log(pc) + (1.0 - t) * std::log1p(-pc));
          if (grad) d[k] = static_cast<float>((pc - t) / (pc * (1.0 - pc)) * scale);
        } else {
          total += (p - t) * (p - t);
          if (grad) d[k] = static_cast<float>(2.0 * (p - t) * scale);
        }
      } else {
        const auto label = static_cast<std::size_t>(t);
        std::size_t best = 0;
        for (std::size_t u = 1; u < K; ++u)
          if (a[u * ld + k] > a[best * ld + k]) best = u;
        right += best == label;
        for (std::size_t u = 0; u < K; ++u) {
          const double e = a[u * ld + k] - (u == label ? 1.0 : 0.0);
          total += e * e / static_cast<double>(K);
          if (grad) d[u * ld + k] = static_cast<float>(2.0 * e / static_cast<double>(K) * scale);
        }
      }
    }
  }
  if (correct) *correct += right;
  return total;
}

}  // namespace ap
