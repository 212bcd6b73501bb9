// Embind adapters for the activation catalogue. Arrays cross once per call (one copy in, one out).
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "ap/activations.h"
#include "js_error.h"

using emscripten::val;

namespace ap::bind {
namespace {

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

// Pointer entry points: JS copies the input into a scratch buffer on the wasm heap (one memcpy),
// calls the kernel in place and copies the result out (one slice). Pointers arrive as numbers.
ActParams params_of(double alpha, double beta, double theta, double threshold) {
  ActParams p;
  p.alpha = static_cast<float>(alpha);
  p.beta = static_cast<float>(beta);
  p.theta = static_cast<float>(theta);
  p.threshold = static_cast<float>(threshold);
  return p;
}

void forward_ptr(int act, double alpha, double beta, double theta, double threshold, std::uintptr_t x,
                 std::uintptr_t y, std::size_t n) {
  forward(static_cast<Act>(act), params_of(alpha, beta, theta, threshold), n,
          reinterpret_cast<const float*>(x), reinterpret_cast<float*>(y));
}

void derivative_ptr(int act, double alpha, double beta, double theta, double threshold,
                    std::uintptr_t x, std::uintptr_t d, std::size_t n) {
  derivative(static_cast<Act>(act), params_of(alpha, beta, theta, threshold), n,
             reinterpret_cast<const float*>(x), reinterpret_cast<float*>(d));
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
  emscripten::function("_simdEnabled", &ap::bind::simd_enabled);
  emscripten::function("_forwardPtr", &ap::bind::forward_ptr);
  emscripten::function("_derivativePtr", &ap::bind::derivative_ptr);
}
