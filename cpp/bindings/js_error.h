// Turning the core's failed Status into real JS errors at the binding boundary.
//
// The core returns errors as values (ap/status.h) and the engine is built without C++ exceptions.
// Every bound function runs under guarded(): a failed Status (or Expected) becomes a JS RangeError, or
// SyntaxError for a formula, whose message is "<call>: <message>" ("network.fit: x[3] must be finite,
// got nan"), so the JS names live here and nowhere below. The JS exception is thrown from EM_JS (not
// val::throw_(), which leaks wasm stack) once the bound function's locals are gone and the message
// has been moved out of them. It still unwinds wasm frames without landing pads (the Embind invoker's,
// the bound function's), which do not put the stack pointer back: web/src/engine/stack.ts restores it
// at the JS boundary, once for every call.
#pragma once
#include <emscripten/emscripten.h>

#include <type_traits>
#include <utility>

#include "ap/status.h"

namespace ap::bind {

/// Throws the JS error of a failed Status: "<call>: <message>", a SyntaxError for ErrorKind::syntax,
/// else a RangeError. The message leaves the error slot (and is freed) before the throw.
[[noreturn]] void throw_status(const char* call, Status failure);

/// The name that an allocation the heap cannot grow for (memory.cc) puts before its message: the
/// entry points whose result can approach the heap's maximum set it (mlp.cc, scratch()); "engine" else.
extern const char* current_call;

template <class T>
struct is_expected : std::false_type {};
template <class T>
struct is_expected<Expected<T>> : std::true_type {};

/// Calls fn(), which returns a plain value, a Status or an Expected<T>; returns the value (or nothing
/// for a Status) and turns a failure into the JS error of throw_status.
template <class Fn>
auto guarded(const char* call, Fn&& fn) {
  using R = decltype(fn());
  if constexpr (std::is_same_v<R, Status>) {
    Status s = fn();
    if (!s.ok()) throw_status(call, s);
  } else if constexpr (is_expected<R>::value) {
    R r = fn();
    if (!r.ok()) throw_status(call, r.status());
    return std::move(r.value());
  } else {
    return fn();
  }
}

}  // namespace ap::bind
