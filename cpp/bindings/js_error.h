// Turning C++ exceptions into real JS errors at the binding boundary.
//
// Emscripten 3.1.6 hands a thrown C++ exception to JS as a number (or a WebAssembly.Exception),
// so every bound function that can throw goes through guarded(): it catches std::invalid_argument
// / std::out_of_range / std::exception and rethrows a JS TypeError / RangeError / Error with the
// what() text. EM_JS is used rather than val::throw_() because the latter leaks wasm stack.
#pragma once
#include <emscripten/emscripten.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace ap::bind {

[[noreturn]] void throw_js(const char* kind, const std::string& message);

/// Calls fn(); a C++ exception becomes a JS exception of the matching class.
template <class Fn>
auto guarded(Fn&& fn) -> decltype(fn()) {
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
  throw_js(kind, message);
}

}  // namespace ap::bind
