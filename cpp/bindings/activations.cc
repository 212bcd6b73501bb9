// Embind adapters for the activation catalogue. Arrays cross once per call (one copy in, one out).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "ap/activations.h"
#include "js_error.h"

using emscripten::val;

namespace ap::bind {
namespace {

Act act_or_throw(const std::string& name) {
  if (auto a = act_from_name(name)) return *a;
  throw std::invalid_argument("activation: unknown activation '" + name + "'");
}

ActParams params_from(const val& obj, Act a) {
  ActParams p = default_params(a);
  if (obj.isUndefined() || obj.isNull()) return p;
  if (obj.hasOwnProperty("alpha")) p.alpha = obj["alpha"].as<float>();
  if (obj.hasOwnProperty("beta")) p.beta = obj["beta"].as<float>();
  if (obj.hasOwnProperty("theta")) p.theta = obj["theta"].as<float>();
  if (obj.hasOwnProperty("threshold")) p.threshold = obj["threshold"].as<float>();
  return p;
}

val to_f32(const std::vector<float>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

template <class Kernel>
val map_array(const std::string& name, const val& params, const val& xs, Kernel kernel) {
  return guarded([&] {
    const Act a = act_or_throw(name);
    const ActParams p = params_from(params, a);
    std::vector<float> x = emscripten::convertJSArrayToNumberVector<float>(xs);
    std::vector<float> y(x.size());
    kernel(a, p, x.size(), x.data(), y.data());
    return to_f32(y);
  });
}

val forward_js(const std::string& name, const val& params, const val& xs) {
  return map_array(name, params, xs, [](Act a, const ActParams& p, std::size_t n, const float* x,
                                        float* y) { forward(a, p, n, x, y); });
}

val derivative_js(const std::string& name, const val& params, const val& xs) {
  return map_array(name, params, xs, [](Act a, const ActParams& p, std::size_t n, const float* x,
                                        float* y) { derivative(a, p, n, x, y); });
}

val catalogue_js() {
  val list = val::array();
  for (std::size_t i = 0; i < kActCount; ++i) {
    const Act a = static_cast<Act>(i);
    val e = val::object();
    e.set("name", std::string(act_name(a)));
    e.set("label", std::string(act_label(a)));
    list.call<void>("push", e);
  }
  return list;
}

bool simd_enabled() {
#ifdef __wasm_simd128__
  return true;
#else
  return false;
#endif
}

}  // namespace
}  // namespace ap::bind

EMSCRIPTEN_BINDINGS(ap_activations) {
  emscripten::function("_catalogue", &ap::bind::catalogue_js);
  emscripten::function("_forward", &ap::bind::forward_js);
  emscripten::function("_derivative", &ap::bind::derivative_js);
  emscripten::function("_simdEnabled", &ap::bind::simd_enabled);
}
