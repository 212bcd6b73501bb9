// Heap diagnostics for engine.memory(): how much of the WASM heap malloc has handed out. And what
// happens when the heap cannot grow: the engine is built without C++ exceptions, where libc++'s
// operator new would abort the module for good. These replacements throw a JS RangeError instead,
// and the engine keeps working. Every size a user controls is checked before anything is allocated
// (scratch() in mlp.cc, the core's limits), so this is the last resort: what the frames it unwinds
// held is not freed.
#include <emscripten/bind.h>
#include <emscripten/val.h>
#include <malloc.h>

#include <cstdlib>
#include <new>

#include "js_error.h"

namespace ap::bind {
namespace {

[[noreturn]] void out_of_memory() {
  const char* call = current_call;
  current_call = "engine";
  throw_status(call, range_error("out of memory: the request is too large for the WebAssembly heap (at most "
                                         "engine.limits.maxHeapBytes)"));
}

void* allocate(std::size_t n, std::size_t align) {
  if (n == 0) n = 1;
  void* p = align > alignof(std::max_align_t) ? std::aligned_alloc(align, (n + align - 1) / align * align) : std::malloc(n);
  if (!p) out_of_memory();
  return p;
}

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

void* operator new(std::size_t n) { return ap::bind::allocate(n, 0); }
void* operator new[](std::size_t n) { return ap::bind::allocate(n, 0); }
void* operator new(std::size_t n, std::align_val_t a) { return ap::bind::allocate(n, static_cast<std::size_t>(a)); }
void* operator new[](std::size_t n, std::align_val_t a) { return ap::bind::allocate(n, static_cast<std::size_t>(a)); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

EMSCRIPTEN_BINDINGS(ap_memory) {
  emscripten::function("_memoryStats", &ap::bind::memory_stats);
}
