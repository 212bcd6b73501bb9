#include "js_error.h"

#include <string>

namespace {
EM_JS(void, ap_throw_js_error, (const char* kind, const char* msg), {
  var C = globalThis[UTF8ToString(kind)] || Error;
  throw new C(UTF8ToString(msg));
});
}  // namespace

namespace ap::bind {

const char* current_call = "engine";

void throw_status(const char* call, Status failure) {
  const char* kind = failure.kind() == ErrorKind::syntax ? "SyntaxError" : "RangeError";
  // static: ap_throw_js_error never returns, so no destructor would run for a local. Only this copy of
  // the last message outlives the call (the Status's is freed first), so the heap a failed call leaves
  // does not depend on the message of the call before it.
  static std::string held;
  held.assign(call);
  held += ": ";
  held += failure.message();
  (void)failure.take_message();
  ap_throw_js_error(kind, held.c_str());
  __builtin_unreachable();
}

}  // namespace ap::bind
