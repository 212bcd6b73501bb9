#include "js_error.h"

#include <new>
#include <stdexcept>

namespace {
EM_JS(void, ap_throw_js_error, (const char* kind, const char* msg), {
  var C = globalThis[UTF8ToString(kind)] || Error;
  throw new C(UTF8ToString(msg));
});
}  // namespace

namespace ap::bind {

void throw_js(const char* kind, const std::string& message) {
  // static: ap_throw_js_error never returns, so no destructor would run for a local.
  static std::string held;
  held = message;
  ap_throw_js_error(kind, held.c_str());
  __builtin_unreachable();
}

namespace {
const char* caught_kind = "Error";
std::string caught_message;
}  // namespace

void note_caught() {
  try {
    throw;
  } catch (const std::invalid_argument& e) {
    caught_kind = "TypeError";
    caught_message = e.what();
  } catch (const std::out_of_range& e) {
    caught_kind = "RangeError";
    caught_message = e.what();
  } catch (const std::length_error& e) {
    caught_kind = "RangeError";
    caught_message = e.what();
  } catch (const std::bad_alloc&) {
    caught_kind = "RangeError";
    caught_message = "out of memory: the request is too large for the WebAssembly heap";
  } catch (const std::exception& e) {
    caught_kind = "Error";
    caught_message = e.what();
  }
}

void throw_caught(const char* call) {
  const std::string message = std::string(call) + ": " + caught_message;
  // Only throw_js's copy of the last message outlives the call (a second one held here would make the
  // heap a failed call leaves depend on the length of the message before it).
  std::string().swap(caught_message);
  throw_js(caught_kind, message);
}

}  // namespace ap::bind
