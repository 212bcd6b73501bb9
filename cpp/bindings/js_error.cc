#include "js_error.h"

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

}  // namespace ap::bind
