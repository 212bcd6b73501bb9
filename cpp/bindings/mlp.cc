// Embind adapters for datasets and the MLP. Arrays come in as pointers to heap buffers the TS layer
// filled (one copy in) and go out as views of a scratch buffer that the TS layer slices at once (one
// copy out). Networks are shared_ptr handles so that Embind's FinalizationRegistry can back up an
// explicit delete(). Every entry point runs under guarded() with the name of the JS call it serves:
// a failed check becomes a JS error whose message starts with that name. The core's calls that run
// every frame do not check their arguments: each entry point runs the check that its call names.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ap/dataset.h"
#include "ap/mlp.h"
#include "js_error.h"

using emscripten::typed_memory_view;
using emscripten::val;

namespace ap::bind {
namespace {

using MlpPtr = std::shared_ptr<Mlp>;

// The heap's maximum in bytes (CMakeLists.txt, the one place it is written: the link's -sMAXIMUM_MEMORY)
// and in floats: no result can be larger.
#ifndef AP_MAX_HEAP_BYTES
#error "AP_MAX_HEAP_BYTES (the heap's maximum, set in CMakeLists.txt) is not defined"
#endif
constexpr double kMaxHeapBytes = AP_MAX_HEAP_BYTES;
constexpr double kMaxResultFloats = kMaxHeapBytes / sizeof(float);

// Results leave through here: the TS side copies a view of it before its next call into the engine.
// The size is items × per_item, multiplied in double: size_t is 32 bits in wasm32, where 4096 × 4096
// grid points × 512 units would wrap around to a small buffer that the network then overruns.
// `what` names the arguments, e.g. "grid.width × grid.height × outputs" (guarded() adds the call).
Expected<std::vector<float>*> scratch(double items, std::size_t per_item, const char* what, const char* call) {
  const double n = items * static_cast<double>(per_item);
  if (n > kMaxResultFloats)
    return range_error(std::string(what) + " must fit in the WebAssembly heap (at most engine.limits.maxHeapBytes / 4 float32 values), got " +
                       std::to_string(static_cast<unsigned long long>(n)) + " values");
  static std::vector<float> buf;
  current_call = call;  // for the out-of-memory error of the resize below (memory.cc)
  // A large result must not pin its memory for the engine's lifetime: let it go when a much smaller one comes.
  if (buf.capacity() > (std::size_t{1} << 22) && n * 4 < static_cast<double>(buf.capacity())) std::vector<float>().swap(buf);
  buf.resize(static_cast<std::size_t>(n));
  current_call = "engine";
  return &buf;
}

val view(const std::vector<float>& v) { return val(typed_memory_view(v.size(), v.data())); }

val copy_of(const std::vector<float>& v) { return view(v).call<val>("slice"); }

const float* f32(std::uintptr_t p) { return reinterpret_cast<const float*>(p); }

val dataset_js(const std::string& name, double n, double noise, double seed, int classes) {
  return guarded("dataset", [&]() -> Expected<val> {
    const auto kind = dataset_from_name(name);
    if (!kind) return range_error("name must be one of xor, circle, gaussian, spiral, plane, multi_gaussian; got \"" + name + "\"");
    Expected<Dataset> made = make_dataset(*kind, static_cast<std::size_t>(n), noise, static_cast<std::uint64_t>(seed), classes);
    if (!made.ok()) return std::move(made.status());
    const Dataset& d = *made;
    val out = val::object();
    out.set("x", copy_of(d.x));
    out.set("y", copy_of(d.y));
    out.set("n", static_cast<double>(d.n));
    out.set("classes", d.classes);
    return out;
  });
}

// The spec as network.ts sends it, normalised (every field present, names valid): value_objects,
// which Embind reads field by field in JS, so that creating a network (once per training run) costs
// a few crossings rather than one emval lookup per field.
struct LayerArgs {
  int units = 1;
  std::string activation, learnable;
  float alpha = NAN, beta = NAN, theta = NAN, threshold = NAN;  // NaN: the catalogue's default
  std::array<float, 8> formula{NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};  // a formula activation's parameters
};
struct SpecArgs {
  std::string features;  // comma-separated; empty with inputs
  double inputs = 0;     // 0: the features form
  std::string loss, optimizer, regularization, init;
  float learning_rate = 0, momentum = 0, beta1 = 0, beta2 = 0, epsilon = 0, regularization_rate = 0;
  double seed = 0;
};

template <class E>
Status parse_name(std::optional<E> (*from)(std::string_view), std::string_view s, const std::string& what, E& out) {
  const auto e = from(s);
  if (!e) return range_error(what + " is unknown: \"" + std::string(s) + "\"");
  out = *e;
  return {};
}

Status parse_layer(const LayerArgs& v, const std::string& what, bool output, LayerSpec& l) {
  l.units = v.units;
  if (output && v.activation == "softmax") {
    l.softmax = true;
  } else {
    const auto a = act_from_name(v.activation);
    if (!a) return range_error(what + ".activation is unknown: \"" + v.activation + "\"");
    l.act = *a;
  }
  l.params = default_params(l.act);
  if (!std::isnan(v.alpha)) l.params.alpha = v.alpha;
  if (!std::isnan(v.beta)) l.params.beta = v.beta;
  if (!std::isnan(v.theta)) l.params.theta = v.theta;
  if (!std::isnan(v.threshold)) l.params.threshold = v.threshold;
  for (std::size_t i = 0; i < v.formula.size(); ++i)
    if (!std::isnan(v.formula[i])) l.params.formula[i] = v.formula[i];
  return parse_name(&learn_from_name, v.learnable, what + ".learnable", l.learn);
}

MlpPtr create(const SpecArgs& a, const LayerArgs& output, val hidden) {
  return guarded("network", [&]() -> Expected<MlpPtr> {
    MlpSpec s;
    s.features.clear();
    // A value outside [0, limit] stays outside it (size_t is 32 bits here); the core names the limit.
    const bool inside = a.inputs >= 0 && a.inputs <= static_cast<double>(kMaxInputs);
    s.inputs = inside ? static_cast<std::size_t>(a.inputs) : kMaxInputs + 1;
    std::string_view names = a.features;
    for (std::size_t i = 0; !names.empty(); ++i) {
      const std::size_t comma = names.find(',');
      AP_TRY(parse_name(&feature_from_name, names.substr(0, comma), "features[" + std::to_string(i) + "]",
                        s.features.emplace_back()));
      names = comma == std::string_view::npos ? std::string_view() : names.substr(comma + 1);
    }
    const int nl = hidden["length"].as<int>();
    if (nl > static_cast<int>(kMaxLayers))
      return range_error("layers must have at most " + std::to_string(kMaxLayers) + " hidden layers, got " + std::to_string(nl));
    for (int i = 0; i < nl; ++i)
      AP_TRY(parse_layer(hidden[i].as<LayerArgs>(), "layers[" + std::to_string(i) + "]", false, s.hidden.emplace_back()));
    AP_TRY(parse_layer(output, "output", true, s.output));
    AP_TRY(parse_name(&loss_from_name, a.loss, "loss", s.loss));
    AP_TRY(parse_name(&optimizer_from_name, a.optimizer, "optimizer.name", s.optimizer.kind));
    s.optimizer.learning_rate = a.learning_rate;
    s.optimizer.momentum = a.momentum;
    s.optimizer.beta1 = a.beta1;
    s.optimizer.beta2 = a.beta2;
    s.optimizer.epsilon = a.epsilon;
    AP_TRY(parse_name(&regularization_from_name, a.regularization, "regularization.kind", s.regularization));
    s.regularization_rate = a.regularization_rate;
    AP_TRY(parse_name(&init_from_name, a.init, "init", s.init));
    s.seed = static_cast<std::uint64_t>(a.seed);
    AP_TRY(Mlp::validate(s));
    return std::make_shared<Mlp>(s);
  });
}

// A side outside [0, kMaxGridSide] stays outside it (size_t is 32 bits here); Mlp::check_grid names the limit.
std::size_t side_of(double v) { return v >= 0 && v <= static_cast<double>(kMaxGridSide) ? static_cast<std::size_t>(v) : kMaxGridSide + 1; }

Grid grid_of(double x0, double x1, double y0, double y1, double w, double h) {
  Grid g;
  g.x0 = x0;
  g.x1 = x1;
  g.y0 = y0;
  g.y1 = y1;
  g.width = side_of(w);
  g.height = side_of(h);
  return g;
}

// fit() and evaluate() run once per epoch in a training loop: their results are value_objects, which
// Embind reads field by field in JS, rather than objects built property by property through emval.
struct FitOut {
  double loss;
  double epoch;
};

FitOut fit(Mlp& m, std::uintptr_t x, std::uintptr_t y, double n, int epochs, int batch, bool shuffle) {
  return guarded("network.fit", [&]() -> Expected<FitOut> {
    AP_TRY(m.check_fit(f32(x), f32(y), static_cast<std::size_t>(n), epochs, batch));
    const FitResult r = m.fit(f32(x), f32(y), static_cast<std::size_t>(n), epochs, batch, shuffle);
    return FitOut{r.loss, static_cast<double>(r.epoch)};
  });
}

EvalResult evaluate(Mlp& m, std::uintptr_t x, std::uintptr_t y, double n) {
  return guarded("network.evaluate", [&]() -> Expected<EvalResult> {
    AP_TRY(m.check_data(f32(x), f32(y), static_cast<std::size_t>(n)));
    return m.evaluate(f32(x), f32(y), static_cast<std::size_t>(n));
  });
}

val predict(Mlp& m, std::uintptr_t x, double n) {
  return guarded("network.predict", [&]() -> Expected<val> {
    AP_TRY(m.check_points(f32(x), static_cast<std::size_t>(n)));
    auto out = scratch(n, m.output_size(), "points × outputs", "network.predict");
    if (!out.ok()) return std::move(out.status());
    m.predict(f32(x), static_cast<std::size_t>(n), (*out)->data());
    return view(**out);
  });
}

val predict_grid(Mlp& m, double x0, double x1, double y0, double y1, double w, double h) {
  return guarded("network.predictGrid", [&]() -> Expected<val> {
    const Grid g = grid_of(x0, x1, y0, y1, w, h);
    AP_TRY(m.check_grid(g));
    auto out = scratch(w * h, m.output_size(), "grid.width × grid.height × outputs", "network.predictGrid");
    if (!out.ok()) return std::move(out.status());
    m.predict_grid(g, (*out)->data());
    return view(**out);
  });
}

val layer_outputs(Mlp& m, int layer, std::uintptr_t x, double n) {
  return guarded("network.layerOutputs", [&]() -> Expected<val> {
    AP_TRY(m.check_layer(layer));
    AP_TRY(m.check_points(f32(x), static_cast<std::size_t>(n)));
    auto out = scratch(n, m.layer_width(layer), "points × the layer's units", "network.layerOutputs");
    if (!out.ok()) return std::move(out.status());
    m.layer_outputs(layer, f32(x), static_cast<std::size_t>(n), (*out)->data());
    return view(**out);
  });
}

val layer_outputs_grid(Mlp& m, int layer, double x0, double x1, double y0, double y1, double w, double h) {
  return guarded("network.layerOutputsGrid", [&]() -> Expected<val> {
    const Grid g = grid_of(x0, x1, y0, y1, w, h);
    AP_TRY(m.check_layer(layer));
    AP_TRY(m.check_grid(g));
    auto out = scratch(w * h, m.layer_width(layer), "grid.width × grid.height × the layer's units", "network.layerOutputsGrid");
    if (!out.ok()) return std::move(out.status());
    m.layer_outputs_grid(layer, g, (*out)->data());
    return view(**out);
  });
}

val gradients(Mlp& m, std::uintptr_t x, std::uintptr_t y, double n) {
  return guarded("network.gradients", [&]() -> Expected<val> {
    AP_TRY(m.check_data(f32(x), f32(y), static_cast<std::size_t>(n)));
    auto out = scratch(1, m.parameters().size(), "the gradient", "network.gradients");
    if (!out.ok()) return std::move(out.status());
    m.gradients(f32(x), f32(y), static_cast<std::size_t>(n), (*out)->data());
    return view(**out);
  });
}

// One example's trace as { loss, features, layers: [{ z, a, derivative, delta, weightGrad, biasGrad,
// paramGrad, weightStep, biasStep, paramStep }] } of Float32Array copies (network.ts names paramGrad).
val trace(Mlp& m, std::uintptr_t x, std::uintptr_t y) {
  return guarded("network.trace", [&]() -> Expected<val> {
    AP_TRY(m.check_data(f32(x), f32(y), 1));
    const ExampleTrace t = m.trace(f32(x), f32(y));
    val out = val::object();
    out.set("loss", t.loss);
    out.set("features", copy_of(t.features));
    val layers = val::array();
    for (const LayerTrace& l : t.layers) {
      val o = val::object();
      o.set("z", copy_of(l.z));
      o.set("a", copy_of(l.a));
      o.set("derivative", copy_of(l.derivative));
      o.set("delta", copy_of(l.delta));
      o.set("weightGrad", copy_of(l.weight_grad));
      o.set("biasGrad", copy_of(l.bias_grad));
      o.set("paramGrad", copy_of(l.param_grad));
      o.set("weightStep", copy_of(l.weight_step));
      o.set("biasStep", copy_of(l.bias_step));
      o.set("paramStep", copy_of(l.param_step));
      layers.call<void>("push", o);
    }
    out.set("layers", layers);
    return out;
  });
}

double step(Mlp& m, std::uintptr_t x, std::uintptr_t y) {
  return guarded("network.step", [&]() -> Expected<double> {
    AP_TRY(m.check_data(f32(x), f32(y), 1));
    return m.step(f32(x), f32(y));
  });
}

val parameters(Mlp& m) {
  return guarded("network.getWeights", [&] { return view(m.parameters()); });
}

void set_parameters(Mlp& m, std::uintptr_t p, double count) {
  // network.ts also calls this from loadNetwork, after checking every value itself.
  guarded("network.setWeights", [&] { return m.set_parameters(f32(p), static_cast<std::size_t>(count)); });
}

// Per layer: inputs, units, w, b, p, np (see LayerLayout), six numbers each in one Float64Array.
val layout(Mlp& m) {
  return guarded("network", [&] {
    std::vector<double> flat;
    for (std::size_t l = 0; l < m.layer_count(); ++l) {
      const LayerLayout& lay = m.layout(l);
      for (std::size_t v : {lay.inputs, lay.units, lay.w, lay.b, lay.p, lay.np}) flat.push_back(static_cast<double>(v));
    }
    return val(typed_memory_view(flat.size(), flat.data())).call<val>("slice");
  });
}

val gradient_norms(Mlp& m) {
  return guarded("network.gradientNorms", [&] { return copy_of(m.last_gradient_norms()); });
}

val dead_units(Mlp& m, std::uintptr_t x, double n) {
  return guarded("network.deadUnits", [&]() -> Expected<val> {
    AP_TRY(m.check_points(f32(x), static_cast<std::size_t>(n)));
    const std::vector<int> dead = m.dead_units(f32(x), static_cast<std::size_t>(n));
    val list = val::array();
    for (int d : dead) list.call<void>("push", d);
    return list;
  });
}

val linear_map(Mlp& m) {
  return guarded("network.linearMap", [&]() -> Expected<val> {
    std::vector<float> w, b;
    AP_TRY(m.linear_map(w, b));
    val out = val::object();
    out.set("weights", copy_of(w));
    out.set("biases", copy_of(b));
    return out;
  });
}

void set_learning_rate(Mlp& m, double lr) {
  guarded("network.setLearningRate", [&] { return m.set_learning_rate(static_cast<float>(lr)); });
}

val optimizer_state(Mlp& m) {
  return guarded("network.toJSON", [&] {
    val out = val::object();
    out.set("m", copy_of(m.moment1()));
    out.set("v", copy_of(m.moment2()));
    out.set("steps", static_cast<double>(m.step_count()));
    out.set("epoch", static_cast<double>(m.epoch()));
    return out;
  });
}

void set_optimizer_state(Mlp& m, std::uintptr_t m1, std::uintptr_t m2, double count, double steps, double epoch) {
  guarded("loadNetwork", [&] {
    return m.set_optimizer_state(f32(m1), f32(m2), static_cast<std::size_t>(count), static_cast<std::uint64_t>(steps),
                          static_cast<std::uint64_t>(epoch));
  });
}

// The RNG's two 64-bit words as four 32-bit halves (JS numbers hold 53 bits).
val rng_state(Mlp& m) {
  return guarded("network.toJSON", [&] {
    val out = val::array();
    for (std::uint64_t w : {m.rng().state(), m.rng().increment()}) {
      out.call<void>("push", static_cast<double>(w >> 32u));
      out.call<void>("push", static_cast<double>(w & 0xffffffffu));
    }
    return out;
  });
}

void set_rng(Mlp& m, double sh, double sl, double ih, double il) {
  guarded("loadNetwork", [&] {
    return m.set_rng((static_cast<std::uint64_t>(sh) << 32u) | static_cast<std::uint64_t>(sl),
              (static_cast<std::uint64_t>(ih) << 32u) | static_cast<std::uint64_t>(il));
  });
}

double epoch_of(Mlp& m) {
  return guarded("network.epoch", [&] { return static_cast<double>(m.epoch()); });
}

// The core's limits (mlp.h, dataset.h) and the heap's maximum, read once by the TS layer (engine.limits):
// every check reads these.
val limits_js() {
  return guarded("engine.limits", [&] {
    val out = val::object();
    out.set("maxHiddenLayers", static_cast<double>(kMaxLayers));
    out.set("maxInputs", static_cast<double>(kMaxInputs));
    out.set("maxUnits", kMaxUnits);
    out.set("maxEpochs", kMaxEpochs);
    out.set("maxBatchSize", kMaxBatchSize);
    out.set("maxGridSide", static_cast<double>(kMaxGridSide));
    out.set("maxDatasetPoints", static_cast<double>(kMaxDatasetPoints));
    out.set("maxClasses", kMaxClasses);
    out.set("maxHeapBytes", kMaxHeapBytes);
    return out;
  });
}

// Test flags (0/1) for a train/test split drawn from the engine's generator (ap::hold_out).
val hold_out_js(double n, double test_ratio, double seed) {
  return guarded("holdOut", [&]() -> Expected<val> {
    Expected<std::vector<std::uint8_t>> t = hold_out(static_cast<std::size_t>(n), test_ratio, static_cast<std::uint64_t>(seed));
    if (!t.ok()) return std::move(t.status());
    return val(typed_memory_view(t->size(), t->data())).call<val>("slice");
  });
}

}  // namespace
}  // namespace ap::bind

EMSCRIPTEN_BINDINGS(ap_mlp) {
  using namespace ap::bind;
  emscripten::value_object<FitOut>("FitResult").field("loss", &FitOut::loss).field("epoch", &FitOut::epoch);
  emscripten::value_object<ap::EvalResult>("EvalResult")
      .field("loss", &ap::EvalResult::loss)
      .field("accuracy", &ap::EvalResult::accuracy);
  emscripten::value_object<LayerArgs>("LayerArgs")
      .field("units", &LayerArgs::units)
      .field("activation", &LayerArgs::activation)
      .field("learnable", &LayerArgs::learnable)
      .field("alpha", &LayerArgs::alpha)
      .field("beta", &LayerArgs::beta)
      .field("theta", &LayerArgs::theta)
      .field("threshold", &LayerArgs::threshold)
      .field("formula", &LayerArgs::formula);
  emscripten::value_array<std::array<float, 8>>("FormulaSlots")
      .element(emscripten::index<0>()).element(emscripten::index<1>()).element(emscripten::index<2>())
      .element(emscripten::index<3>()).element(emscripten::index<4>()).element(emscripten::index<5>())
      .element(emscripten::index<6>()).element(emscripten::index<7>());
  emscripten::value_object<SpecArgs>("SpecArgs")
      .field("features", &SpecArgs::features)
      .field("inputs", &SpecArgs::inputs)
      .field("loss", &SpecArgs::loss)
      .field("optimizer", &SpecArgs::optimizer)
      .field("regularization", &SpecArgs::regularization)
      .field("init", &SpecArgs::init)
      .field("learningRate", &SpecArgs::learning_rate)
      .field("momentum", &SpecArgs::momentum)
      .field("beta1", &SpecArgs::beta1)
      .field("beta2", &SpecArgs::beta2)
      .field("epsilon", &SpecArgs::epsilon)
      .field("regularizationRate", &SpecArgs::regularization_rate)
      .field("seed", &SpecArgs::seed);
  emscripten::function("_dataset", &dataset_js);
  emscripten::function("_mlpCreate", &create);
  emscripten::function("_limits", &limits_js);
  emscripten::function("_holdOut", &hold_out_js);
  emscripten::class_<ap::Mlp>("Mlp")
      .smart_ptr<std::shared_ptr<ap::Mlp>>("MlpPtr")
      .function("fit", &fit)
      .function("evaluate", &evaluate)
      .function("predict", &predict)
      .function("predictGrid", &predict_grid)
      .function("layerOutputs", &layer_outputs)
      .function("layerOutputsGrid", &layer_outputs_grid)
      .function("gradients", &gradients)
      .function("trace", &trace)
      .function("step", &step)
      .function("parameters", &parameters)
      .function("setParameters", &set_parameters)
      .function("layout", &layout)
      .function("gradientNorms", &gradient_norms)
      .function("deadUnits", &dead_units)
      .function("linearMap", &linear_map)
      .function("setLearningRate", &set_learning_rate)
      .function("optimizerState", &optimizer_state)
      .function("setOptimizerState", &set_optimizer_state)
      .function("rngState", &rng_state)
      .function("setRng", &set_rng)
      .function("epoch", &epoch_of);
}
