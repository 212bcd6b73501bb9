// Two doubles at a time: a thin wrapper over wasm_simd128.h's f64x2 (the WASM build) or a pair of
// doubles (native), and the double-precision functions the block evaluator vectorises: exp, expm1,
// log, log1p, sigmoid, softplus, tanh, tanh'. Each is within a few double ULP (2^-52 relative) of the
// exact value, far below the float32 rounding that follows, and returns the IEEE limits (inf, 0,
// -1, NaN) at the ends of the range. The same code runs in both builds, so they agree bit for bit.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace ap::formula::vm {

#if defined(__wasm_simd128__)
// A struct around v128_t: operators cannot be overloaded on a vector type itself.
struct V {
  v128_t v;
};
inline V load(const double* p) { return {wasm_v128_load(p)}; }
inline void store(double* p, V a) { wasm_v128_store(p, a.v); }
inline V splat(double d) { return {wasm_f64x2_splat(d)}; }
inline V operator+(V a, V b) { return {wasm_f64x2_add(a.v, b.v)}; }
inline V operator-(V a, V b) { return {wasm_f64x2_sub(a.v, b.v)}; }
inline V operator*(V a, V b) { return {wasm_f64x2_mul(a.v, b.v)}; }
inline V operator/(V a, V b) { return {wasm_f64x2_div(a.v, b.v)}; }
inline V neg(V a) { return {wasm_f64x2_neg(a.v)}; }
inline V abs(V a) { return {wasm_f64x2_abs(a.v)}; }
inline V sqrt(V a) { return {wasm_f64x2_sqrt(a.v)}; }
// Comparisons give all-ones / all-zeros lanes.
inline V lt(V a, V b) { return {wasm_f64x2_lt(a.v, b.v)}; }
inline V le(V a, V b) { return {wasm_f64x2_le(a.v, b.v)}; }
inline V eq(V a, V b) { return {wasm_f64x2_eq(a.v, b.v)}; }
inline V ne(V a, V b) { return {wasm_f64x2_ne(a.v, b.v)}; }
inline V bit_and(V a, V b) { return {wasm_v128_and(a.v, b.v)}; }
inline V bit_or(V a, V b) { return {wasm_v128_or(a.v, b.v)}; }
/// m ? a : b, lane by lane (m from a comparison).
inline V select(V m, V a, V b) { return {wasm_v128_bitselect(a.v, b.v, m.v)}; }
// Integer lanes (the bits of the doubles).
inline V i64_add(V a, V b) { return {wasm_i64x2_add(a.v, b.v)}; }
inline V i64_sub(V a, V b) { return {wasm_i64x2_sub(a.v, b.v)}; }
inline V i64_shl(V a, int k) { return {wasm_i64x2_shl(a.v, k)}; }
inline V i64_shr(V a, int k) { return {wasm_i64x2_shr(a.v, k)}; }  // arithmetic
inline V i64_splat(std::int64_t x) { return {wasm_i64x2_splat(x)}; }
#else
struct V {
  double d[2];
};
inline V load(const double* p) { return {{p[0], p[1]}}; }
inline void store(double* p, V v) { p[0] = v.d[0], p[1] = v.d[1]; }
inline V splat(double d) { return {{d, d}}; }
template <class F>
inline V map2(V a, V b, F f) { return {{f(a.d[0], b.d[0]), f(a.d[1], b.d[1])}}; }
inline V operator+(V a, V b) { return map2(a, b, [](double x, double y) { return x + y; }); }
inline V operator-(V a, V b) { return map2(a, b, [](double x, double y) { return x - y; }); }
inline V operator*(V a, V b) { return map2(a, b, [](double x, double y) { return x * y; }); }
inline V operator/(V a, V b) { return map2(a, b, [](double x, double y) { return x / y; }); }
inline V neg(V a) { return {{-a.d[0], -a.d[1]}}; }
inline std::int64_t bits(double d) { std::int64_t i; std::memcpy(&i, &d, 8); return i; }
inline double from_bits(std::int64_t i) { double d; std::memcpy(&d, &i, 8); return d; }
template <class F>
inline V mapi(V a, V b, F f) { return {{from_bits(f(bits(a.d[0]), bits(b.d[0]))), from_bits(f(bits(a.d[1]), bits(b.d[1])))}}; }
inline V mask(bool m0, bool m1) { return {{from_bits(m0 ? -1 : 0), from_bits(m1 ? -1 : 0)}}; }
inline V abs(V a) { return mapi(a, a, [](std::int64_t x, std::int64_t) { return x & INT64_MAX; }); }
inline V sqrt(V a) { return {{std::sqrt(a.d[0]), std::sqrt(a.d[1])}}; }
inline V lt(V a, V b) { return mask(a.d[0] < b.d[0], a.d[1] < b.d[1]); }
inline V le(V a, V b) { return mask(a.d[0] <= b.d[0], a.d[1] <= b.d[1]); }
inline V eq(V a, V b) { return mask(a.d[0] == b.d[0], a.d[1] == b.d[1]); }
inline V ne(V a, V b) { return mask(a.d[0] != b.d[0], a.d[1] != b.d[1]); }
inline V bit_and(V a, V b) { return mapi(a, b, [](std::int64_t x, std::int64_t y) { return x & y; }); }
inline V bit_or(V a, V b) { return mapi(a, b, [](std::int64_t x, std::int64_t y) { return x | y; }); }
inline V select(V m, V a, V b) {
  return {{bits(m.d[0]) ? a.d[0] : b.d[0], bits(m.d[1]) ? a.d[1] : b.d[1]}};
}
inline V i64_add(V a, V b) { return mapi(a, b, [](std::int64_t x, std::int64_t y) { return static_cast<std::int64_t>(static_cast<std::uint64_t>(x) + static_cast<std::uint64_t>(y)); }); }
inline V i64_sub(V a, V b) { return mapi(a, b, [](std::int64_t x, std::int64_t y) { return static_cast<std::int64_t>(static_cast<std::uint64_t>(x) - static_cast<std::uint64_t>(y)); }); }
inline V i64_shl(V a, int k) { return mapi(a, a, [k](std::int64_t x, std::int64_t) { return static_cast<std::int64_t>(static_cast<std::uint64_t>(x) << k); }); }
inline V i64_shr(V a, int k) { return mapi(a, a, [k](std::int64_t x, std::int64_t) { return x >> k; }); }
inline V i64_splat(std::int64_t v) { return splat(from_bits(v)); }
#endif

inline V gt(V a, V b) { return lt(b, a); }
inline V ge(V a, V b) { return le(b, a); }
/// a < b ? a : b, and NaN if either is NaN (as eval_op; the sign of a zero tie follows b).
inline V min(V a, V b) { return select(bit_or(ne(a, a), ne(b, b)), a + b, select(lt(a, b), a, b)); }
inline V max(V a, V b) { return select(bit_or(ne(a, a), ne(b, b)), a + b, select(lt(b, a), a, b)); }
/// |a| with b's sign.
inline V copysign(V a, V b) { return bit_or(abs(a), bit_and(b, i64_splat(INT64_MIN))); }

/// 2^n for integer-valued doubles n in [-1075, 1024], as two factors (each a normal double), so that
/// p * s.first * s.second rounds once where the product is subnormal.
struct Scale {
  V s1, s2;
};
inline Scale pow2(V n_magic) {
  // n_magic = n + 0x1.8p52: its low bits are n (two's complement).
  const V n = i64_sub(n_magic, splat(0x1.8p52));
  const V n1 = i64_shr(n, 1), n2 = i64_sub(n, n1);
  const V bias = i64_splat(1023);
  return {i64_shl(i64_add(n1, bias), 52), i64_shl(i64_add(n2, bias), 52)};
}

// ln 2 split so that n * kLn2Hi is exact for |n| < 2^11 (fdlibm's constants).
inline constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
inline constexpr double kLog2e = 1.44269504088896338700;

/// e^r - 1 for |r| <= 0.35: Taylor series to r^14 (remainder < 2^-60 relative).
inline V expm1_poly(V r) {
  constexpr double c[] = {1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
                          1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600,
                          1.0 / 6227020800, 1.0 / 87178291200};
  V p = splat(c[12]);
  for (int k = 11; k >= 0; --k) p = p * r + splat(c[k]);
  return r + (r * r) * p;
}

/// e^x: x = n ln2 + r, |r| <= ln2/2, e^r by its series, times 2^n from the exponent bits.
inline V exp(V x) {
  const V xc = min(max(x, splat(-746.0)), splat(710.0));  // NaN stays NaN
  const V nm = xc * splat(kLog2e) + splat(0x1.8p52);       // round to nearest: n + magic
  const V n = nm - splat(0x1.8p52);
  const V r = (xc - n * splat(kLn2Hi)) - n * splat(kLn2Lo);
  const Scale s = pow2(nm);
  V y = ((splat(1.0) + expm1_poly(r)) * s.s1) * s.s2;
  y = select(lt(splat(709.782712893384), x), splat(__builtin_inf()), y);
  return select(lt(x, splat(-745.2)), splat(0.0), y);
}

/// e^x - 1: the series near 0 (no cancellation), else exp(x) - 1 (at most a factor 3.5 of exp's error).
inline V expm1(V x) {
  const V small = lt(abs(x), splat(0.35));
  const V near = expm1_poly(select(small, x, splat(0.0)));
  return select(small, near, exp(x) - splat(1.0));
}

/// log x for x > 0 (-inf at 0, NaN below, inf at inf): x = m 2^k with m in [sqrt(1/2), sqrt 2),
/// log m = 2 atanh(s), s = (m - 1)/(m + 1), |s| <= 0.1716, by its series to s^23.
inline V log(V x) {
  const V tiny = lt(x, splat(0x1p-1022));
  const V xs = select(tiny, x * splat(0x1p54), x);
  const V k_adj = select(tiny, splat(-54.0), splat(0.0));
  const V e_bits = i64_shr(xs, 52);                               // biased exponent (x > 0)
  V m = bit_or(bit_and(xs, i64_splat(0x000fffffffffffffLL)), i64_splat(0x3ff0000000000000LL));
  // k = biased exponent - 1023 as a double: through the magic constant's low bits.
  V k = (i64_add(e_bits, splat(0x1.8p52)) - splat(0x1.8p52)) - splat(1023.0) + k_adj;
  const V big = lt(splat(1.41421356237309504880), m);
  m = select(big, m * splat(0.5), m);
  k = select(big, k + splat(1.0), k);
  const V f = m - splat(1.0);  // exact (Sterbenz)
  const V s = f / (splat(2.0) + f);
  const V z = s * s;
  constexpr double c[] = {1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17,
                          1.0 / 19, 1.0 / 21, 1.0 / 23};
  V p = splat(c[10]);
  for (int i = 9; i >= 0; --i) p = p * z + splat(c[i]);
  // log m = 2s + 2s z p, with f = 2s + (f - 2s) folded in as fdlibm does for the leading term.
  const V two_s = s + s;
  const V logm = two_s + two_s * (z * p);
  V y = k * splat(kLn2Hi) + (k * splat(kLn2Lo) + logm);
  y = select(eq(x, splat(0.0)), splat(-__builtin_inf()), y);
  y = select(lt(x, splat(0.0)), splat(__builtin_nan("")), y);
  y = select(eq(x, splat(__builtin_inf())), x, y);
  return select(ne(x, x), x, y);
}

/// log(1 + x): u = 1 + x, then log(u) x / (u - 1) (exact correction of the rounding of u; Goldberg).
inline V log1p(V x) {
  const V u = splat(1.0) + x;
  const V d = u - splat(1.0);
  const V y = log(u) * (x / select(eq(d, splat(0.0)), splat(1.0), d));
  V r = select(eq(d, splat(0.0)), x, y);
  return select(eq(x, splat(__builtin_inf())), x, r);
}

/// sigma(x) = 1/(1 + e^-x) from e = e^-|x| (never overflows, no cancellation).
inline V sigmoid(V x) {
  const V e = exp(neg(abs(x)));
  const V r = splat(1.0) / (splat(1.0) + e);
  return select(le(splat(0.0), x), r, e * r);
}

/// log(1 + e^x) = max(x, 0) + log1p(e^-|x|).
inline V softplus(V x) { return max(x, splat(0.0)) + log1p(exp(neg(abs(x)))); }

/// tanh x = -y / (2 + y) with y = expm1(-2|x|), sign restored.
inline V tanh(V x) {
  const V y = expm1(splat(-2.0) * abs(x));
  return copysign(neg(y) / (splat(2.0) + y), x);
}

/// tanh'(x) = 4e / (1 + e)^2, e = e^(-2|x|).
inline V tanh_d(V x) {
  const V e = exp(splat(-2.0) * abs(x));
  const V q = splat(1.0) + e;
  return (splat(4.0) * e) / (q * q);
}

}  // namespace ap::formula::vm
