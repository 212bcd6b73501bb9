// The MLP's names, its spec validation and initialisation, the checks of call arguments, and the
// setters of its state. See ap/mlp.h for the memory layout.
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

namespace {

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

// Messages name the MlpSpec fields (hidden[0].units, optimizer.learning_rate): the bindings prefix
// the JS call, and the JS API checks its own spec (with its own names) before it gets here.
Status Mlp::validate(const MlpSpec& spec) {
  const auto& f = spec.features;
  if (spec.inputs != 0) {
    if (!f.empty()) return range_error("inputs and features are exclusive: give inputs (raw columns) or features (the 2-D form)");
    if (spec.inputs > kMaxInputs)
      return range_error("inputs must be an integer in [1, " + std::to_string(kMaxInputs) + "], got " + std::to_string(spec.inputs));
  } else if (f.empty() || f.size() > kFeatureCount) {
    return range_error("features must list 1 to 7 distinct features, got " + std::to_string(f.size()));
  }
  for (std::size_t i = 0; i < f.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (f[i] == f[j]) return range_error("features[" + std::to_string(i) + "] repeats " + feature_name(f[i]));
  if (spec.hidden.size() > kMaxLayers)
    return range_error("hidden must have at most " + std::to_string(kMaxLayers) + " layers, got " +
                 std::to_string(spec.hidden.size()));

  auto check_layer = [&](const LayerSpec& l, const std::string& what) -> Status {
    if (l.units < 1 || l.units > kMaxUnits)
      return range_error(what + ".units must be an integer in [1, " + std::to_string(kMaxUnits) + "], got " +
                   std::to_string(l.units));
    AP_TRY(check_finite(l.params.alpha, what + ".params.alpha"));
    AP_TRY(check_finite(l.params.beta, what + ".params.beta"));
    AP_TRY(check_finite(l.params.theta, what + ".params.theta"));
    AP_TRY(check_finite(l.params.threshold, what + ".params.threshold"));
    if (l.learn != Learn::none && (l.softmax || !learnable_param(l.act)))
      return range_error(what + ".learn: only prelu (alpha), swish (beta) and formula activations with a parameter declared learnable have one");
    if (!l.softmax) {
      Status s = validate_params(l.act, l.params);
      if (!s.ok()) return range_error(what + ".params." + s.message());  // hidden[0].params.alpha must be in [-1, 1], got 5
    }
    return {};
  };
  for (std::size_t i = 0; i < spec.hidden.size(); ++i) {
    if (spec.hidden[i].softmax) return range_error("hidden[" + std::to_string(i) + "].softmax: softmax is for the output layer only");
    AP_TRY(check_layer(spec.hidden[i], "hidden[" + std::to_string(i) + "]"));
  }
  const LayerSpec& out = spec.output;
  AP_TRY(check_layer(out, "output"));
  if (out.softmax && out.units < 2) return range_error("output.units must be at least 2 with softmax, got " + std::to_string(out.units));
  if (spec.loss == Loss::bce && out.units != 1)
    return range_error("loss 'bce' needs output.units = 1 (use 'cross_entropy' with softmax), got " + std::to_string(out.units));
  if (spec.loss == Loss::cross_entropy && !out.softmax)
    return range_error("loss 'cross_entropy' needs a softmax output");

  const OptimizerSpec& o = spec.optimizer;
  if (!(o.learning_rate > 0.0f && o.learning_rate <= 1e3f))
    return range_error("optimizer.learning_rate must be in (0, 1000], got " + num(o.learning_rate));
  if (!(o.momentum >= 0.0f && o.momentum < 1.0f)) return range_error("optimizer.momentum must be in [0, 1), got " + num(o.momentum));
  if (!(o.beta1 >= 0.0f && o.beta1 < 1.0f)) return range_error("optimizer.beta1 must be in [0, 1), got " + num(o.beta1));
  if (!(o.beta2 >= 0.0f && o.beta2 < 1.0f)) return range_error("optimizer.beta2 must be in [0, 1), got " + num(o.beta2));
  if (!(o.epsilon > 0.0f && o.epsilon <= 1.0f)) return range_error("optimizer.epsilon must be in (0, 1], got " + num(o.epsilon));
  if (!(spec.regularization_rate >= 0.0f && spec.regularization_rate <= 1e3f))
    return range_error("regularization_rate must be in [0, 1000], got " + num(spec.regularization_rate));
  return {};
}

Mlp::Mlp(const MlpSpec& spec) : spec_(spec), rng_(spec.seed) {
  const LayerSpec& out = spec_.output;
  // Layout: W, b, then learnable activation parameters, layer after layer.
  std::size_t inputs = input_size(), offset = 0;
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
Status Mlp::check_points(const float* x, std::size_t n) const {
  if (n < 1) return range_error("x must hold at least one point");
  const std::size_t count = point_size() * n;
  if (detail::all_within(x, count, -FLT_MAX, FLT_MAX)) return {};
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(x[i])) return range_error("x[" + std::to_string(i) + "] must be finite, got " + num(x[i]));
  return {};
}

Status Mlp::check_targets(const float* y, std::size_t n) const {
  const std::size_t k = output_size();
  const bool bce = k == 1 && spec_.loss == Loss::bce;
  if (k == 1 && detail::all_within(y, n, bce ? 0.0f : -FLT_MAX, bce ? 1.0f : FLT_MAX)) return {};
  for (std::size_t i = 0; i < n; ++i) {
    const float v = y[i];
    const bool ok = k > 1 ? v == std::floor(v) && v >= 0 && v < static_cast<float>(k)
                          : std::isfinite(v) && (!bce || (v >= 0 && v <= 1));
    if (ok) continue;
    const std::string what = "y[" + std::to_string(i) + "]";
    if (!std::isfinite(v)) return range_error(what + " must be finite, got " + num(v));
    if (k > 1) return range_error(what + " must be a class index in [0, " + std::to_string(k - 1) + "], got " + num(v));
    return range_error(what + " must be in [0, 1] for loss 'bce', got " + num(v));
  }
  return {};
}

Status Mlp::check_data(const float* x, const float* y, std::size_t n) const {
  AP_TRY(check_points(x, n));
  return check_targets(y, n);
}


Status Mlp::set_parameters(const float* values, std::size_t count) {
  if (count != params_.size())
    return range_error("values must hold " + std::to_string(params_.size()) + " parameters, got " + std::to_string(count));
  for (std::size_t i = 0; i < count; ++i) AP_TRY(check_finite(values[i], "values[" + std::to_string(i) + "]"));
  std::copy(values, values + count, params_.begin());
  return {};
}

Status Mlp::set_rng(std::uint64_t state, std::uint64_t increment) {
  if (!rng_.restore(state, increment)) return range_error("the RNG increment must be odd");
  return {};
}
}  // namespace ap
