// Dense-layer kernels of the MLP on unit-major blocks: row r of a block holds one unit's values for
// the points of a batch, `ld` floats apart, with ld a multiple of 4 (the batch is padded), so every
// loop runs on whole 4-float vectors with no scalar tail. Accumulators are register tiles.
// Summation order is fixed, so results are bitwise reproducible.
#pragma once
#include <cstddef>
#include <cstring>

namespace ap::detail {

/// Padded row length for b points: the next multiple of 4 (at least 4).
inline std::size_t padded(std::size_t b) { return b < 4 ? 4 : (b + 3) & ~std::size_t{3}; }

// Four floats as one value: GCC/Clang vector extensions, SIMD128 in the WASM build, SSE natively,
// plain scalar code where neither exists. Loads and stores go through memcpy (no alignment assumed).
typedef float f32x4 __attribute__((vector_size(16)));
inline f32x4 load4(const float* p) {
  f32x4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store4(float* p, f32x4 v) { std::memcpy(p, &v, sizeof v); }
inline f32x4 splat4(float x) { return f32x4{x, x, x, x}; }

// out[r0..r0+R)[k0..k0+4V) = bias + sum_c w(r, c) in[c][k0..k0+4V), with w(r, c) = W[r*rs + c*cs]:
// an R x V tile of vector accumulators, so that each load of `in` serves R rows.
template <std::size_t R, std::size_t V>
inline void affine_tile(const float* __restrict W, std::size_t rs, std::size_t cs, const float* __restrict bias,
                        const float* __restrict in, float* __restrict out, std::size_t r0, std::size_t cols,
                        std::size_t ld, std::size_t k0) {
  f32x4 acc[R][V];
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < V; ++v) acc[r][v] = splat4(bias ? bias[r0 + r] : 0.0f);
  for (std::size_t c = 0; c < cols; ++c) {
    f32x4 a[V];
    for (std::size_t v = 0; v < V; ++v) a[v] = load4(in + c * ld + k0 + 4 * v);
    for (std::size_t r = 0; r < R; ++r) {
      const f32x4 w = splat4(W[(r0 + r) * rs + c * cs]);
      for (std::size_t v = 0; v < V; ++v) acc[r][v] += w * a[v];
    }
  }
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < V; ++v) store4(out + (r0 + r) * ld + k0 + 4 * v, acc[r][v]);
}

template <std::size_t V>
inline void affine_columns(const float* W, std::size_t rs, std::size_t cs, const float* bias, const float* in,
                           float* out, std::size_t rows, std::size_t cols, std::size_t ld, std::size_t k0) {
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) affine_tile<4, V>(W, rs, cs, bias, in, out, r, cols, ld, k0);
  for (; r < rows; ++r) affine_tile<1, V>(W, rs, cs, bias, in, out, r, cols, ld, k0);
}

/// out (rows x ld) = w in (cols x ld) + bias, w(r, c) = W[r*rs + c*cs]; bias may be null.
/// Forward: W row-major units x inputs (rs = inputs, cs = 1). Backward to the inputs: W^T (rs = 1, cs = inputs).
/// Each output is bias + sum over c in increasing order, whatever the tiling.
inline void affine(const float* W, std::size_t rs, std::size_t cs, const float* bias, const float* in, float* out,
                   std::size_t rows, std::size_t cols, std::size_t ld) {
  std::size_t k = 0;
  for (; k + 8 <= ld; k += 8) affine_columns<2>(W, rs, cs, bias, in, out, rows, cols, ld, k);
  for (; k < ld; k += 4) affine_columns<1>(W, rs, cs, bias, in, out, rows, cols, ld, k);
}

/// Weight gradients: gW[o][i] += sum_k dz[o][k] a[i][k];  gb[o] += sum_k dz[o][k]. One running
/// sum per SIMD lane, the four lanes added pairwise at the end.
inline void outer_accumulate(const float* __restrict dz, const float* __restrict a, float* __restrict gW,
                             float* __restrict gb, std::size_t units, std::size_t inputs, std::size_t ld) {
  auto total = [](f32x4 v) { return (v[0] + v[1]) + (v[2] + v[3]); };
  for (std::size_t o = 0; o < units; ++o) {
    const float* d = dz + o * ld;
    f32x4 sb = splat4(0.0f);
    for (std::size_t k = 0; k < ld; k += 4) sb += load4(d + k);
    gb[o] += total(sb);
    for (std::size_t i = 0; i < inputs; ++i) {
      const float* ai = a + i * ld;
      f32x4 s = splat4(0.0f);
      for (std::size_t k = 0; k < ld; k += 4) s += load4(d + k) * load4(ai + k);
      gW[o * inputs + i] += total(s);
    }
  }
}

}  // namespace ap::detail
