// Embind adapters for the activation catalogue: metadata as plain JS objects, batched kernels through
// heap pointers (JS copies the input in once and the result out once; see web/src/engine/heap.ts),
// properties, softmax. Argument checks live in web/src/engine/activations.ts; what still goes wrong
// here (an unknown parameter derivative, memory) comes back as a JS RangeError through guarded(),
// named after the JS call. The kernels themselves allocate nothing and throw nothing.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "ap/activations.h"
#include "ap/analysis.h"
#include "ap/decimal.h"
#include "info.h"
#include "js_error.h"

using emscripten::val;

namespace ap::bind {

double shortest(float f) {
  for (int digits = 1; digits <= 9; ++digits) {
    const double d = round_significant(f, digits);
    if (static_cast<float>(d) == f) return d;
  }
  return f;
}

val param_specs_js(Act a) {
  val params = val::object();
  for (const ParamSpec& s : act_params(a)) {
    val p = val::object();
    p.set("default", shortest(s.default_value));
    p.set("min", shortest(s.min));
    p.set("max", shortest(s.max));
    p.set("learnable", s.learnable);
    p.set("differentiable", s.differentiable);
    params.set(act_param_name(a, s.param), p);
  }
  return params;
}

val activation_info_js(Act a) {
  val e = val::object();
  e.set("name", std::string(act_name(a)));
  e.set("label", std::string(act_label(a)));
  e.set("params", param_specs_js(a));
  e.set("formula", std::string(act_formula(a)));
  e.set("derivativeFormula", std::string(act_derivative_formula(a)));
  return e;
}

namespace {

val catalogue_js() {
  return guarded("engine.activations", [&] {
    val list = val::array();
    for (std::size_t i = 0; i < kActCount; ++i) list.call<void>("push", activation_info_js(static_cast<Act>(i)));
    return list;
  });
}

val softmax_info_js() {
  return guarded("engine.softmaxInfo", [&] {
    val e = val::object();
    e.set("name", std::string("softmax"));
    e.set("label", std::string(softmax_label()));
    e.set("formula", std::string(softmax_formula()));
    e.set("derivativeFormula", std::string(softmax_derivative_formula()));
    return e;
  });
}

ActParams params_of(double alpha, double beta, double theta, double threshold) {
  ActParams p;
  p.alpha = static_cast<float>(alpha);
  p.beta = static_cast<float>(beta);
  p.theta = static_cast<float>(theta);
  p.threshold = static_cast<float>(threshold);
  return p;
}

// Pointer entry points: pointers arrive as numbers (byte addresses on the wasm heap).
void forward_ptr(int act, double alpha, double beta, double theta, double threshold, std::uintptr_t x,
                 std::uintptr_t y, std::size_t n) {
  guarded("activation.forward", [&] {
    forward(static_cast<Act>(act), params_of(alpha, beta, theta, threshold), n,
            reinterpret_cast<const float*>(x), reinterpret_cast<float*>(y));
  });
}

void derivative_ptr(int act, double alpha, double beta, double theta, double threshold,
                    std::uintptr_t x, std::uintptr_t d, std::size_t n) {
  guarded("activation.derivative", [&] {
    derivative(static_cast<Act>(act), params_of(alpha, beta, theta, threshold), n,
               reinterpret_cast<const float*>(x), reinterpret_cast<float*>(d));
  });
}

void forward_derivative_ptr(int act, double alpha, double beta, double theta, double threshold,
                            std::uintptr_t x, std::uintptr_t y, std::uintptr_t d, std::size_t n) {
  guarded("activation.valueAndDerivative", [&] {
    forward_derivative(static_cast<Act>(act), params_of(alpha, beta, theta, threshold), n,
                       reinterpret_cast<const float*>(x), reinterpret_cast<float*>(y), reinterpret_cast<float*>(d));
  });
}

void param_derivative_ptr(int act, int param, double alpha, double beta, double theta, double threshold,
                          std::uintptr_t x, std::uintptr_t out, std::size_t n) {
  guarded("paramDerivative", [&] {
    return param_derivative(static_cast<Act>(act), params_of(alpha, beta, theta, threshold),
                     static_cast<Param>(param), n, reinterpret_cast<const float*>(x),
                     reinterpret_cast<float*>(out));
  });
}

val pair(double a, double b) {
  val v = val::array();
  v.call<void>("push", a);
  v.call<void>("push", b);
  return v;
}

val sides(const char* l, val left, const char* r, val right) {
  val o = val::object();
  o.set(l, left);
  o.set(r, right);
  return o;
}

// NaN (no limit) becomes null.
val limit_js(double v) { return std::isnan(v) ? val::null() : val(v); }

}  // namespace

val properties_js(Act act, const ActParams& p) {
  const Properties r = guarded("properties", [&] { return analyze(act, p); });
  val o = val::object();
  o.set("range", pair(r.range.lo, r.range.hi));
  o.set("saturates", sides("left", val(r.saturates_left), "right", val(r.saturates_right)));
  o.set("derivativeLimits",
        sides("left", limit_js(r.derivative_limit_left), "right", limit_js(r.derivative_limit_right)));
  o.set("monotonic", r.monotonic);
  o.set("zeroCentered", r.zero_centered);
  o.set("bounded", sides("below", val(r.bounded_below), "above", val(r.bounded_above)));
  o.set("smoothness", std::string(smoothness_name(r.smoothness)));
  val zones = val::array();
  for (const Interval& z : r.dead_zones) zones.call<void>("push", pair(z.lo, z.hi));
  o.set("deadZone", r.dead_zones.empty() ? val::null() : pair(r.dead_zones[0].lo, r.dead_zones[0].hi));
  o.set("deadZones", zones);
  return o;
}

namespace {

val catalogue_properties_js(int act, double alpha, double beta, double theta, double threshold) {
  return guarded("properties", [&] {
    return properties_js(static_cast<Act>(act), params_of(alpha, beta, theta, threshold));
  });
}

void softmax_ptr(std::uintptr_t x, std::uintptr_t y, std::size_t n) {
  guarded("softmax", [&] {
    softmax(n, reinterpret_cast<const float*>(x), reinterpret_cast<float*>(y));
  });
}

void softmax_jvp_ptr(std::uintptr_t y, std::uintptr_t v, std::uintptr_t out, std::size_t n) {
  guarded("softmaxBackward", [&] {
    softmax_jvp(n, reinterpret_cast<const float*>(y), reinterpret_cast<const float*>(v),
                reinterpret_cast<float*>(out));
  });
}

#ifdef __wasm_simd128__
constexpr bool kSimd = true;
#else
constexpr bool kSimd = false;
#endif

bool simd_enabled() {
  return guarded("engine.simd", [] { return kSimd; });
}

}  // namespace
}  // namespace ap::bind

EMSCRIPTEN_BINDINGS(ap_activations) {
  emscripten::function("_catalogue", &ap::bind::catalogue_js);
  emscripten::function("_softmaxInfo", &ap::bind::softmax_info_js);
  emscripten::function("_simdEnabled", &ap::bind::simd_enabled);
  emscripten::function("_forwardPtr", &ap::bind::forward_ptr);
  emscripten::function("_derivativePtr", &ap::bind::derivative_ptr);
  emscripten::function("_forwardDerivativePtr", &ap::bind::forward_derivative_ptr);
  emscripten::function("_paramDerivativePtr", &ap::bind::param_derivative_ptr);
  emscripten::function("_properties", &ap::bind::catalogue_properties_js);
  emscripten::function("_softmaxPtr", &ap::bind::softmax_ptr);
  emscripten::function("_softmaxJvpPtr", &ap::bind::softmax_jvp_ptr);
}
