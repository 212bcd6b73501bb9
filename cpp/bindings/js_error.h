// Turning C++ exceptions into real JS errors at the binding boundary.
//
// Emscripten 3.1.6 hands a thrown C++ exception to JS as a number (or a WebAssembly.Exception),
// so every bound function goes through guarded(): it catches std::invalid_argument /
// std::out_of_range / std::length_error / std::bad_alloc / std::exception and rethrows a JS
// TypeError / RangeError / Error. The core's messages describe the problem in its own terms
// ("x[3] must be finite, got nan"); guarded() prefixes the name of the JS call that reached it
// ("network.fit: x[3] must be finite, got nan"), so the JS names live here and nowhere below.
// EM_JS is used rather than val::throw_() because the latter leaks wasm stack. The JS exception still
// unwinds wasm frames without landing pads (the Embind invoker's, the bound function's), which do not put
// the stack pointer back: web/src/engine/stack.ts restores it at the JS boundary, once for every call.
#pragma once
#include <emscripten/emscripten.h>

#include <exception>
#include <string>

namespace ap::bind {

[[noreturn]] void throw_js(const char* kind, const std::string& message);

/// Called from a catch handler: classifies the exception being handled (std::invalid_argument ->
/// TypeError; std::out_of_range, std::length_error, std::bad_alloc -> RangeError; any other
/// std::exception -> Error) and keeps its message for throw_caught.
void note_caught();
/// Throws the JS error note_caught kept, as "<call>: <message>".
[[noreturn]] void throw_caught(const char* call);

/// Calls fn(); a C++ exception becomes a JS exception of the matching class whose message is
/// "<call>: <what()>". `call` is the public JS name, e.g. "network.fit". One catch clause per
/// instance (the classification is note_caught's, written once): each clause of a template costs
/// every bound function its landing pad. The JS error is thrown after the handler has ended, so the
/// C++ exception is freed first.
template <class Fn>
auto guarded(const char* call, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception&) {
    note_caught();
  }
  throw_caught(call);
}

}  // namespace ap::bind
