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
inline V u64_shr(V a, int k) { return {wasm_u64x2_shr(a.v, k)}; }  // logical
inline V i64_splat(std::int64_t x) { return {wasm_i64x2_splat(x)}; }
/// Two floats widened / two lanes rounded to float (exact / one rounding).
inline V load_f32(const float* p) { return {wasm_f64x2_promote_low_f32x4(wasm_v128_load64_zero(p))}; }
inline void store_f32(float* p, V a) { wasm_v128_store64_lane(p, wasm_f32x4_demote_f64x2_zero(a.v), 0); }
/// True if some lane of the mask is set.
inline bool any(V m) { return wasm_v128_any_true(m.v); }
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
inline V u64_shr(V a, int k) { return mapi(a, a, [k](std::int64_t x, std::int64_t) { return static_cast<std::int64_t>(static_cast<std::uint64_t>(x) >> k); }); }
inline V i64_splat(std::int64_t v) { return splat(from_bits(v)); }
inline V load_f32(const float* p) { return {{static_cast<double>(p[0]), static_cast<double>(p[1])}}; }
inline void store_f32(float* p, V a) { p[0] = static_cast<float>(a.d[0]), p[1] = static_cast<float>(a.d[1]); }
inline bool any(V m) { return bits(m.d[0]) != 0 || bits(m.d[1]) != 0; }
#endif


/// Four f64x2 vectors (8 doubles) with the same operations: the kernels run four independent chains at
/// once, so that the latency of a polynomial's multiply-adds overlaps (one chain leaves the
/// floating-point ports idle most of the time).
struct V4 {
  V v[4];
};
#define AP_V4_BIN(fn) inline V4 fn(V4 a, V4 b) { return {{fn(a.v[0], b.v[0]), fn(a.v[1], b.v[1]), fn(a.v[2], b.v[2]), fn(a.v[3], b.v[3])}}; }
#define AP_V4_OP(op) inline V4 operator op(V4 a, V4 b) { return {{a.v[0] op b.v[0], a.v[1] op b.v[1], a.v[2] op b.v[2], a.v[3] op b.v[3]}}; }
#define AP_V4_UN(fn) inline V4 fn(V4 a) { return {{fn(a.v[0]), fn(a.v[1]), fn(a.v[2]), fn(a.v[3])}}; }
AP_V4_OP(+) AP_V4_OP(-) AP_V4_OP(*) AP_V4_OP(/)
AP_V4_UN(neg) AP_V4_UN(abs) AP_V4_UN(sqrt)
AP_V4_BIN(lt) AP_V4_BIN(le) AP_V4_BIN(eq) AP_V4_BIN(ne) AP_V4_BIN(bit_and) AP_V4_BIN(bit_or)
AP_V4_BIN(i64_add) AP_V4_BIN(i64_sub)
#undef AP_V4_BIN
#undef AP_V4_OP
#undef AP_V4_UN
inline V4 select(V4 m, V4 a, V4 b) {
  return {{select(m.v[0], a.v[0], b.v[0]), select(m.v[1], a.v[1], b.v[1]), select(m.v[2], a.v[2], b.v[2]), select(m.v[3], a.v[3], b.v[3])}};
}
inline V4 i64_shl(V4 a, int k) { return {{i64_shl(a.v[0], k), i64_shl(a.v[1], k), i64_shl(a.v[2], k), i64_shl(a.v[3], k)}}; }
inline V4 u64_shr(V4 a, int k) { return {{u64_shr(a.v[0], k), u64_shr(a.v[1], k), u64_shr(a.v[2], k), u64_shr(a.v[3], k)}}; }
inline V4 load4(const double* p) { return {{load(p), load(p + 2), load(p + 4), load(p + 6)}}; }
inline void store4(double* p, V4 a) { store(p, a.v[0]), store(p + 2, a.v[1]), store(p + 4, a.v[2]), store(p + 6, a.v[3]); }

/// Constants of either width.
template <class T> inline T k(double d);
template <> inline V k<V>(double d) { return splat(d); }
template <> inline V4 k<V4>(double d) { const V v = splat(d); return {{v, v, v, v}}; }
template <class T> inline T ki(std::int64_t i);
template <> inline V ki<V>(std::int64_t i) { return i64_splat(i); }
template <> inline V4 ki<V4>(std::int64_t i) { const V v = i64_splat(i); return {{v, v, v, v}}; }

// ---- the functions, for V and V4 alike ----------------------------------------------------------

template <class V>
inline V gt(V a, V b) { return lt(b, a); }
template <class V>
inline V ge(V a, V b) { return le(b, a); }
/// a < b ? a : b, and NaN if either is NaN (as eval_op; the sign of a zero tie follows b).
template <class V>
inline V min(V a, V b) { return select(bit_or(ne(a, a), ne(b, b)), a + b, select(lt(a, b), a, b)); }
template <class V>
inline V max(V a, V b) { return select(bit_or(ne(a, a), ne(b, b)), a + b, select(lt(b, a), a, b)); }
/// a clamped to [lo, hi]; NaN stays NaN (two compare-and-selects, no NaN test).
template <class V>
inline V clamp(V a, double lo, double hi) {
  const V l = k<V>(lo), h = k<V>(hi);
  const V t = select(lt(a, l), l, a);
  return select(lt(h, t), h, t);
}
/// |a| with b's sign.
template <class V>
inline V copysign(V a, V b) { return bit_or(abs(a), bit_and(b, ki<V>(INT64_MIN))); }

/// 2^n for an integer-valued double n in [-1022, 1023], from n_magic = n + 0x1.8p52 (whose low bits
/// are n): the exponent field n + 1023 shifted into place (no arithmetic shift, which SIMD128 engines
/// emulate on x64).
template <class V>
inline V pow2(V n_magic) {
  return i64_shl(i64_add(i64_sub(n_magic, k<V>(0x1.8p52)), ki<V>(1023)), 52);
}

// ln 2 split so that n * kLn2Hi is exact for |n| < 2^11 (fdlibm's constants).
inline constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
inline constexpr double kLog2e = 1.44269504088896338700;

/// e^r - 1 for |r| <= ln2/2: Taylor series to r^12 (remainder r^13/13! < 2^-51 relative; the result
/// is rounded to float32, 2^-24, after at most a few more operations).
template <class V>
inline V expm1_poly(V r) {
  constexpr double c[] = {1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320,
                          1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600};
  V p = k<V>(c[10]);
  for (int j = 9; j >= 0; --j) p = p * r + k<V>(c[j]);
  return r + (r * r) * p;
}

/// x = n ln2 + r with |r| <= ln2/2 (Cody-Waite; n * kLn2Hi is exact); nm = n + 0x1.8p52.
template <class V>
struct Reduced {
  V nm, n, r;
};
template <class V>
inline Reduced<V> reduce(V x) {
  const V nm = x * k<V>(kLog2e) + k<V>(0x1.8p52);  // round to nearest: n + magic
  const V n = nm - k<V>(0x1.8p52);
  return {nm, n, (x - n * k<V>(kLn2Hi)) - n * k<V>(kLn2Lo)};
}

/// e^x = e^r 2^n, e^r by its series, 2^n from the exponent bits. x is clamped to [-708.3, 709.7]
/// (n in [-1022, 1023]); beyond, the limits: inf above 709.78, 0 below -708.3, where e^x < 2^-1021 (far
/// below float32's smallest subnormal, 2^-149; double's subnormal range is flushed).
template <class V>
inline V exp(V x) {
  const Reduced<V> q = reduce(clamp(x, -708.3, 709.7));
  const V y = (k<V>(1.0) + expm1_poly(q.r)) * pow2(q.nm);
  return select(lt(k<V>(709.782712893384), x), k<V>(__builtin_inf()), select(lt(x, k<V>(-708.3)), k<V>(0.0), y));
}

/// e^x - 1 = 2^n (e^r - 1) + (2^n - 1) from one reduction: n = 0 near 0 (the series alone, no
/// cancellation); elsewhere |e^x - 1| > 0.29 and the sum does not cancel. Below -60, -1 (e^x < 2^-86);
/// above 709.78, inf (between 709.7 and 709.78, the value at 709.7: far past float32 either way).
template <class V>
inline V expm1(V x) {
  const Reduced<V> q = reduce(clamp(x, -60.0, 709.7));
  const V p2 = pow2(q.nm);  // 2^n, n in [-87, 1023]: exact
  const V y = expm1_poly(q.r) * p2 + (p2 - k<V>(1.0));
  return select(lt(k<V>(709.782712893384), x), k<V>(__builtin_inf()), y);
}

/// log x for x > 0 (-inf at 0, NaN below, inf at inf): x = m 2^k with m in [sqrt(1/2), sqrt 2),
/// log m = 2 atanh(s), s = (m - 1)/(m + 1), |s| <= 0.1716, by its series to s^23.
template <class V>
inline V log(V x) {
  const V tiny = lt(x, k<V>(0x1p-1022));
  const V xs = select(tiny, x * k<V>(0x1p54), x);
  const V k_adj = select(tiny, k<V>(-54.0), k<V>(0.0));
  const V e_bits = u64_shr(xs, 52);                               // biased exponent (x > 0)
  V m = bit_or(bit_and(xs, ki<V>(0x000fffffffffffffLL)), ki<V>(0x3ff0000000000000LL));
  // ex = biased exponent - 1023 as a double: through the magic constant's low bits.
  V ex = (i64_add(e_bits, k<V>(0x1.8p52)) - k<V>(0x1.8p52)) - k<V>(1023.0) + k_adj;
  const V big = lt(k<V>(1.41421356237309504880), m);
  m = select(big, m * k<V>(0.5), m);
  ex = select(big, ex + k<V>(1.0), ex);
  const V f = m - k<V>(1.0);  // exact (Sterbenz)
  const V s = f / (k<V>(2.0) + f);
  const V z = s * s;
  constexpr double c[] = {1.0 / 3, 1.0 / 5, 1.0 / 7, 1.0 / 9, 1.0 / 11, 1.0 / 13, 1.0 / 15, 1.0 / 17,
                          1.0 / 19, 1.0 / 21, 1.0 / 23};
  V p = k<V>(c[10]);
  for (int j = 9; j >= 0; --j) p = p * z + k<V>(c[j]);
  // log m = 2s + 2s z p, with f = 2s + (f - 2s) folded in as fdlibm does for the leading term.
  const V two_s = s + s;
  const V logm = two_s + two_s * (z * p);
  V y = ex * k<V>(kLn2Hi) + (ex * k<V>(kLn2Lo) + logm);
  y = select(eq(x, k<V>(0.0)), k<V>(-__builtin_inf()), y);
  y = select(lt(x, k<V>(0.0)), k<V>(__builtin_nan("")), y);
  y = select(eq(x, k<V>(__builtin_inf())), x, y);
  return select(ne(x, x), x, y);
}

/// log(1 + x): u = 1 + x, then log(u) x / (u - 1) (exact correction of the rounding of u; Goldberg).
template <class V>
inline V log1p(V x) {
  const V u = k<V>(1.0) + x;
  const V d = u - k<V>(1.0);
  const V y = log(u) * (x / select(eq(d, k<V>(0.0)), k<V>(1.0), d));
  V r = select(eq(d, k<V>(0.0)), x, y);
  return select(eq(x, k<V>(__builtin_inf())), x, r);
}

/// sigma(x) = 1/(1 + e^-x) from e = e^-|x| (never overflows, no cancellation).
template <class V>
inline V sigmoid(V x) {
  const V e = exp(neg(abs(x)));
  const V r = k<V>(1.0) / (k<V>(1.0) + e);
  return select(le(k<V>(0.0), x), r, e * r);
}

/// log(1 + e^x) = max(x, 0) + log1p(e^-|x|).
template <class V>
inline V softplus(V x) { return max(x, k<V>(0.0)) + log1p(exp(neg(abs(x)))); }

/// tanh x = -y / (2 + y) with y = expm1(-2|x|), sign restored.
template <class V>
inline V tanh(V x) {
  const V y = expm1(k<V>(-2.0) * abs(x));
  return copysign(neg(y) / (k<V>(2.0) + y), x);
}

/// tanh'(x) = 4e / (1 + e)^2, e = e^(-2|x|).
template <class V>
inline V tanh_d(V x) {
  const V e = exp(k<V>(-2.0) * abs(x));
  const V q = k<V>(1.0) + e;
  return (k<V>(4.0) * e) / (q * q);
}


/// sigma(x) and sigma(-x) together from one e = e^-|x| (sigmoid' = sigma(u) sigma(-u) needs both):
/// bit for bit sigmoid(x) and sigmoid(-x).
template <class V>
inline void sigmoid2(V x, V& s, V& sn) {
  const V e = exp(neg(abs(x)));
  const V r = k<V>(1.0) / (k<V>(1.0) + e);
  const V q = e * r;
  const V pos = le(k<V>(0.0), x);
  s = select(pos, r, q);
  sn = select(pos, q, r);
}

/// tanh x and tanh'(x) together from one reduction of -2|x|: y = e^-2|x| - 1 = 2^n p + (2^n - 1)
/// and e = 2^n (1 + p), bit for bit tanh(x) and tanh_d(x).
template <class V>
inline void tanh2(V x, V& t, V& d) {
  const V a = k<V>(-2.0) * abs(x);
  const Reduced<V> q = reduce(clamp(a, -708.3, 0.0));
  const V p = expm1_poly(q.r), s = pow2(q.nm);
  const V y = p * s + (s - k<V>(1.0));
  const V e = select(lt(a, k<V>(-708.3)), k<V>(0.0), (k<V>(1.0) + p) * s);
  t = copysign(neg(y) / (k<V>(2.0) + y), x);
  const V u = k<V>(1.0) + e;
  d = (k<V>(4.0) * e) / (u * u);
}

}  // namespace ap::formula::vm
