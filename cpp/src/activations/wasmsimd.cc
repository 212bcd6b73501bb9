// SIMD128 kernels (wasm_simd128.h). Without __wasm_simd128__ every entry is empty and the
// scalar kernels run.
#include "activations/kernels.h"

namespace ap::detail {

Kernels simd_kernels(Act) { return {}; }

}  // namespace ap::detail
