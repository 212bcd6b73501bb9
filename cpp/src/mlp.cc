// The MLP: spec validation, initialisation, the batched forward and backward passes, losses,
// optimizers and diagnostics. See ap/mlp.h for the memory layout.
#include "ap/mlp.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <stdexcept>
#include <string>

#include "mlp_kernels.h"

namespace ap {
namespace {

using detail::padded;

// Inference runs in chunks of this many points: the scratch buffers of a 64-unit layer stay in L1/L2.
constexpr std::size_t kChunk = 256;
// The catalogue's SIMD kernels work in blocks of this many floats (and copy a partial last block).
constexpr std::size_t kBlock = 16;

template <class E>
struct Named {
  const char* name;
  E value;
};

constexpr Named<Feature> kFeatures[] = {
    {"x1", Feature::x1},       {"x2", Feature::x2},           {"x1^2", Feature::x1_sq},
    {"x2^2", Feature::x2_sq},  {"x1*x2", Feature::x1_x2},     {"sin(x1)", Feature::sin_x1},
    {"sin(x2)", Feature::sin_x2}};
constexpr Named<Loss> kLosses[] = {{"bce", Loss::bce}, {"cross_entropy", Loss::cross_entropy}, {"mse", Loss::mse}};
constexpr Named<OptimizerKind> kOptimizers[] = {
    {"sgd", OptimizerKind::sgd}, {"momentum", OptimizerKind::momentum}, {"adam", OptimizerKind::adam}};
constexpr Named<Regularization> kRegs[] = {
    {"none", Regularization::none}, {"l1", Regularization::l1}, {"l2", Regularization::l2}};
constexpr Named<Init> kInits[] = {{"xavier", Init::xavier}, {"he", Init::he}, {"lecun", Init::lecun}, {"uniform", Init::uniform}};
constexpr Named<Learn> kLearns[] = {{"none", Learn::none}, {"shared", Learn::shared}, {"unit", Learn::per_unit}};

template <class E, std::size_t N>
std::optional<E> lookup(const Named<E> (&table)[N], std::string_view name) {
  for (const auto& e : table)
    if (name == e.name) return e.value;
  return std::nullopt;
}

template <class E, std::size_t N>
const char* name_of(const Named<E> (&table)[N], E value) {
  for (const auto& e : table)
    if (e.value == value) return e.name;
  return "?";
}

[[noreturn]] void out_of_range(const std::string& msg) { throw std::out_of_range(msg); }

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// The parameter of `a` that a network may train (prelu's alpha, swish's beta), from the catalogue.
std::optional<Param> learnable_param(Act a) {
  for (const ParamSpec& p : act_params(a))
    if (p.learnable && p.differentiable) return p.param;
  return std::nullopt;
}

void check_finite(float v, const std::string& what) {
  if (!std::isfinite(v)) out_of_range(what + " must be finite, got " + num(v));
}

}  // namespace

std::optional<Feature> feature_from_name(std::string_view s) { return lookup(kFeatures, s); }
std::optional<Loss> loss_from_name(std::string_view s) { return lookup(kLosses, s); }
std::optional<OptimizerKind> optimizer_from_name(std::string_view s) { return lookup(kOptimizers, s); }
std::optional<Regularization> regularization_from_name(std::string_view s) { return lookup(kRegs, s); }
std::optional<Init> init_from_name(std::string_view s) { return lookup(kInits, s); }
std::optional<Learn> learn_from_name(std::string_view s) { return lookup(kLearns, s); }
const char* feature_name(Feature v) { return name_of(kFeatures, v); }
const char* loss_name(Loss v) { return name_of(kLosses, v); }
const char* optimizer_name(OptimizerKind v) { return name_of(kOptimizers, v); }
const char* regularization_name(Regularization v) { return name_of(kRegs, v); }
const char* init_name(Init v) { return name_of(kInits, v); }
const char* learn_name(Learn v) { return name_of(kLearns, v); }

// ---------------------------------------------------------------------------------------------
// Construction

Mlp::Mlp(const MlpSpec& spec) : spec_(spec), rng_(spec.seed) {
  const std::string fn = "network: ";
  const auto& f = spec_.features;
  if (f.empty() || f.size() > kFeatureCount)
    out_of_range(fn + "features must list 1 to 7 distinct features, got " + std::to_string(f.size()));
  for (std::size_t i = 0; i < f.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (f[i] == f[j]) out_of_range(fn + "features[" + std::to_string(i) + "] repeats " + feature_name(f[i]));
  if (spec_.hidden.size() > kMaxLayers)
    out_of_range(fn + "layers must have at most " + std::to_string(kMaxLayers) + " hidden layers, got " +
                 std::to_string(spec_.hidden.size()));

  auto check_layer = [&](const LayerSpec& l, const std::string& what) {
    if (l.units < 1 || l.units > kMaxUnits)
      out_of_range(fn + what + ".units must be an integer in [1, " + std::to_string(kMaxUnits) + "], got " +
                   std::to_string(l.units));
    check_finite(l.params.alpha, fn + what + ".params.alpha");
    check_finite(l.params.beta, fn + what + ".params.beta");
    check_finite(l.params.theta, fn + what + ".params.theta");
    check_finite(l.params.threshold, fn + what + ".params.threshold");
    if (l.learn != Learn::none && (l.softmax || !learnable_param(l.act)))
      out_of_range(fn + what + ".learnable: only prelu (alpha) and swish (beta) have a learnable parameter");
    if (!l.softmax) {
      try {
        validate_params(l.act, l.params);  // "alpha must be in [-1, 1], got 5"
      } catch (const std::out_of_range& e) {
        // The catalogue says "prelu: alpha must be in [-1, 1], got 5"; name the field instead.
        std::string msg = e.what();
        const std::string prefix = std::string(act_name(l.act)) + ": ";
        if (msg.rfind(prefix, 0) == 0) msg.erase(0, prefix.size());
        out_of_range(fn + what + ".params." + msg);
      }
    }
  };
  for (std::size_t i = 0; i < spec_.hidden.size(); ++i) {
    if (spec_.hidden[i].softmax) out_of_range(fn + "layers[" + std::to_string(i) + "].activation: softmax is for the output layer only");
    check_layer(spec_.hidden[i], "layers[" + std::to_string(i) + "]");
  }
  const LayerSpec& out = spec_.output;
  check_layer(out, "output");
  if (out.softmax && out.units < 2) out_of_range(fn + "output.units must be at least 2 with softmax, got " + std::to_string(out.units));
  if (spec_.loss == Loss::bce && out.units != 1)
    out_of_range(fn + "loss 'bce' needs output.units = 1 (use 'cross_entropy' with softmax), got " + std::to_string(out.units));
  if (spec_.loss == Loss::cross_entropy && !out.softmax)
    out_of_range(fn + "loss 'cross_entropy' needs output.activation 'softmax'");

  const OptimizerSpec& o = spec_.optimizer;
  if (!(o.learning_rate > 0.0f && o.learning_rate <= 1e3f))
    out_of_range(fn + "optimizer.learningRate must be in (0, 1000], got " + num(o.learning_rate));
  if (!(o.momentum >= 0.0f && o.momentum < 1.0f)) out_of_range(fn + "optimizer.momentum must be in [0, 1), got " + num(o.momentum));
  if (!(o.beta1 >= 0.0f && o.beta1 < 1.0f)) out_of_range(fn + "optimizer.beta1 must be in [0, 1), got " + num(o.beta1));
  if (!(o.beta2 >= 0.0f && o.beta2 < 1.0f)) out_of_range(fn + "optimizer.beta2 must be in [0, 1), got " + num(o.beta2));
  if (!(o.epsilon > 0.0f && o.epsilon <= 1.0f)) out_of_range(fn + "optimizer.epsilon must be in (0, 1], got " + num(o.epsilon));
  if (!(spec_.regularization_rate >= 0.0f && spec_.regularization_rate <= 1e3f))
    out_of_range(fn + "regularization.rate must be in [0, 1000], got " + num(spec_.regularization_rate));

  // Layout: W, b, then learnable activation parameters, layer after layer.
  std::size_t inputs = f.size(), offset = 0;
  const std::size_t layers = spec_.hidden.size() + 1;
  for (std::size_t l = 0; l < layers; ++l) {
    const LayerSpec& s = l + 1 < layers ? spec_.hidden[l] : out;
    LayerLayout lay;
    lay.inputs = inputs;
    lay.units = static_cast<std::size_t>(s.units);
    lay.w = offset;
    lay.b = lay.w + lay.units * lay.inputs;
    lay.p = lay.b + lay.units;
    lay.np = s.learn == Learn::none ? 0 : s.learn == Learn::shared ? 1 : lay.units;
    offset = lay.p + lay.np;
    inputs = lay.units;
    layout_.push_back(lay);
    learn_.push_back(s.learn == Learn::none ? std::nullopt : learnable_param(s.act));
  }
  params_.assign(offset, 0.0f);
  grads_.assign(offset, 0.0f);
  m1_.assign(offset, 0.0f);
  m2_.assign(offset, 0.0f);

  // Initialisation, in layer order, row-major within W: the draw order is part of the format.
  for (std::size_t l = 0; l < layers; ++l) {
    const LayerLayout& lay = layout_[l];
    const double fan_in = static_cast<double>(lay.inputs), fan_out = static_cast<double>(lay.units);
    for (std::size_t i = 0; i < lay.units * lay.inputs; ++i) {
      double w = 0;
      switch (spec_.init) {
        case Init::xavier: {  // Glorot uniform: Var = 2 / (fan_in + fan_out)
          const double a = std::sqrt(6.0 / (fan_in + fan_out));
          w = rng_.uniform(-a, a);
          break;
        }
        case Init::he: w = std::sqrt(2.0 / fan_in) * rng_.normal(); break;     // Var = 2 / fan_in (ReLU)
        case Init::lecun: w = std::sqrt(1.0 / fan_in) * rng_.normal(); break;  // Var = 1 / fan_in (SELU)
        case Init::uniform: w = rng_.uniform(-0.5, 0.5); break;                // Playground's
      }
      params_[lay.w + i] = static_cast<float>(w);
    }
    if (learn_[l]) {
      const LayerSpec& s = l + 1 < layers ? spec_.hidden[l] : out;
      std::fill_n(params_.begin() + static_cast<std::ptrdiff_t>(lay.p), lay.np, get_param(s.params, *learn_[l]));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Validation of call arguments (before anything changes)

// Messages are built only for the first bad value: these run on every fit() and evaluate().
void Mlp::check_points(const float* x, std::size_t n, const char* fn) const {
  if (n < 1) out_of_range(std::string(fn) + ": x must hold at least one point");
  if (detail::all_within(x, 2 * n, -FLT_MAX, FLT_MAX)) return;
  for (std::size_t i = 0; i < 2 * n; ++i)
    if (!std::isfinite(x[i])) out_of_range(std::string(fn) + ": x[" + std::to_string(i) + "] must be finite, got " + num(x[i]));
}

void Mlp::check_targets(const float* y, std::size_t n, const char* fn) const {
  const std::size_t k = output_size();
  const bool bce = k == 1 && spec_.loss == Loss::bce;
  if (k == 1 && detail::all_within(y, n, bce ? 0.0f : -FLT_MAX, bce ? 1.0f : FLT_MAX)) return;
  for (std::size_t i = 0; i < n; ++i) {
    const float v = y[i];
    const bool ok = k > 1 ? v == std::floor(v) && v >= 0 && v < static_cast<float>(k)
                          : std::isfinite(v) && (!bce || (v >= 0 && v <= 1));
    if (ok) continue;
    const std::string what = std::string(fn) + ": y[" + std::to_string(i) + "]";
    if (!std::isfinite(v)) out_of_range(what + " must be finite, got " + num(v));
    if (k > 1) out_of_range(what + " must be a class index in [0, " + std::to_string(k - 1) + "], got " + num(v));
    out_of_range(what + " must be in [0, 1] for loss 'bce', got " + num(v));
  }
}

// ---------------------------------------------------------------------------------------------
// Forward pass

// Buffers hold unit-major blocks of padded(b) columns; the padding columns carry finite values
// (features 0) and a zero loss gradient, so they never change a result.
void Mlp::reserve(std::size_t points) {
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
  const Coordinates c = coordinate_rows(b, f);
  for (std::size_t k = 0; k < b; ++k) {
    const std::size_t p = idx ? idx[k] : k;
    c.x1[k] = x[2 * p];
    c.x2[k] = x[2 * p + 1];
  }
  derive_features(b, f, c);
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
// Loss, and its gradient at the output (scaled by `scale`; 0 = no gradient). Training skips the
// loss (want_loss false) except in the epoch whose mean it reports. On the fused sigmoid + BCE path
// the loss needs a logarithm per point, about as costly as the rest of a step: fit() keeps the
// epoch's logits and sums their losses at its end (bce_from_logits), in one catalogue call.

/// Sum over n points of the BCE from the logit: -[y log s(z) + (1-y) log s(-z)] = max(z, 0) - y z +
/// log1p(e^{-|z|}), and log1p(e^{-|z|}) = -log_sigmoid(|z|) in (0, log 2]: one SIMD catalogue call
/// (float32, a few ULP). Never takes the log of a probability rounded to 0. Target k is y[idx[k]]
/// (y[k] without idx); scratch holds n floats.
static double bce_from_logits(const float* z, const float* y, const std::uint32_t* idx, std::size_t n, float* scratch) {
  double total = 0;
  for (std::size_t k = 0; k < n; ++k) {
    // max(z, 0) as (z + |z|) / 2, exact in double: a max() compiles to branches that the signs of
    // the logits make unpredictable.
    const double t = y[idx ? idx[k] : k], zk = z[k];
    total += 0.5 * (zk + std::fabs(zk)) - t * zk;
    scratch[k] = std::fabs(z[k]);
  }
  ap::forward(Act::log_sigmoid, ActParams{}, n, scratch, scratch);
  for (std::size_t k = 0; k < n; ++k) total -= scratch[k];
  return total;
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
    if (want_loss) total = bce_from_logits(z, y, idx, b, pd_.data());
  } else if (s.softmax) {
    for (std::size_t k = 0; k < b; ++k) {
      const auto label = static_cast<std::size_t>(y[idx ? idx[k] : k]);
      std::size_t best = 0;
      for (std::size_t u = 1; u < K; ++u)
        if (a[u * ld + k] > a[best * ld + k]) best = u;
      right += best == label;
      if (spec_.loss == Loss::cross_entropy) {
        // -log softmax_y(z) = logsumexp(z) - z_y, with the max factored out; dL/dz = p - onehot(y).
        double m = z[k];
        for (std::size_t u = 1; u < K; ++u) m = std::max(m, static_cast<double>(z[u * ld + k]));
        double sum = 0;
        for (std::size_t u = 0; u < K; ++u) sum += std::exp(z[u * ld + k] - m);
        total += m + std::log(sum) - z[label * ld + k];
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

// ---------------------------------------------------------------------------------------------
// Backward pass (adds into grads_)

// d holds dL/da_l (units x b); adds dL/d(param) = sum dL/da * df/dparam for a learnable parameter,
// then turns d into dL/dz_l = dL/da_l * f'(z_l) in place.
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
      param_derivative(s.act, unit_params(l, u), *learn_[l], b, z + u * ld, pd_.data());
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

// ---------------------------------------------------------------------------------------------
// Public calls

FitResult Mlp::fit(const float* x, const float* y, std::size_t n, int epochs, int batch_size, bool shuffle) {
  check_points(x, n, "network.fit");
  check_targets(y, n, "network.fit");
  if (epochs < 1 || epochs > 1000000) out_of_range("network.fit: epochs must be an integer in [1, 1000000], got " + std::to_string(epochs));
  if (batch_size < 1) out_of_range("network.fit: batchSize must be a positive integer, got " + std::to_string(batch_size));
  if (n > 0xffffffffu) out_of_range("network.fit: too many points");
  const std::size_t B = std::min(static_cast<std::size_t>(batch_size), n);
  reserve(B);
  idx_.resize(n);
  std::iota(idx_.begin(), idx_.end(), 0u);
  const bool fused = fused_output();
  if (fused) logits_.resize(2 * n);  // the last epoch's logits, then scratch
  double epoch_loss = 0;
  const int last = static_cast<int>(layout_.size()) - 1;
  for (int e = 0; e < epochs; ++e) {
    if (shuffle)
      for (std::size_t i = n; i > 1; --i) std::swap(idx_[i - 1], idx_[rng_.below(static_cast<std::uint32_t>(i))]);
    epoch_loss = 0;
    for (std::size_t start = 0; start < n; start += B) {
      const std::size_t b = std::min(B, n - start);
      const std::uint32_t* idx = idx_.data() + start;
      features(x, idx, b, a_[0].data());
      forward(b, last, true);
      std::fill(grads_.begin(), grads_.end(), 0.0f);
      const bool report = e + 1 == epochs;
      epoch_loss += loss_and_output_grad(y, idx, b, 1.0 / static_cast<double>(b), nullptr, report && !fused);
      if (report && fused) std::copy_n(z_[layout_.size() - 1].data(), b, logits_.data() + start);
      backward(b);
      apply_update();
    }
    if (e + 1 == epochs && fused) epoch_loss = bce_from_logits(logits_.data(), y, idx_.data(), n, logits_.data() + n);
    ++epoch_;
  }
  return {epoch_loss / static_cast<double>(n), epoch_};
}

template <class Body>
void Mlp::over_points(const float* x, std::size_t n, int upto, Body&& body, bool derivatives) {
  reserve(std::min(n, kChunk));
  for (std::size_t start = 0; start < n; start += kChunk) {
    const std::size_t b = std::min(kChunk, n - start);
    features(x + 2 * start, nullptr, b, a_[0].data());
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
  check_points(x, n, "network.evaluate");
  check_targets(y, n, "network.evaluate");
  double total = 0;
  std::size_t right = 0;
  over_points(x, n, static_cast<int>(layout_.size()) - 1, [&](std::size_t start, std::size_t b) {
    total += loss_and_output_grad(y + start, nullptr, b, 0.0, &right);
  });
  return {total / static_cast<double>(n), static_cast<double>(right) / static_cast<double>(n)};
}

std::size_t Mlp::layer_width(int layer) const {
  if (layer < -1 || layer >= static_cast<int>(layout_.size()))
    out_of_range("network.layerOutputs: layer must be an integer in [-1, " + std::to_string(layout_.size() - 1) + "], got " +
                 std::to_string(layer));
  return layer < 0 ? input_size() : layout_[static_cast<std::size_t>(layer)].units;
}

void Mlp::layer_outputs(int layer, const float* x, std::size_t n, float* out) {
  const std::size_t width = layer_width(layer);
  check_points(x, n, "network.layerOutputs");
  over_points(x, n, layer, [&](std::size_t start, std::size_t b) {
    const float* a = a_[static_cast<std::size_t>(layer + 1)].data();
    for (std::size_t k = 0; k < b; ++k)
      for (std::size_t u = 0; u < width; ++u) out[(start + k) * width + u] = a[u * padded(b) + k];
  });
}

void Mlp::predict(const float* x, std::size_t n, float* out) {
  check_points(x, n, "network.predict");
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

static void check_grid(const Grid& g, const char* fn) {
  const std::string f = fn;
  if (!(std::isfinite(g.x0) && std::isfinite(g.x1) && g.x0 < g.x1))
    out_of_range(f + ": grid.x must be [min, max] with finite min < max");
  if (!(std::isfinite(g.y0) && std::isfinite(g.y1) && g.y0 < g.y1))
    out_of_range(f + ": grid.y must be [min, max] with finite min < max");
  if (g.width < 1 || g.width > 4096) out_of_range(f + ": grid.width must be an integer in [1, 4096], got " + std::to_string(g.width));
  if (g.height < 1 || g.height > 4096) out_of_range(f + ": grid.height must be an integer in [1, 4096], got " + std::to_string(g.height));
}

void Mlp::predict_grid(const Grid& g, float* out) {
  check_grid(g, "network.predictGrid");
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
  check_grid(g, "network.layerOutputsGrid");
  const std::size_t n = g.width * g.height;
  over_grid(g, layer, [&](std::size_t start, std::size_t b) {
    const float* a = a_[static_cast<std::size_t>(layer + 1)].data();
    for (std::size_t u = 0; u < width; ++u) std::memcpy(out + u * n + start, a + u * padded(b), b * sizeof(float));
  });
}

void Mlp::gradients(const float* x, const float* y, std::size_t n, float* out) {
  check_points(x, n, "network.gradients");
  check_targets(y, n, "network.gradients");
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

std::vector<int> Mlp::dead_units(const float* x, std::size_t n) {
  check_points(x, n, "network.deadUnits");
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

std::vector<float> Mlp::last_gradient_norms() const {
  std::vector<float> norms;
  for (const LayerLayout& lay : layout_) {
    double s = 0;
    for (std::size_t i = lay.w; i < lay.p + lay.np; ++i) s += static_cast<double>(grads_[i]) * grads_[i];
    norms.push_back(static_cast<float>(std::sqrt(s)));
  }
  return norms;
}

void Mlp::linear_map(std::vector<float>& weights, std::vector<float>& biases) const {
  for (std::size_t l = 0; l + 1 < layout_.size(); ++l)
    if (spec_.hidden[l].act != Act::identity)
      throw std::logic_error("network.linearMap: layers[" + std::to_string(l) + "].activation must be 'identity' for the network to collapse to one affine map");
  // Compose z = W_L (... (W_1 f + b_1) ...) + b_L in double: M <- W M, c <- W c + b.
  const std::size_t in = input_size();
  std::vector<double> M(in * in, 0.0), c(in, 0.0);
  for (std::size_t i = 0; i < in; ++i) M[i * in + i] = 1.0;
  std::size_t rows = in;
  for (const LayerLayout& lay : layout_) {
    std::vector<double> M2(lay.units * in, 0.0), c2(lay.units, 0.0);
    for (std::size_t o = 0; o < lay.units; ++o) {
      c2[o] = params_[lay.b + o];
      for (std::size_t r = 0; r < rows; ++r) {
        const double w = params_[lay.w + o * lay.inputs + r];
        c2[o] += w * c[r];
        for (std::size_t j = 0; j < in; ++j) M2[o * in + j] += w * M[r * in + j];
      }
    }
    M.swap(M2);
    c.swap(c2);
    rows = lay.units;
  }
  weights.assign(M.begin(), M.end());
  biases.assign(c.begin(), c.end());
}

void Mlp::set_parameters(const float* values, std::size_t count) {
  if (count != params_.size())
    out_of_range("network.setWeights: expected " + std::to_string(params_.size()) + " parameters, got " + std::to_string(count));
  for (std::size_t i = 0; i < count; ++i) check_finite(values[i], "network.setWeights: parameter " + std::to_string(i));
  std::copy(values, values + count, params_.begin());
}

void Mlp::set_learning_rate(float lr) {
  if (!(lr > 0.0f && lr <= 1e3f)) out_of_range("network.setLearningRate: learningRate must be in (0, 1000], got " + num(lr));
  spec_.optimizer.learning_rate = lr;
}

void Mlp::set_optimizer_state(const float* m1, const float* m2, std::size_t count, std::uint64_t steps,
                              std::uint64_t epoch) {
  if (count != params_.size())
    out_of_range("loadNetwork: optimizer moments must have " + std::to_string(params_.size()) + " values, got " + std::to_string(count));
  for (std::size_t i = 0; i < count; ++i) {
    check_finite(m1[i], "loadNetwork: optimizer.m[" + std::to_string(i) + "]");
    check_finite(m2[i], "loadNetwork: optimizer.v[" + std::to_string(i) + "]");
    if (m2[i] < 0) out_of_range("loadNetwork: optimizer.v[" + std::to_string(i) + "] must be >= 0, got " + num(m2[i]));
  }
  std::copy(m1, m1 + count, m1_.begin());
  std::copy(m2, m2 + count, m2_.begin());
  steps_ = steps;
  epoch_ = epoch;
}

void Mlp::set_rng(std::uint64_t state, std::uint64_t increment) {
  if (!rng_.restore(state, increment)) out_of_range("loadNetwork: rng increment must be odd");
}

}  // namespace ap
