// Dense-layer kernels of the MLP on unit-major blocks: row r of a block holds one unit's values for
// the points of a batch, `ld` floats apart, with ld a multiple of 4 (the batch is padded). Written as
// fixed-size inner loops over 4 or 16 columns with the accumulators in locals, so that the compiler
// keeps them in SIMD registers (SIMD128 in the WASM build) and no loop needs a scalar tail.
// Summation order is fixed, so results are bitwise reproducible.
#pragma once
#include <cstddef>

namespace ap::detail {

/// Padded row length for b points: the next multiple of 4 (at least 4).
inline std::size_t padded(std::size_t b) { return b < 4 ? 4 : (b + 3) & ~std::size_t{3}; }

// out[r][k0..k0+B) = bias[r] + sum_c w(r, c) in[c][k0..k0+B), with w(r, c) = W[r*rs + c*cs].
template <std::size_t B>
inline void affine_block(const float* __restrict W, std::size_t rs, std::size_t cs, const float* __restrict bias,
                         const float* __restrict in, float* __restrict out, std::size_t rows, std::size_t cols,
                         std::size_t ld, std::size_t k0) {
  for (std::size_t r = 0; r < rows; ++r) {
    float acc[B];
    const float b0 = bias ? bias[r] : 0.0f;
    for (std::size_t j = 0; j < B; ++j) acc[j] = b0;
    for (std::size_t c = 0; c < cols; ++c) {
      const float w = W[r * rs + c * cs];
      const float* a = in + c * ld + k0;
      for (std::size_t j = 0; j < B; ++j) acc[j] += w * a[j];
    }
    float* o = out + r * ld + k0;
    for (std::size_t j = 0; j < B; ++j) o[j] = acc[j];
  }
}

/// out (rows x ld) = w in (cols x ld) + bias, w(r, c) = W[r*rs + c*cs]; bias may be null.
/// Forward: W row-major units x inputs (rs = inputs, cs = 1). Backward to the inputs: W^T (rs = 1, cs = inputs).
inline void affine(const float* W, std::size_t rs, std::size_t cs, const float* bias, const float* in, float* out,
                   std::size_t rows, std::size_t cols, std::size_t ld) {
  std::size_t k = 0;
  for (; k + 16 <= ld; k += 16) affine_block<16>(W, rs, cs, bias, in, out, rows, cols, ld, k);
  for (; k < ld; k += 4) affine_block<4>(W, rs, cs, bias, in, out, rows, cols, ld, k);
}

/// Weight gradients: gW[o][i] += sum_k dz[o][k] a[i][k];  gb[o] += sum_k dz[o][k]. Four running
/// partial sums per dot product (one per SIMD lane), added pairwise at the end.
inline void outer_accumulate(const float* __restrict dz, const float* __restrict a, float* __restrict gW,
                             float* __restrict gb, std::size_t units, std::size_t inputs, std::size_t ld) {
  for (std::size_t o = 0; o < units; ++o) {
    const float* d = dz + o * ld;
    float sb[4] = {0, 0, 0, 0};
    for (std::size_t k = 0; k < ld; k += 4)
      for (std::size_t j = 0; j < 4; ++j) sb[j] += d[k + j];
    gb[o] += (sb[0] + sb[1]) + (sb[2] + sb[3]);
    for (std::size_t i = 0; i < inputs; ++i) {
      const float* ai = a + i * ld;
      float s[4] = {0, 0, 0, 0};
      for (std::size_t k = 0; k < ld; k += 4)
        for (std::size_t j = 0; j < 4; ++j) s[j] += d[k + j] * ai[k + j];
      gW[o * inputs + i] += (s[0] + s[1]) + (s[2] + s[3]);
    }
  }
}

}  // namespace ap::detail
