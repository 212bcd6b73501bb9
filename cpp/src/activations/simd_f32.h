// Thin wrapper over wasm_simd128.h: the vocabulary the SIMD128 activation kernels are written in.
// vf32 holds 4 floats, vf64 holds 2 doubles; masks are all-ones / all-zeros lanes. Only compiled
// under __wasm_simd128__ (the engine core stays free of SIMD types everywhere else).
#pragma once
#ifdef __wasm_simd128__
#include <wasm_simd128.h>

#include <cstdint>

namespace ap::simd {

using vf32 = v128_t;  ///< 4 x float32
using vf64 = v128_t;  ///< 2 x float64
using vi32 = v128_t;  ///< 4 x int32 (bit tricks)
using vmask = v128_t;  ///< lane masks from comparisons

// ---- float32 x 4 ---------------------------------------------------------------------------
inline vf32 load(const float* p) { return wasm_v128_load(p); }
inline void store(float* p, vf32 v) { wasm_v128_store(p, v); }
inline vf32 splat(float a) { return wasm_f32x4_splat(a); }
inline vf32 add(vf32 a, vf32 b) { return wasm_f32x4_add(a, b); }
inline vf32 sub(vf32 a, vf32 b) { return wasm_f32x4_sub(a, b); }
inline vf32 mul(vf32 a, vf32 b) { return wasm_f32x4_mul(a, b); }
/// Correctly rounded division (wasm f32x4.div is IEEE).
inline vf32 div(vf32 a, vf32 b) { return wasm_f32x4_div(a, b); }
/// a * b + c with two roundings (SIMD128 has no fused multiply-add).
inline vf32 madd(vf32 a, vf32 b, vf32 c) { return add(mul(a, b), c); }
inline vf32 neg(vf32 a) { return wasm_f32x4_neg(a); }
inline vf32 abs(vf32 a) { return wasm_f32x4_abs(a); }
/// b < a ? b : a and a < b ? b : a (one x86 instruction each, unlike IEEE min/max): a NaN in the
/// first argument passes through, so clamps are written with the data first.
inline vf32 min(vf32 a, vf32 b) { return wasm_f32x4_pmin(a, b); }
inline vf32 max(vf32 a, vf32 b) { return wasm_f32x4_pmax(a, b); }
/// Rounds to the nearest integer, ties to even.
inline vf32 round(vf32 a) { return wasm_f32x4_nearest(a); }

inline vmask lt(vf32 a, vf32 b) { return wasm_f32x4_lt(a, b); }
inline vmask le(vf32 a, vf32 b) { return wasm_f32x4_le(a, b); }
inline vmask gt(vf32 a, vf32 b) { return wasm_f32x4_gt(a, b); }
inline vmask ge(vf32 a, vf32 b) { return wasm_f32x4_ge(a, b); }
inline vmask eq(vf32 a, vf32 b) { return wasm_f32x4_eq(a, b); }
/// All-ones where a is NaN.
inline vmask is_nan(vf32 a) { return wasm_f32x4_ne(a, a); }

/// Per lane: m ? a : b (m must be a comparison mask).
inline v128_t select(vmask m, v128_t a, v128_t b) { return wasm_v128_bitselect(a, b, m); }
inline v128_t bit_and(v128_t a, v128_t b) { return wasm_v128_and(a, b); }
inline v128_t bit_or(v128_t a, v128_t b) { return wasm_v128_or(a, b); }
inline v128_t bit_xor(v128_t a, v128_t b) { return wasm_v128_xor(a, b); }
/// a & ~b.
inline v128_t bit_andnot(v128_t a, v128_t b) { return wasm_v128_andnot(a, b); }
inline bool any(vmask m) { return wasm_v128_any_true(m); }
/// -|a|: the sign bit set.
inline vf32 neg_abs(vf32 a) { return bit_or(a, wasm_i32x4_splat(INT32_MIN)); }

// ---- int32 x 4 on the same bits (exponent construction, mantissa extraction) ---------------
inline vi32 isplat(std::int32_t a) { return wasm_i32x4_splat(a); }
inline vi32 iadd(vi32 a, vi32 b) { return wasm_i32x4_add(a, b); }
inline vi32 isub(vi32 a, vi32 b) { return wasm_i32x4_sub(a, b); }
inline vi32 ishl(vi32 a, int n) { return wasm_i32x4_shl(a, n); }
/// Arithmetic shift right.
inline vi32 isar(vi32 a, int n) { return wasm_i32x4_shr(a, n); }
/// Float lanes that hold integers -> int32 (truncating, saturating).
inline vi32 to_int(vf32 a) { return wasm_i32x4_trunc_sat_f32x4(a); }
inline vf32 to_float(vi32 a) { return wasm_f32x4_convert_i32x4(a); }
/// 2^n as a float, for integer lanes n in [-126, 127] (built from the exponent bits).
inline vf32 pow2i(vi32 n) { return ishl(iadd(n, isplat(127)), 23); }

// ---- float64 x 2 ---------------------------------------------------------------------------
inline vf64 dsplat(double a) { return wasm_f64x2_splat(a); }
inline vf64 dadd(vf64 a, vf64 b) { return wasm_f64x2_add(a, b); }
inline vf64 dsub(vf64 a, vf64 b) { return wasm_f64x2_sub(a, b); }
inline vf64 dmul(vf64 a, vf64 b) { return wasm_f64x2_mul(a, b); }
inline vf64 ddiv(vf64 a, vf64 b) { return wasm_f64x2_div(a, b); }
inline vf64 dmadd(vf64 a, vf64 b, vf64 c) { return dadd(dmul(a, b), c); }
inline vf64 dneg(vf64 a) { return wasm_f64x2_neg(a); }
inline vf64 dabs(vf64 a) { return wasm_f64x2_abs(a); }
/// As min/max: a NaN in the first argument passes through.
inline vf64 dmin(vf64 a, vf64 b) { return wasm_f64x2_pmin(a, b); }
inline vf64 dmax(vf64 a, vf64 b) { return wasm_f64x2_pmax(a, b); }
inline vf64 dround(vf64 a) { return wasm_f64x2_nearest(a); }
inline vmask dlt(vf64 a, vf64 b) { return wasm_f64x2_lt(a, b); }
inline vmask dle(vf64 a, vf64 b) { return wasm_f64x2_le(a, b); }
inline vmask dgt(vf64 a, vf64 b) { return wasm_f64x2_gt(a, b); }
inline vmask dge(vf64 a, vf64 b) { return wasm_f64x2_ge(a, b); }
/// Integer-valued double lanes n (|n| < 2^31) -> 2^n for n in [-1022, 1023], via the exponent bits:
/// n + 1.5*2^52 puts n in the low mantissa bits.
inline vf64 dpow2i(vf64 n) {
  const vf64 magic = dsplat(0x1.8p52);
  const v128_t bits = wasm_i64x2_sub(dadd(n, magic), magic);
  return wasm_i64x2_shl(wasm_i64x2_add(bits, wasm_i64x2_splat(1023)), 52);
}
/// Lanes 0,1 of a float vector as doubles (exact).
inline vf64 widen_lo(vf32 a) { return wasm_f64x2_promote_low_f32x4(a); }
/// Lanes 2,3 of a float vector as doubles (exact).
inline vf64 widen_hi(vf32 a) { return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(a, a, 2, 3, 2, 3)); }
/// Rounds two double pairs back to one float vector: {lo0, lo1, hi0, hi1}.
inline vf32 narrow(vf64 lo, vf64 hi) {
  return wasm_i32x4_shuffle(wasm_f32x4_demote_f64x2_zero(lo), wasm_f32x4_demote_f64x2_zero(hi), 0, 1, 4, 5);
}

}  // namespace ap::simd
#endif  // __wasm_simd128__
