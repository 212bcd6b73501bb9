// Embind adapters for formula activations: define (errors come back as data, so the TS layer throws
// the SyntaxError / RangeError with the column), preview TeX for live validation, and the batched
// kernels with a formula's eight parameter slots.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ap/formula.h"
#include "info.h"
#include "js_error.h"

using emscripten::val;

namespace ap::bind {
namespace {

val error_js(const Status& e) {
  val o = val::object();
  o.set("error", std::string(e.kind() == ErrorKind::syntax ? "SyntaxError" : "RangeError"));
  o.set("message", e.message());
  o.set("column", e.column());
  return o;
}

// params: [{ name, default, min, max, learnable }] (types checked by the TS layer).
val define_js(const std::string& name, const std::string& formula, const std::string& label, val params) {
  ActivationDef d;
  d.name = name;
  d.formula = formula;
  d.label = label;
  const int n = params["length"].as<int>();
  for (int i = 0; i < n; ++i) {
    val p = params[i];
    d.params.push_back({p["name"].as<std::string>(), p["default"].as<float>(), p["min"].as<float>(),
                        p["max"].as<float>(), p["learnable"].as<bool>()});
  }
  return guarded("defineActivation", [&] {
    const Expected<Act> a = define_activation(d);
    if (!a.ok()) return error_js(a.status());
    val info = activation_info_js(*a);
    info.set("index", static_cast<int>(*a));
    info.set("expression", formula_expression_json(*a));
    return info;
  });
}

val preview_js(const std::string& formula, val names) {
  std::vector<std::string> ps;
  const int n = names["length"].as<int>();
  for (int i = 0; i < n; ++i) ps.push_back(names[i].as<std::string>());
  return guarded("checkFormula", [&] {
    const auto tex = formula_preview(formula, ps);
    if (!tex.ok()) return error_js(tex.status());
    val o = val::object();
    o.set("formula", tex->first);
    o.set("derivativeFormula", tex->second);
    return o;
  });
}

ActParams slots(double p0, double p1, double p2, double p3, double p4, double p5, double p6, double p7) {
  ActParams p;
  const double v[8] = {p0, p1, p2, p3, p4, p5, p6, p7};
  for (int i = 0; i < 8; ++i) p.formula[i] = static_cast<float>(v[i]);
  return p;
}

#define AP_SLOTS double p0, double p1, double p2, double p3, double p4, double p5, double p6, double p7
#define AP_SLOT_ARGS slots(p0, p1, p2, p3, p4, p5, p6, p7)

float* f32(std::uintptr_t p) { return reinterpret_cast<float*>(p); }

void forward_ptr(int act, AP_SLOTS, std::uintptr_t x, std::uintptr_t y, std::size_t n) {
  guarded("activation.forward", [&] {
    forward(static_cast<Act>(act), AP_SLOT_ARGS, n, f32(x), f32(y));
  });
}
void derivative_ptr(int act, AP_SLOTS, std::uintptr_t x, std::uintptr_t d, std::size_t n) {
  guarded("activation.derivative", [&] {
    derivative(static_cast<Act>(act), AP_SLOT_ARGS, n, f32(x), f32(d));
  });
}
void forward_derivative_ptr(int act, AP_SLOTS, std::uintptr_t x, std::uintptr_t y, std::uintptr_t d, std::size_t n) {
  guarded("activation.valueAndDerivative", [&] {
    forward_derivative(static_cast<Act>(act), AP_SLOT_ARGS, n, f32(x), f32(y), f32(d));
  });
}
void param_derivative_ptr(int act, int param, AP_SLOTS, std::uintptr_t x, std::uintptr_t out, std::size_t n) {
  guarded("paramDerivative", [&] { return param_derivative(static_cast<Act>(act), AP_SLOT_ARGS, static_cast<Param>(param), n, f32(x), f32(out)); });
}
val properties_ptr(int act, AP_SLOTS) {
  return guarded("properties", [&] {
    return properties_js(static_cast<Act>(act), AP_SLOT_ARGS);
  });
}

#undef AP_SLOTS
#undef AP_SLOT_ARGS

}  // namespace
}  // namespace ap::bind

EMSCRIPTEN_BINDINGS(ap_formula) {
  emscripten::function("_defineActivation", &ap::bind::define_js);
  emscripten::function("_formulaPreview", &ap::bind::preview_js);
  emscripten::function("_formulaForwardPtr", &ap::bind::forward_ptr);
  emscripten::function("_formulaDerivativePtr", &ap::bind::derivative_ptr);
  emscripten::function("_formulaForwardDerivativePtr", &ap::bind::forward_derivative_ptr);
  emscripten::function("_formulaParamDerivativePtr", &ap::bind::param_derivative_ptr);
  emscripten::function("_formulaProperties", &ap::bind::properties_ptr);
}
