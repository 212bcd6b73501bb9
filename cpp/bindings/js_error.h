// Turning C++ exceptions into real JS errors at the binding boundary.
//
// Emscripten 3.1.6 hands a thrown C++ exception to JS as a number (or a WebAssembly.Exception),
// so every bound function goes through guarded(): it catches std::invalid_argument /
// std::out_of_range / std::length_error / std::bad_alloc / std::exception and rethrows a JS
// TypeError / RangeError / Error. The core's messages describe the problem in its own terms
// ("x[3] must be finite, got nan"); guarded() prefixes the name of the JS call that reached it
// ("network.fit: x[3] must be finite, got nan"), so the JS names live here and nowhere below.
// EM_JS is used rather than val::throw_() because the latter leaks wasm stack.
#pragma once
#include <emscripten/emscripten.h>

#include <new>
#include <stdexcept>
#include <string>
#include <utility>

namespace ap::bind {

[[noreturn]] void throw_js(const char* kind, const std::string& message);

/// Calls fn(); a C++ exception becomes a JS exception of the matching class whose message is
/// "<call>: <what()>". `call` is the public JS name, e.g. "network.fit".
template <class Fn>
auto guarded(const char* call, Fn&& fn) -> decltype(fn()) {
  const char* kind = "Error";
  std::string message;
  try {
    return fn();
  } catch (const std::invalid_argument& e) {
    kind = "TypeError";
    message = e.what();
  } catch (const std::out_of_range& e) {
    kind = "RangeError";
    message = e.what();
  } catch (const std::length_error& e) {
    kind = "RangeError";
    message = e.what();
  } catch (const std::bad_alloc&) {
    kind = "RangeError";
    message = "out of memory: the request is too large for the WebAssembly heap";
  } catch (const std::exception& e) {
    message = e.what();
  }
  throw_js(kind, std::string(call) + ": " + message);
}

}  // namespace ap::bind
