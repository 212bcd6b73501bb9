// Heap diagnostics for engine.memory(): how much of the WASM heap malloc has handed out.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include "js_error.h"

namespace ap::bind {
namespace {

// mallinfo() walks every region of emmalloc's heap (-sMALLOC=emmalloc), used and free: O(number of
// regions), cheap enough for a diagnostic, not for a loop.
// uordblks = bytes in chunks in use; arena = bytes obtained from sbrk (the part of the heap malloc manages).
emscripten::val memory_stats() {
  return guarded("engine.memory", [&] {
    const struct mallinfo info = mallinfo();
    emscripten::val out = emscripten::val::object();
    out.set("allocatedBytes", static_cast<double>(info.uordblks));
    out.set("mallocArenaBytes", static_cast<double>(info.arena));
    return out;
  });
}

}  // namespace
}  // namespace ap::bind

EMSCRIPTEN_BINDINGS(ap_memory) {
  emscripten::function("_memoryStats", &ap::bind::memory_stats);
}
