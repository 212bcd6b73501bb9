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

/// True when every x[i], i < n, lies in [lo, hi] (a NaN does not): the fast check of call arguments,
/// whose error message is built only when it fails.
inline bool all_within(const float* x, std::size_t n, float lo, float hi) {
  typedef int i32x4 __attribute__((vector_size(16)));
  const f32x4 l = splat4(lo), h = splat4(hi);
  i32x4 ok = {-1, -1, -1, -1};
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const f32x4 v = load4(x + i);
    ok &= (v >= l) & (v <= h);
  }
  bool all = (ok[0] & ok[1] & ok[2] & ok[3]) != 0;
  for (; i < n; ++i) all = all && x[i] >= lo && x[i] <= hi;
  return all;
}

// out[r0..r0+R)[k0..k0+4V) = bias + sum_c w(r, c) in[c][k0..k0+4V), with w(r, c) = W[r*rs + c*cs]:
// an R x V tile of vector accumulators, so that each load of `in` serves R rows.
template <std::size_t R, std::size_t V>
inline void affine_tile(const float* __restrict W, std::size_t rs, std::size_t cs, const float* __restrict bias,
                        const float* __restrict in, float* __restrict out, const float* __restrict m,
                        std::size_t r0, std::size_t cols, std::size_t ld, std::size_t k0) {
  f32x4 acc[R][V];
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < V; ++v) acc[r][v] = splat4(bias ? bias[r0 + r] : 0.0f);
  // Pointers step through W and `in` (no index multiplications in the loop: the WASM engine does
  // not strength-reduce them).
  const float* w[R];
  for (std::size_t r = 0; r < R; ++r) w[r] = W + (r0 + r) * rs;
  const float* x = in + k0;
  for (std::size_t c = 0; c < cols; ++c, x += ld) {
    f32x4 a[V];
    for (std::size_t v = 0; v < V; ++v) a[v] = load4(x + 4 * v);
    for (std::size_t r = 0; r < R; ++r) {
      const f32x4 wr = splat4(*w[r]);
      w[r] += cs;
      for (std::size_t v = 0; v < V; ++v) acc[r][v] += wr * a[v];
    }
  }
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t v = 0; v < V; ++v) {
      const std::size_t at = (r0 + r) * ld + k0 + 4 * v;
      store4(out + at, m ? acc[r][v] * load4(m + at) : acc[r][v]);
    }
}

template <std::size_t V>
inline void affine_columns(const float* W, std::size_t rs, std::size_t cs, const float* bias, const float* in,
                           float* out, const float* m, std::size_t rows, std::size_t cols, std::size_t ld,
                           std::size_t k0) {
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) affine_tile<4, V>(W, rs, cs, bias, in, out, m, r, cols, ld, k0);
  for (; r < rows; ++r) affine_tile<1, V>(W, rs, cs, bias, in, out, m, r, cols, ld, k0);
}

/// out (rows x ld) = w in (cols x ld) + bias, w(r, c) = W[r*rs + c*cs]; bias may be null. With m
/// (rows x ld), each output is then multiplied by its m (one rounding each, as a separate pass).
/// Forward: W row-major units x inputs (rs = inputs, cs = 1). Backward to the inputs: W^T (rs = 1,
/// cs = inputs), times f'(z) of the layer below. Each output is bias + sum over c in increasing
/// order, whatever the tiling: 8 columns per tile, the last 12 as one (a batch of 9 to 12 points
/// in a single pass), 16 with fewer than 4 rows.
inline void affine(const float* W, std::size_t rs, std::size_t cs, const float* bias, const float* in, float* out,
                   std::size_t rows, std::size_t cols, std::size_t ld, const float* m = nullptr) {
  std::size_t k = 0;
  if (rows < 4)
    for (; k + 16 <= ld; k += 16)
      for (std::size_t r = 0; r < rows; ++r) affine_tile<1, 4>(W, rs, cs, bias, in, out, m, r, cols, ld, k);
  for (; k + 8 <= ld; k += 8) {
    if (ld - k == 12) {
      affine_columns<3>(W, rs, cs, bias, in, out, m, rows, cols, ld, k);
      return;
    }
    affine_columns<2>(W, rs, cs, bias, in, out, m, rows, cols, ld, k);
  }
  if (k < ld) affine_columns<1>(W, rs, cs, bias, in, out, m, rows, cols, ld, k);
}

/// Sum of the four lanes, as (v0 + v1) + (v2 + v3).
inline float total4(f32x4 v) { return (v[0] + v[1]) + (v[2] + v[3]); }

/// {total4(a), total4(b), total4(c), total4(d)} in one vector: a 4 x 4 transpose, then the same
/// pairwise additions lane by lane (so bit for bit the four scalar totals).
inline f32x4 total4x4(f32x4 a, f32x4 b, f32x4 c, f32x4 d) {
  const f32x4 t0 = __builtin_shufflevector(a, b, 0, 4, 1, 5), t1 = __builtin_shufflevector(c, d, 0, 4, 1, 5);
  const f32x4 t2 = __builtin_shufflevector(a, b, 2, 6, 3, 7), t3 = __builtin_shufflevector(c, d, 2, 6, 3, 7);
  const f32x4 l0 = __builtin_shufflevector(t0, t1, 0, 1, 4, 5), l1 = __builtin_shufflevector(t0, t1, 2, 3, 6, 7);
  const f32x4 l2 = __builtin_shufflevector(t2, t3, 0, 1, 4, 5), l3 = __builtin_shufflevector(t2, t3, 2, 3, 6, 7);
  return (l0 + l1) + (l2 + l3);
}

/// Weight gradients: gW[o][i] += sum_k dz[o][k] a[i][k];  gb[o] += sum_k dz[o][k]. One running
/// sum per SIMD lane, the lanes added pairwise at the end. Four sums share one transposed
/// reduction and one of their two loads: four inputs of one unit, then for the inputs left over
/// (inputs % 4) four units of one input, and the biases four units at a time.
inline void outer_accumulate(const float* __restrict dz, const float* __restrict a, float* __restrict gW,
                             float* __restrict gb, std::size_t units, std::size_t inputs, std::size_t ld) {
  const std::size_t full = inputs - inputs % 4, units4 = units - units % 4;
  for (std::size_t o = 0; o < units; ++o) {
    const float* d = dz + o * ld;
    float* g = gW + o * inputs;
    for (std::size_t i = 0; i < full; i += 4) {
      const float* x = a + i * ld;
      f32x4 s0 = splat4(0.0f), s1 = s0, s2 = s0, s3 = s0;
      for (std::size_t k = 0; k < ld; k += 4) {
        const f32x4 dv = load4(d + k);
        s0 += dv * load4(x + k);
        s1 += dv * load4(x + ld + k);
        s2 += dv * load4(x + 2 * ld + k);
        s3 += dv * load4(x + 3 * ld + k);
      }
      store4(g + i, load4(g + i) + total4x4(s0, s1, s2, s3));
    }
  }
  // Input i (nullptr: the bias, an all-ones input) against four units from o.
  auto four_units = [&](std::size_t o, const float* x) {
    const float* d = dz + o * ld;
    f32x4 s0 = splat4(0.0f), s1 = s0, s2 = s0, s3 = s0;
    for (std::size_t k = 0; k < ld; k += 4) {
      const f32x4 xv = x ? load4(x + k) : splat4(1.0f);
      s0 += load4(d + k) * xv;
      s1 += load4(d + ld + k) * xv;
      s2 += load4(d + 2 * ld + k) * xv;
      s3 += load4(d + 3 * ld + k) * xv;
    }
    return total4x4(s0, s1, s2, s3);
  };
  auto one = [&](std::size_t o, const float* x) {
    f32x4 s = splat4(0.0f);
    for (std::size_t k = 0; k < ld; k += 4) s += load4(dz + o * ld + k) * (x ? load4(x + k) : splat4(1.0f));
    return total4(s);
  };
  for (std::size_t i = full; i < inputs; ++i) {
    std::size_t o = 0;
    for (; o < units4; o += 4) {
      const f32x4 sum = four_units(o, a + i * ld);
      for (std::size_t t = 0; t < 4; ++t) gW[(o + t) * inputs + i] += sum[t];
    }
    for (; o < units; ++o) gW[o * inputs + i] += one(o, a + i * ld);
  }
  std::size_t o = 0;
  for (; o < units4; o += 4) store4(gb + o, load4(gb + o) + four_units(o, nullptr));
  for (; o < units; ++o) gb[o] += one(o, nullptr);
}

}  // namespace ap::detail
