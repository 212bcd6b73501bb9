// SIMD128 kernels (wasm_simd128.h through simd_f32.h), 4 floats per vector, blocks of 16 floats.
// Without __wasm_simd128__ every entry is empty and the scalar kernels run.
//
// Accuracy contract (tested in tests/cpp/simd_test.cc, swept exhaustively by bench/sweep): within
// 4 ULP of the exact value where it is a normal float32, within 2^-126 where it is subnormal, over
// the whole float32 range; the limit at +-inf; NaN in gives NaN out, and no NaN otherwise.
// Two evaluation strategies:
//  - float32 lanes (exp, expm1, log1p below) where the formulation has no cancellation and the
//    error budget of a few roundings fits in 4 ULP: the speed-critical forwards, and derivatives
//    that share their forward's reduction of x;
//  - float64 lanes (two f64x2 per float vector) where float32 would cancel or lose its relative
//    accuracy: derivatives with zero crossings (outside a Taylor series at the root), gelu's erfc
//    tail, and every parameter-scaled argument such as beta * x. The float64 part often starts
//    from float32 pieces that are exact in double (e^r - 1 and power-of-two scales).
// The float32 kernels are bound by the two vector floating-point ports (no fused multiply-add in
// SIMD128): operations saved there are time saved; integer and bitwise ones can also run on a third
// port, so they cost less.
// Kernels are looked up by catalogue name; a catalogue activation without an entry here fails to
// compile (covers_catalogue below), as the WASM engine links no scalar kernel.
#include <array>
#include <cfloat>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "activations/kernels.h"

#ifdef __wasm_simd128__
#include "activations/simd_f32.h"

namespace ap::detail {
namespace {

using namespace ap::simd;

// The kernels are loops of straight-line vector code: f and df must inline into them (the compiler's
// budget would otherwise stop at the bigger float64 bodies and call them per vector).
#define AP_INLINE __attribute__((always_inline)) inline

// ---- drivers --------------------------------------------------------------------------------

/// y[i] = f(x[i]) in blocks of 16 floats (four vectors: four independent chains of arithmetic in
/// flight). The last, partial block goes through a zero-padded copy, so nothing past n is read or
/// written. The block's code has one call site, so it inlines into the loop with f's constants
/// hoisted out of it, and f's code appears four times, not once per loop variant (the float64
/// kernels are large). Each block is loaded before it is stored, so x == y is allowed.
template <class F, class Patch>
AP_INLINE void map(std::size_t n, const float* x, float* y, F f, Patch patch) {
  for (std::size_t i = 0; i < n; i += 16) {
    const bool tail = n - i < 16;
    alignas(16) float buf[16];
    const float* src = x + i;
    float* dst = y + i;
    if (tail) {
      std::memset(buf, 0, sizeof buf);
      std::memcpy(buf, x + i, (n - i) * sizeof(float));
      src = dst = buf;
    }
    const vf32 v[4] = {load(src), load(src + 4), load(src + 8), load(src + 12)};
    vf32 r[4] = {f(v[0]), f(v[1]), f(v[2]), f(v[3])};
    patch(v, r);
    for (int j = 0; j < 4; ++j) store(dst + 4 * j, r[j]);
    if (tail) std::memcpy(y + i, buf, (n - i) * sizeof(float));
  }
}

/// y[i] = f(x[i]) and d[i] = g(x[i]) in one pass, as map does it (f and g inline into one loop body,
/// so their common work is computed once). All loads of a block precede its stores, so x may alias
/// y or d. Blocks of 8: f and g together are as much code as four vectors of map's.
template <class F, class G, class Patch>
AP_INLINE void map2(std::size_t n, const float* x, float* y, float* d, F f, G g, Patch patch) {
  for (std::size_t i = 0; i < n; i += 8) {
    const bool tail = n - i < 8;
    alignas(16) float in[8], fy[8], gd[8];
    const float* src = x + i;
    float* py = y + i;
    float* pd = d + i;
    if (tail) {
      std::memset(in, 0, sizeof in);
      std::memcpy(in, x + i, (n - i) * sizeof(float));
      src = in;
      py = fy;
      pd = gd;
    }
    const vf32 v[2] = {load(src), load(src + 4)};
    const vf32 fa = f(v[0]), fb = f(v[1]);
    vf32 gr[2] = {g(v[0]), g(v[1])};
    patch(v, gr);
    store(py, fa);
    store(pd, gr[0]);
    store(py + 4, fb);
    store(pd + 4, gr[1]);
    if (tail) {
      std::memcpy(y + i, fy, (n - i) * sizeof(float));
      std::memcpy(d + i, gd, (n - i) * sizeof(float));
    }
  }
}

/// Evaluates g on float64 lanes: widen (exact), compute, round once back to float32.
template <class G>
inline vf32 in_f64(vf32 v, G g) {
  return narrow(g(widen_lo(v)), g(widen_hi(v)));
}

/// As in_f64, for a function of three float vectors.
template <class G>
inline vf32 in_f64(vf32 a, vf32 b, vf32 c, G g) {
  return narrow(g(widen_lo(a), widen_lo(b), widen_lo(c)), g(widen_hi(a), widen_hi(b), widen_hi(c)));
}
/// As in_f64, for a function of four float vectors.
template <class G>
inline vf32 in_f64(vf32 a, vf32 b, vf32 c, vf32 e, G g) {
  return narrow(g(widen_lo(a), widen_lo(b), widen_lo(c), widen_lo(e)),
                g(widen_hi(a), widen_hi(b), widen_hi(c), widen_hi(e)));
}

/// NaN lanes of x pass through; for maps whose formula would otherwise turn NaN into a number.
inline vf32 keep_nan(vf32 x, vf32 r) { return select(is_nan(x), x, r); }

// ---- float32 elementary functions --------------------------------------------------------------

constexpr float kLog2e = 0x1.715476p+0f;
// Cody-Waite split of ln 2 (Cephes): C1 has 9 significant bits, so n * C1 is exact for |n| < 2^15.
constexpr float kLn2Hi = 0x1.63p-1f;         // 0.693359375
constexpr float kLn2Lo = -0x1.bd0106p-13f;   // -2.12194440e-4

/// e^r - 1 - r for |r| <= ln2/2, as r^2 * P(r) (Cephes expf, relative error < 2^-24).
inline vf32 expm1_poly_tail(vf32 r) {
  vf32 p = splat(1.9875691500e-4f);
  p = madd(p, r, splat(1.3981999507e-3f));
  p = madd(p, r, splat(8.3334519073e-3f));
  p = madd(p, r, splat(4.1665795894e-2f));
  p = madd(p, r, splat(1.6666665459e-1f));
  p = madd(p, r, splat(5.0000001201e-1f));
  return mul(mul(r, r), p);
}

/// x - n ln2 in two steps (Cody-Waite).
inline vf32 reduce_ln2(vf32 x, vf32 n) {
  const vf32 r = sub(x, mul(n, splat(kLn2Hi)));
  return sub(r, mul(n, splat(kLn2Lo)));
}
constexpr float kRoundMagic = 0x1.8p23f;  // x + 1.5 * 2^23 - 1.5 * 2^23 rounds x to an integer

/// e^x split as m * s: m = e^r * 2^(n - n/2) is normal, s = 2^(n/2) carries the rest of the scale,
/// so that callers can multiply a factor into m before the final (single-rounding) scaling into the
/// subnormal range. x = n ln2 + r with a two-step (Cody-Waite) reduction. x is clamped to
/// [-150, 88.8]: e^x is exactly 0 at the low end and overflows to inf above 88.72.
struct ExpParts {
  vf32 m, s;
  vf32 p, s1;  // m = (1 + p) s1: p = e^r - 1 (relative error ~2^-24 of p itself), s1 = 2^(n - n/2)
};
inline ExpParts exp_parts(vf32 x, float hi = 88.8f) {
  x = min(max(x, splat(-150.0f)), splat(hi));  // hi <= 104: n <= 150 keeps both scales normal
  const vf32 vn = madd(x, splat(kLog2e), splat(kRoundMagic));  // round(x log2 e) in the low bits
  const vf32 n = sub(vn, splat(kRoundMagic));
  const vf32 r = reduce_ln2(x, n);
  const vf32 p = add(r, expm1_poly_tail(r));
  const vi32 ni = isub(vn, splat(kRoundMagic));  // the integer n, from the bits
  const vi32 n1 = isar(ni, 1);  // n in [-217, 128] -> both halves in [-109, 64]: normal scales
  const vf32 s1 = pow2i(isub(ni, n1));
  return {mul(add(p, splat(1.0f)), s1), pow2i(n1), p, s1};
}

/// Q(r) with e^r = 1 + r Q(r) on |r| <= ln2/2: Q = 1 + r/2 + r^2 R(r), R a Chebyshev fit of degree 3
/// (mpmath, float32 coefficients): 1 + r Q within 0.34 * 2^-24 relative. Two operations fewer
/// than the Cephes form r + r^2 P(r) + 1 where a caller scales the result (2^n + (r 2^n) Q); as
/// e^r - 1 = r Q it is less accurate than r + r^2 P(r) (elu 1.7 ULP instead of 0.95), and no faster.
inline vf32 exp_q(vf32 r) {
  vf32 q = splat(0.001391871366649866f);
  q = madd(q, r, splat(0.008357199840247631f));
  q = madd(q, r, splat(0.04166662320494652f));
  q = madd(q, r, splat(0.16666631400585175f));
  q = madd(q, r, splat(0.5f));
  return madd(q, r, splat(1.0f));
}

/// e^x for x <= 0 within about 1 ULP, flushed to 0 where e^x < 2^-126 (x < ln 2^-126 = -87.33654):
/// for callers whose result is then below 2^-126 as well, or absorbed by 1 + e^x. One scaling,
/// built from the bits of the rounding sum (XNNPACK's magic bias: 1.5 * 2^23 + 127 puts n + 127 in
/// the low bits). No clamp: below -87.34 the scale's bits are garbage (even inf or NaN), but those
/// lanes are replaced by 0. e^x = 2^n + (r 2^n) Q(r).
inline vf32 vexp_flush_nonpos(vf32 x) {
  constexpr float kBiasMagic = 0x1.8000FEp23f;
  const vf32 vn = madd(x, splat(kLog2e), splat(kBiasMagic));
  const vf32 r = reduce_ln2(x, sub(vn, splat(kBiasMagic)));
  const vf32 s = ishl(vn, 23);  // 2^n (inf for n = 128)
  return bit_andnot(madd(mul(r, s), exp_q(r), s), lt(x, splat(-87.3366f)));  // 0 there, also the limit 0 at -inf
}


/// c e^x with one rounding into the subnormal range (c e^x may be normal where e^x is not).
inline vf32 vexp_times(vf32 x, vf32 c) {
  const ExpParts p = exp_parts(x);
  return mul(mul(c, p.m), p.s);
}

/// e^x = s (1 + p) for x in [-87.3, 0] (x is clamped there): s = 2^n normal (from the bits of the
/// rounding sum), p = e^r - 1 = r + r^2 P(r) (Cephes, relative error ~2^-24 of p itself).
constexpr float kExpPartsLow = -87.3f;  // expm1_parts' clamp
struct Expm1Parts {
  vf32 s, p;
};
inline Expm1Parts expm1_parts(vf32 x) {
  x = max(x, splat(kExpPartsLow));  // n >= -126: 2^n normal
  constexpr float kBiasMagic = 0x1.8000FEp23f;
  const vf32 vn = madd(x, splat(kLog2e), splat(kBiasMagic));
  const vf32 r = reduce_ln2(x, sub(vn, splat(kBiasMagic)));
  return {ishl(vn, 23), add(r, expm1_poly_tail(r))};
}

/// e^x - 1 for x <= 0, relative error about 1.5 ULP, accurate as x -> 0 (no cancellation):
/// e^x - 1 = 2^n (e^r - 1) + (2^n - 1), with 2^n - 1 exact (below x = -17.3 it rounds to -1, as
/// e^x - 1 does).
inline vf32 vexpm1_neg(vf32 x) {
  const Expm1Parts q = expm1_parts(x);
  return madd(q.s, q.p, sub(q.s, splat(1.0f)));
}

/// c e^x for x in [-87.3, 0] from the same parts as vexpm1_neg (so that elu's fused kernel reduces x
/// once): c (2^n + 2^n p). Below, where e^x is subnormal and c e^x may not be, callers take
/// vexp_times (their rare lanes).
inline vf32 vexp_times_nonpos(vf32 x, vf32 c) {
  const Expm1Parts q = expm1_parts(x);
  return mul(c, madd(q.s, q.p, q.s));
}

/// log(1 + z) for z in [0, 1] as 2 atanh(s), s = z/(2 + z) in [0, 1/3]: one division. 2 atanh(s) =
/// 2s + 2s w R(w), w = s^2 <= 1/9, with R a degree-4 Chebyshev fit (mpmath chebyfit, |error| <
/// 3.7e-9, scaled by w in the result). The rounding of 2 + z (up to 2^-24 relative) passes into s
/// uncorrected: recovering it (c = z - ((2 + z) - 2), s -= 0.4 s c) gains 0.3 ULP and costs 14 % of
/// softplus's time. About 2 ULP on top of z's own error.
inline vf32 vlog1p_unit(vf32 z) {
  const vf32 s = div(z, add(splat(2.0f), z));
  const vf32 w = mul(s, s);
  vf32 r = splat(0.11612164612011674f);
  r = madd(r, w, splat(0.10853287900440187f));
  r = madd(r, w, splat(0.14296178997151418f));
  r = madd(r, w, splat(0.1999985316596486f));
  r = madd(r, w, splat(0.3333333366026371f));
  const vf32 s2 = add(s, s);
  return madd(mul(s2, w), r, s2);
}

/// sigmoid(x) = 1/(1 + e^-x) from z = e^-|x| <= 1: z/(1 + z) for x < 0 (and -0), 1/(1 + z) otherwise.
/// Where z < 2^-126 (x < -87.34) sigmoid is below 2^-126 too and comes out 0.
inline vf32 vsigmoid(vf32 x) {
  const vf32 z = vexp_flush_nonpos(neg_abs(x));
  const vf32 num = max(z, bit_andnot(splat(1.0f), isar(x, 31)));  // z where x has its sign bit, else 1
  return div(num, add(splat(1.0f), z));
}

// ---- float64 elementary functions --------------------------------------------------------------

/// e^x for x <= 709 (relative error ~2^-32); exactly 0 below -708 (far below any float32 result).
inline vf64 dexp(vf64 x) {
  const vf64 xc = dmax(x, dsplat(-708.0));
  const vf64 n = dround(dmul(xc, dsplat(0x1.71547652b82fep0)));
  vf64 r = dsub(xc, dmul(n, dsplat(0x1.62e42fee00000p-1)));  // 33-bit ln2_hi: n * hi is exact
  r = dsub(r, dmul(n, dsplat(0x1.a39ef35793c76p-33)));
  // Taylor series to degree 8 on |r| <= ln2/2: truncation below 2^-32 relative, far below the
  // float32 result's half ULP (2^-24).
  vf64 p = dsplat(1.0 / 40320);
  p = dmadd(p, r, dsplat(1.0 / 5040));
  p = dmadd(p, r, dsplat(1.0 / 720));
  p = dmadd(p, r, dsplat(1.0 / 120));
  p = dmadd(p, r, dsplat(1.0 / 24));
  p = dmadd(p, r, dsplat(1.0 / 6));
  p = dmadd(p, r, dsplat(0.5));
  p = dmadd(p, r, dsplat(1.0));
  p = dmadd(p, r, dsplat(1.0));
  return select(dlt(x, dsplat(-708.0)), dsplat(0.0), dmul(p, dpow2i(n)));
}

/// Horner evaluation of c[0] t^(N-1) + ... + c[N-1].
template <std::size_t N>
inline vf64 dpoly(const double (&c)[N], vf64 t) {
  vf64 p = dsplat(c[0]);
  for (std::size_t i = 1; i < N; ++i) p = dmadd(p, t, dsplat(c[i]));
  return p;
}

/// log(1 + e) for e in [0, 1] in double: 1 + e = u (1 + c) with the rounding error c recovered
/// exactly, u = 2^k m with m in [sqrt(1/2), sqrt 2], log m = 2 atanh(s), s = (m - 1)/(m + 1),
/// |s| <= 0.172: the series to s^19 is below 2^-52.
inline vf64 dlog1p_unit(vf64 e) {
  const vf64 one = dsplat(1.0);
  const vf64 u = dadd(one, e);
  const vf64 c = ddiv(dsub(e, dsub(u, one)), u);
  const vmask big = dgt(u, dsplat(1.4142135623730951));
  const vf64 m = select(big, dmul(u, dsplat(0.5)), u);
  const vf64 f = dsub(m, one);
  const vf64 s = ddiv(f, dadd(dsplat(2.0), f));
  static constexpr double kAtanh[] = {2.0 / 19, 2.0 / 17, 2.0 / 15, 2.0 / 13, 2.0 / 11,
                                      2.0 / 9,  2.0 / 7,  2.0 / 5,  2.0 / 3,  2.0};
  const vf64 logm = dmul(s, dpoly(kAtanh, dmul(s, s)));
  return dadd(dmul(bit_and(big, one), dsplat(0.69314718055994531)), dadd(logm, c));
}

/// sigmoid(y) and sigmoid(-y) in double, from E = e^-|y| (both factors accurate in their tails).
struct DSig {
  vf64 pos, neg;
};
inline DSig dsigmoid2(vf64 y) {
  const vf64 e = dexp(dneg(dabs(y)));
  const vf64 inv = ddiv(dsplat(1.0), dadd(dsplat(1.0), e));
  const vf64 small = dmul(e, inv);  // sigmoid(-|y|)
  const vmask negative = dlt(y, dsplat(0.0));
  return {select(negative, small, inv), select(negative, inv, small)};
}

/// x * s where s -> 0 as x -> +-inf: uses the clamped (finite) xc where s is exactly 0, so an
/// infinite x gives the limit (a signed zero) instead of inf * 0 = NaN.
inline vf64 dmul_limit(vf64 x, vf64 xc, vf64 s) {
  return dmul(select(wasm_f64x2_eq(s, dsplat(0.0)), xc, x), s);
}
inline vf64 dclamp_finite(vf64 x) { return dmin(dmax(x, dsplat(-FLT_MAX)), dsplat(FLT_MAX)); }

/// Near a zero crossing x0 = hi + lo of a derivative, float arithmetic (and even double
/// arithmetic of the usual formula) cancels; there f'(x) = sum_k c_k (x - x0)^k, whose leading term
/// dominates. x - hi is exact in double for float x near x0. Coefficients from mpmath (taylor at
/// the root found with findroot, 50 digits); on |x - x0| <= 1/32 the degree-8 series is accurate
/// to 2e-15 relative.
struct RootSeries {
  double hi, lo;
  double c[8];  // c_8 ... c_1 (Horner order), c_0 = 0
  double band = 1.0 / 32;  // the series is used on |x - x0| <= band (up to 1/16: 1e-12 relative)
};
inline vf64 root_series(const RootSeries& s, vf64 x) {
  const vf64 d = dsub(dsub(x, dsplat(s.hi)), dsplat(s.lo));
  return dmul(dpoly(s.c, d), d);
}
inline vf64 with_root_series(const RootSeries& s, vf64 x, vf64 general) {
  const vmask band = dle(dabs(dsub(x, dsplat(s.hi))), dsplat(s.band));
  return select(band, root_series(s, x), general);
}

constexpr RootSeries kGeluDerRoot = {
    -0.7517915246935645, 1.4956759177009883e-17,
    {-0.002239538068073497, 0.004539228379125415, 0.019421679838189067, -0.014771522148244337,
     -0.1140082332972217, -0.018199676398671087, 0.388284982990552, 0.4314939923140469}};
constexpr RootSeries kGeluTanhDerRoot = {
    -0.7524614220710163, 3.635560509207687e-17,
    {-0.0024227318458750974, 0.005261059254921912, 0.019682309459833118, -0.01661932834305256,
     -0.11394448308095899, -0.01578285352184803, 0.38751844613578895, 0.4304000910248585}};
// swish'(x) = g(beta x) with g(y) = sigmoid(y) (1 + y sigmoid(-y)); the series is in y.
constexpr RootSeries kSwishDerRoot = {
    -1.2784645427610737, -1.0946994183093437e-16,
    {0.00018570724361186496, 0.0007985218818397998, 0.000126627410081122, -0.006606589138356696,
     -0.015222655223188032, 0.018874814223782312, 0.1466487969969469, 0.2178117057198001},
    1.0 / 16};
constexpr RootSeries kMishDerRoot = {
    -1.1924312145154952, -4.8484829848031044e-17,
    {0.0009898181021289196, 0.0010924055409445854, -0.0033606849270232685, -0.01582112656173338,
     -0.020271822716684245, 0.04190782104360987, 0.20473126408010586, 0.2669479140495345}};

/// erfcx(t) = e^(t^2) erfc(t) for t in [0, 12]: a degree-16 Chebyshev-economised polynomial in
/// v = (4u + 1)/3, u = (t - 4)/(t + 4) (which maps [0, 12] into [-1, 1/2]); fitted with mpmath
/// chebyfit, relative error below 3e-13. erfcx is smooth and bounded, so erfc's e^(-t^2) factor can
/// be taken exactly from x^2 (exact in double for float x) instead of from a rounded t.
constexpr double kErfcx[] = {
    -2.1596204523330755e-09, 1.1191282019494144e-08, 3.0162559374378106e-08, -2.7585910859940364e-07,
    2.7687512238690195e-08,  5.059113228883273e-06,  -1.753888156648592e-05, -3.055915994483162e-05,
    0.0005560773048856613,   -0.003017255181242247,  0.011011894214091406,  -0.03105009297191171,
    0.0713244661495429,      -0.1368724499648313,    0.22205342149300658,   -0.30560732666001683,
    0.21849873453703333};
inline vf64 derfcx(vf64 t) {
  t = dmin(t, dsplat(12.0));
  const vf64 u = ddiv(dsub(t, dsplat(4.0)), dadd(t, dsplat(4.0)));
  return dpoly(kErfcx, dmul(dadd(dmul(u, dsplat(4.0)), dsplat(1.0)), dsplat(1.0 / 3)));
}

/// Upper tail Q(|x|) = Phi(-|x|) = erfc(|x|/sqrt2)/2 and phi(x) (standard normal), for clamped x.
struct DNormal {
  vf64 tail, pdf;
};
inline DNormal dnormal(vf64 x) {
  const vf64 g = dexp(dmul(dsplat(-0.5), dmul(x, x)));
  const vf64 t = dmul(dabs(x), dsplat(0.70710678118654752));
  return {dmul(dmul(dsplat(0.5), derfcx(t)), g), dmul(g, dsplat(0.39894228040143268))};
}

// ---- kernels --------------------------------------------------------------------------------
// One struct per activation: f(v) and df(v) on a vector (formulas in the scalar reference,
// scalar.cc), constructed from the parameters once per call. fwd<K>, der<K> and both<K> turn it into
// the three kernels; both<K> inlines f and df into one loop body, so the compiler computes what they
// share (an exponential, say) once, and its results are bit for bit fwd<K>'s and der<K>'s.

using P = const ActParams&;
const vf32 kZero = wasm_f32x4_const_splat(0.0f);
const vf32 kOne = wasm_f32x4_const_splat(1.0f);

/// K::df may leave some lanes to a slow path: then K declares them with rare(v) (a lane mask) and
/// computes them with df_rare(v), and the derivative kernels patch a block's rare lanes after its
/// fast results, behind one test per block (a test per vector would split the block's four
/// independent chains of arithmetic apart).
template <class K, class = void>
struct HasRareLanes : std::false_type {};
template <class K>
struct HasRareLanes<K, std::void_t<decltype(std::declval<const K&>().rare(vf32{}))>> : std::true_type {};

constexpr auto kNoPatch = [](const auto&, auto&) {};
template <class K>
auto rare_patch(const K& k) {
  if constexpr (HasRareLanes<K>::value) {
    return [&k](const auto& v, auto& r) {
      constexpr int kN = sizeof(v) / sizeof(v[0]);
      vmask m = k.rare(v[0]);
      for (int j = 1; j < kN; ++j) m = bit_or(m, k.rare(v[j]));
      if (any(m))
        for (int j = 0; j < kN; ++j) r[j] = select(k.rare(v[j]), k.df_rare(v[j]), r[j]);
    };
  } else {
    return kNoPatch;
  }
}

template <class K>
void fwd(std::size_t n, const float* x, float* y, P p) {
  const K k(p);
  map(n, x, y, [&k](vf32 v) { return k.f(v); }, kNoPatch);
}
template <class K>
void der(std::size_t n, const float* x, float* d, P p) {
  const K k(p);
  map(n, x, d, [&k](vf32 v) { return k.df(v); }, rare_patch(k));
}
template <class K>
void both(std::size_t n, const float* x, float* y, float* d, P p) {
  const K k(p);
  map2(n, x, y, d, [&k](vf32 v) { return k.f(v); }, [&k](vf32 v) { return k.df(v); }, rare_patch(k));
}
/// The three kernels of K. Fused = false where f and df share no work (their float64 bodies differ):
/// one loop with both bodies is then no faster than two passes, and forward_derivative() makes those.
template <class K, bool kFused = true>
constexpr Kernels kernels_of() {
  return {fwd<K>, der<K>, kFused ? both<K> : nullptr};
}
/// Kernels that run Ks...[Pick(p)]: float32 paths for the parameters they are exact for (beta == 1,
/// say), float64 lanes otherwise.
template <int (*Pick)(P), bool kFused, class... Ks>
constexpr Kernels by_params() {
  constexpr BothKernel fused = [](std::size_t n, const float* x, float* y, float* d, P p) {
    constexpr BothKernel k[] = {both<Ks>...};
    k[Pick(p)](n, x, y, d, p);
  };
  return {[](std::size_t n, const float* x, float* y, P p) {
            constexpr ForwardKernel k[] = {fwd<Ks>...};
            k[Pick(p)](n, x, y, p);
          },
          [](std::size_t n, const float* x, float* d, P p) {
            constexpr DerivativeKernel k[] = {der<Ks>...};
            k[Pick(p)](n, x, d, p);
          },
          kFused ? fused : nullptr};
}
/// 0 where beta == 1, else 1.
int pick_beta(P p) { return p.beta == 1.0f ? 0 : 1; }

struct Identity {
  explicit Identity(P) {}
  AP_INLINE vf32 f(vf32 v) const { return v; }
  AP_INLINE vf32 df(vf32 v) const { return keep_nan(v, kOne); }
};
template <>
void fwd<Identity>(std::size_t n, const float* x, float* y, P) {
  if (x != y) std::memmove(y, x, n * sizeof(float));
}

// step(x) = 1 if x > 0 else 0 (step(0) = 0); step' = 0.
struct Step {
  explicit Step(P) {}
  AP_INLINE vf32 f(vf32 v) const { return keep_nan(v, bit_and(gt(v, kZero), kOne)); }
  AP_INLINE vf32 df(vf32 v) const { return keep_nan(v, kZero); }
};

struct Relu {
  explicit Relu(P) {}
  AP_INLINE vf32 f(vf32 v) const { return max(v, kZero); }  // NaN propagates; relu(-0) = 0
  AP_INLINE vf32 df(vf32 v) const { return keep_nan(v, bit_and(gt(v, kZero), kOne)); }
};

// relu6 = min(max(x, 0), 6); relu6' = 1 on (0, 6), else 0.
struct Relu6 {
  explicit Relu6(P) {}
  AP_INLINE vf32 f(vf32 v) const { return min(max(v, kZero), splat(6.0f)); }
  AP_INLINE vf32 df(vf32 v) const { return keep_nan(v, bit_and(bit_and(gt(v, kZero), lt(v, splat(6.0f))), kOne)); }
};

// leaky_relu / prelu: x if x > 0 else alpha x; derivative 1 or alpha (alpha at 0). With alpha = 0,
// x is clamped to the finite range first: 0 * -inf would be NaN, and 0 (0 x for every finite x) is
// the limit. NaN passes the clamp (data first).
struct LeakyRelu {
  vf32 a, lo;
  explicit LeakyRelu(P p) : a(splat(p.alpha)), lo(splat(p.alpha == 0.0f ? -FLT_MAX : -std::numeric_limits<float>::infinity())) {}
  AP_INLINE vf32 f(vf32 v) const { return select(gt(v, kZero), v, mul(a, max(v, lo))); }
  AP_INLINE vf32 df(vf32 v) const { return keep_nan(v, select(gt(v, kZero), kOne, a)); }
};

// thresholded_relu: x if x > theta else 0; derivative 1 or 0.
struct ThresholdedRelu {
  vf32 th;
  explicit ThresholdedRelu(P p) : th(splat(p.theta)) {}
  AP_INLINE vf32 f(vf32 v) const { return keep_nan(v, bit_and(gt(v, th), v)); }
  AP_INLINE vf32 df(vf32 v) const { return keep_nan(v, bit_and(gt(v, th), kOne)); }
};

// hard_tanh = clamp(x, -1, 1); derivative 1 on (-1, 1).
struct HardTanh {
  explicit HardTanh(P) {}
  AP_INLINE vf32 f(vf32 v) const { return min(max(v, splat(-1.0f)), kOne); }
  AP_INLINE vf32 df(vf32 v) const { return keep_nan(v, bit_and(bit_and(gt(v, splat(-1.0f)), lt(v, kOne)), kOne)); }
};

// hard_sigmoid = relu6(x + 3)/6 (x + 3 is exact where it matters, near -3); derivative 1/6 on (-3, 3).
struct HardSigmoid {
  explicit HardSigmoid(P) {}
  AP_INLINE vf32 f(vf32 v) const { return div(min(max(add(v, splat(3.0f)), kZero), splat(6.0f)), splat(6.0f)); }
  AP_INLINE vf32 df(vf32 v) const {
    const vmask in = bit_and(gt(v, splat(-3.0f)), lt(v, splat(3.0f)));
    return keep_nan(v, bit_and(in, splat(1.0f / 6.0f)));
  }
};

// hard_swish = x relu6(x + 3)/6; derivative 0 below -3, (2x + 3)/6 on [-3, 3], 1 above.
struct HardSwish {
  explicit HardSwish(P) {}
  AP_INLINE vf32 f(vf32 v) const {
    const vf32 h = min(max(add(v, splat(3.0f)), kZero), splat(6.0f));
    // x * 0 = NaN at x = -inf (the limit is 0), and x * 6 overflows above 5.7e37 (f = x there).
    const vf32 mid = div(mul(v, h), splat(6.0f));
    return select(le(v, splat(-3.0f)), kZero, select(ge(v, splat(3.0f)), v, mid));
  }
  AP_INLINE vf32 df(vf32 v) const {
    const vf32 mid = div(add(add(v, v), splat(3.0f)), splat(6.0f));
    const vf32 r = select(lt(v, splat(-3.0f)), kZero, select(gt(v, splat(3.0f)), kOne, mid));
    return keep_nan(v, r);
  }
};

// softsign = x/(1 + |x|); derivative 1/(1 + |x|)^2. |x| is capped at 2^30 (where x/(1 + |x|)
// already rounds to +-1) so that +-inf gives +-1, not inf/inf.
struct Softsign {
  explicit Softsign(P) {}
  AP_INLINE vf32 f(vf32 v) const {
    const vf32 c = min(max(v, splat(-0x1p30f)), splat(0x1p30f));
    return div(c, add(kOne, abs(c)));
  }
  AP_INLINE vf32 df(vf32 v) const {
    return in_f64(v, [](vf64 t) {
      const vf64 q = dadd(dsplat(1.0), dabs(t));
      return ddiv(dsplat(1.0), dmul(q, q));  // three roundings in float32 would cost 2.5 ULP
    });
  }
};

// sigmoid' = sigmoid(x) sigmoid(-x) = z/(1 + z)^2, z = e^-|x| (s(1-s) cancels in the right tail):
// z from float32 lanes (1 ULP, shared with f), the rest in double, so the result carries z's error
// plus one rounding; z < 2^-126 makes sigmoid' < 2^-126, and 0.
struct Sigmoid {
  explicit Sigmoid(P) {}
  AP_INLINE vf32 f(vf32 v) const { return vsigmoid(v); }
  AP_INLINE vf32 df(vf32 v) const {
    return in_f64(vexp_flush_nonpos(neg_abs(v)), [](vf64 z) {
      const vf64 q = dadd(dsplat(1.0), z);
      return ddiv(z, dmul(q, q));
    });
  }
};

// tanh and tanh' from one reduction of y = -2|x| = n ln2 + r, clamped at -87.3 (expm1_parts:
// 2^n normal, straight from the rounding sum's bits), p = e^r - 1 = r + r^2 P(r):
//  - tanh|x| = F/(2 - F) with F = -(e^y - 1) = (1 - 2^n) - 2^n p >= 0 (+0 at x = 0): one formula and
//    one division over the whole range, accurate near 0 (F = -p there, no cancellation); F's error
//    (about one ULP) counts at most twice (2/(2 - F)) as F -> 1: 2.5 ULP at worst (x near 4.5; the
//    exhaustive sweep is in README). F rounds to 1 from y = -17.3 on, so the clamp changes nothing.
//    The sign of x is or-ed back in;
//  - tanh' = 1/cosh^2 = 4z/(1 + z)^2 with z = e^y = 2^n + 2^n p (1 - tanh^2 cancels in the tails),
//    the rest in double. Beyond |x| = 43.65 (the clamp) 4z is still normal up to |x| = 44.36: those
//    rare lanes take split scales (z = m s exact in double) in a branch.
struct Tanh {
  explicit Tanh(P) {}
  AP_INLINE static Expm1Parts parts(vf32 v) { return expm1_parts(mul(abs(v), splat(-2.0f))); }
  AP_INLINE vf32 f(vf32 v) const {
    const Expm1Parts q = parts(v);
    const vf32 F = sub(sub(kOne, q.s), mul(q.s, q.p));
    return bit_or(div(F, sub(splat(2.0f), F)), bit_xor(v, abs(v)));  // x's sign bit: x ^ |x|
  }
  AP_INLINE static vf64 der(vf64 z) {
    const vf64 d = dadd(dsplat(1.0), z);
    return ddiv(dmul(dsplat(4.0), z), dmul(d, d));
  }
  AP_INLINE vf32 df(vf32 v) const {  // right for |x| <= 43.65
    const Expm1Parts q = parts(v);
    return in_f64(madd(q.s, q.p, q.s), der);
  }
  AP_INLINE vmask rare(vf32 v) const { return gt(abs(v), splat(43.65f)); }
  vf32 df_rare(vf32 v) const {
    const ExpParts e = exp_parts(max(mul(abs(v), splat(-2.0f)), splat(-150.0f)));
    return in_f64(e.m, e.s, e.s, [](vf64 m, vf64 s, vf64) { return der(dmul(m, s)); });
  }
};

// log_sigmoid = min(x, 0) - log1p(e^-|x|); derivative sigmoid(-x) (the same e^-|x|).
struct LogSigmoid {
  explicit LogSigmoid(P) {}
  AP_INLINE vf32 f(vf32 v) const { return sub(min(v, kZero), vlog1p_unit(vexp_flush_nonpos(neg_abs(v)))); }
  AP_INLINE vf32 df(vf32 v) const { return vsigmoid(neg(v)); }
};

// elu: x if x > 0 else alpha (e^x - 1); derivative 1 or alpha e^x.
struct Elu {
  vf32 a;
  explicit Elu(P p) : a(splat(p.alpha)) {}
  // max(x, 0) + alpha (e^min(x, 0) - 1): one of the two terms is 0 (an add instead of a select).
  AP_INLINE vf32 f(vf32 v) const { return madd(a, vexpm1_neg(min(v, kZero)), max(v, kZero)); }
  AP_INLINE vf32 df(vf32 v) const { return select(gt(v, kZero), kOne, vexp_times_nonpos(min(v, kZero), a)); }
  AP_INLINE vmask rare(vf32 v) const { return lt(v, splat(kExpPartsLow)); }
  vf32 df_rare(vf32 v) const { return vexp_times(min(v, kZero), a); }
};

// selu = lambda elu(x, alpha) with the fixed constants; lambda alpha folded into one constant.
constexpr float kSeluLambda = 1.0507009873554805f;
constexpr float kSeluLambdaM1 = 0.0507009873554805f;  // lambda - 1
constexpr float kSeluLambdaAlpha = static_cast<float>(1.0507009873554805 * 1.6732632423543772);
struct Selu {
  explicit Selu(P) {}
  AP_INLINE vf32 f(vf32 v) const {
    // lambda x as x + (lambda - 1) x: within 0.56 ULP, and it overflows only where the exact value
    // does (float(lambda) x would overflow just below FLT_MAX / lambda, which rounds to FLT_MAX).
    // As elu: lambda max(x, 0) + lambda alpha (e^min(x, 0) - 1), one term 0.
    const vf32 pos = max(v, kZero);
    return madd(splat(kSeluLambdaAlpha), vexpm1_neg(min(v, kZero)), madd(pos, splat(kSeluLambdaM1), pos));
  }
  AP_INLINE vf32 df(vf32 v) const {
    return select(gt(v, kZero), splat(kSeluLambda), vexp_times_nonpos(min(v, kZero), splat(kSeluLambdaAlpha)));
  }
  AP_INLINE vmask rare(vf32 v) const { return lt(v, splat(kExpPartsLow)); }
  vf32 df_rare(vf32 v) const { return vexp_times(min(v, kZero), splat(kSeluLambdaAlpha)); }
};

// celu = max(0, x) + min(0, alpha (e^(x/alpha) - 1)); derivative 1 or e^(x/alpha). The rounding of
// x/alpha costs at most 1 ULP in the forward; the derivative's e^(x/alpha) would amplify it by
// |x/alpha|, so it runs on doubles.
struct Celu {
  vf32 a;
  vf64 da;
  explicit Celu(P p) : a(splat(p.alpha)), da(dsplat(p.alpha)) {}
  AP_INLINE vf32 f(vf32 v) const {
    // For |x| < 2^-60, f = x (1 + x/(2 alpha)) = x in float32; x/alpha could be subnormal there.
    const vf32 r = select(gt(v, kZero), v, mul(a, vexpm1_neg(min(div(v, a), kZero))));
    return select(lt(abs(v), splat(0x1p-60f)), v, r);
  }
  AP_INLINE vf32 df(vf32 v) const {
    const vf64 al = da;
    const vf32 e = in_f64(v, [al](vf64 t) { return dexp(dmin(ddiv(t, al), dsplat(0.0))); });
    return select(gt(v, kZero), kOne, e);
  }
};

// softplus = (1/beta) log(1 + e^(beta x)), and x where beta x > threshold; softplus' = sigmoid(beta x),
// 1 above the threshold. beta = 1: max(x, 0) + log1p(e^-|x|) in float32, sharing e^-|x| with the
// derivative. Other beta: in double, where beta x is exact (a rounded beta x would cost |beta x| ULP
// in the left tail).
// Above x = 16.7, x + log1p(e^-x) rounds to x and sigmoid(x) to 1: a threshold of 17 or more changes
// no float32 result, and kThreshold = false leaves its test out.
template <bool kThreshold>
struct Softplus1 {
  vf32 th;
  explicit Softplus1(P p) : th(splat(p.threshold)) {}
  AP_INLINE vf32 f(vf32 v) const {
    const vf32 s = add(max(v, kZero), vlog1p_unit(vexp_flush_nonpos(neg_abs(v))));
    return kThreshold ? select(gt(v, th), v, s) : s;
  }
  AP_INLINE vf32 df(vf32 v) const { return kThreshold ? select(gt(v, th), kOne, vsigmoid(v)) : vsigmoid(v); }
};
struct SoftplusAny;
/// Softplus1<false> where beta == 1 and the threshold is 17 or more, Softplus1<true> for a lower
/// threshold, SoftplusAny for other beta.
int pick_softplus(P p) { return p.beta != 1.0f ? 2 : p.threshold >= 17.0f ? 0 : 1; }
struct SoftplusAny {
  vf64 b, inv, th;
  explicit SoftplusAny(P p) : b(dsplat(p.beta)), inv(dsplat(1.0 / p.beta)), th(dsplat(p.threshold)) {}
  AP_INLINE vf32 f(vf32 v) const {
    const vf64 bb = b, ii = inv, tt = th;
    return in_f64(v, [=](vf64 t) {
      const vf64 bx = dmul(bb, t);
      const vf64 s = dmul(dadd(dmax(bx, dsplat(0.0)), dlog1p_unit(dexp(dneg(dabs(bx))))), ii);
      return select(dgt(bx, tt), t, s);
    });
  }
  AP_INLINE vf32 df(vf32 v) const {
    const vf64 bb = b, tt = th;
    return in_f64(v, [=](vf64 t) {
      const vf64 bx = dmul(bb, t);
      return select(dgt(bx, tt), dsplat(1.0), dsigmoid2(bx).pos);
    });
  }
};

// swish = x sigmoid(beta x). beta = 1 (and silu) in float32 as x/(1 + E), E = e^-x, about 1.5 ULP
// (E's error is damped by E/(1 + E)). E = m s is split so that where E would overflow (x < -88.7;
// swish is still normal down to -93) the quotient is formed as (x/m)/s, with 1 + E ~ E (above
// |x| = 20 the 1 is below 2^-28 relative) and /s exact (a power of two, s_inv from the bits).
// Other beta in double.
inline vf32 vswish1(vf32 v) {
  const ExpParts e = exp_parts(neg(v), 104.0f);
  const vmask big = lt(v, splat(-20.0f));
  const vf32 q = div(v, select(big, e.m, add(kOne, mul(e.m, e.s))));
  const vf32 s_inv = isub(isplat(254 << 23), e.s);  // 2^-n for s = 2^n
  const vf32 r = select(big, mul(q, s_inv), q);
  return select(lt(v, splat(-104.0f)), splat(-0.0f), r);  // |swish| < 2^-140 there; -0 is the limit
}
inline vf64 dswish(vf64 t, vf64 b) {
  const vf64 xc = dclamp_finite(t);  // beta * xc: no 0 * inf when beta = 0
  return dmul_limit(t, xc, dsigmoid2(dmul(b, xc)).pos);
}
// swish' = g(beta x), g(y) = sigmoid(y) (1 + y sigmoid(-y)); g has a zero crossing at y = -1.278.
inline vf64 dswish_der(vf64 t, vf64 b) {
  const vf64 y = dmul(b, dclamp_finite(t));
  const DSig s = dsigmoid2(y);
  return with_root_series(kSwishDerRoot, y, dmul(s.pos, dadd(dsplat(1.0), dmul(y, s.neg))));
}
// swish' for beta = 1 from the float32 reduction that swish itself makes of e^-x (so that the
// fused kernel makes it once): E = e^-x = (1 + p) 2^n, exact in double from the float32 p and the
// two scales; g = (1 + E (1 + x))/(1 + E)^2 in double, for every x. Near the zero crossing x0,
// 1 + E (1 + x) cancels, and there E's error is p's (2^-24 relative of p, |2^n p| < 0.5), not a
// full float32 rounding of E: 1.4 ULP at worst outside |x - x0| <= 1/16. Inside, the Taylor series
// at x0 to degree 5 in float32 (d = (x - hi) - lo): 2 ULP. Below x = -104
// (where E is clamped) swish' is below 2^-140: -0, the limit.
constexpr float kSwishRootHi = -0x1.474974p+0f, kSwishRootLo = 0x1.bdf6fap-27f;  // x0 = hi + lo
struct Swish1 {  // also silu
  explicit Swish1(P) {}
  AP_INLINE vf32 f(vf32 v) const { return vswish1(v); }
  AP_INLINE vf32 df(vf32 v) const {
    const ExpParts e = exp_parts(neg(v), 104.0f);  // as in vswish1
    // 1 + x in float32: exact on [-2^24, -0.5], where 1 + E (1 + x) cancels; elsewhere its rounding
    // reaches g halved at most. x is capped at FLT_MAX: no 0 * inf.
    const vf32 xp1 = add(kOne, min(v, splat(FLT_MAX)));
    const vf32 g = in_f64(xp1, e.p, e.s1, e.s, [](vf64 xp, vf64 p, vf64 s1, vf64 s2) {
      const vf64 one = dsplat(1.0);
      const vf64 E = dmul(dmul(dadd(one, p), s1), s2);
      const vf64 q = dadd(one, E);
      return ddiv(dmadd(E, xp, one), dmul(q, q));
    });
    const vf32 h = sub(v, splat(kSwishRootHi));  // exact near x0
    const vf32 d = sub(h, splat(kSwishRootLo));
    const auto& c = kSwishDerRoot.c;  // c_8 ... c_1; to degree 5 (c_6 d^6 < 2^-30 g at |d| = 1/16)
    vf32 t = splat(static_cast<float>(c[3]));
    for (int k = 4; k < 8; ++k) t = madd(t, d, splat(static_cast<float>(c[k])));
    const vf32 r = select(le(abs(h), splat(1.0f / 16)), mul(t, d), g);
    return select(lt(v, splat(-104.0f)), splat(-0.0f), r);
  }
};
struct SwishAny {
  vf64 b;
  explicit SwishAny(P p) : b(dsplat(p.beta)) {}
  AP_INLINE vf32 f(vf32 v) const {
    const vf64 bb = b;
    return in_f64(v, [bb](vf64 t) { return dswish(t, bb); });
  }
  AP_INLINE vf32 df(vf32 v) const {
    const vf64 bb = b;
    return in_f64(v, [bb](vf64 t) { return dswish_der(t, bb); });
  }
};

// mish = x tanh(softplus x) in float32 from E = e^-|x| = m s (exp_parts: m normal, s a power of
// two), with tanh(softplus x) = 1 - w for a w in [0, 0.4] made of positive terms only:
//   x <= 0: mish = x E (1 - w), w = E(E + 1)/(E^2 + 2E + 2);
//   x > 0:  mish = x (1 - w),   w = 2E^2/(2E^2 + 2E + 1).
// w's rounding errors reach xE - xE w damped by w/(1 - w) <= 2/3, so the result carries E's
// error (about 1 ULP) and a few roundings: 3.02 ULP at worst (exhaustive sweep, README), against
// 1.7 for double lanes at twice the time. For x <= 0 the factor E is applied as m, and s last, so
// that x E (normal down to x = -91.8, where E itself is not) rounds once; x is clamped at -200 so
// that x = -inf gives the limit -0 (and x E is capped at FLT_MAX in x E w, so +inf gives +inf).
// mish' = tanh(sp) + x sigmoid(x) (1 - tanh(sp)^2), over a common denominator, in double from the
// forward's float32 pieces of E (p and two scales: exact in double, and p keeps its relative
// accuracy, which is what the cancellation near the zero crossing x0 = -1.19 needs):
// x <= 0: (N(N + 2) + 4xE(1 + E))/(N + 2)^2, N = E(E + 2); x > 0: ((1 + 2E) D + 4xE^2(1 + E))/D^2,
// D = 1 + 2E + 2E^2 (one division). Within 1/32 of x0, the Taylor series there in float32; below
// x = -104 (where E is clamped), -0.
constexpr float kMishRootHi = -0x1.31432cp+0f, kMishRootLo = -0x1.a25b08p-29f;  // x0 = hi + lo
struct Mish {
  explicit Mish(P) {}
  AP_INLINE vf32 f(vf32 v) const {
    const ExpParts ep = exp_parts(neg_abs(v));
    const vf32 e = mul(ep.m, ep.s), ee = mul(e, e), e2 = add(e, e);
    const vmask left = le(v, kZero);
    const vf32 num = select(left, add(ee, e), add(ee, ee));
    const vf32 den = add(e2, select(left, add(ee, splat(2.0f)), madd(ee, splat(2.0f), kOne)));
    const vf32 xm = mul(max(v, splat(-200.0f)), select(left, ep.m, kOne));
    const vf32 xmw = mul(min(xm, splat(FLT_MAX)), div(num, den));  // w = 0 at x = +inf: no inf * 0
    return mul(sub(xm, xmw), select(left, ep.s, kOne));                // x E (1 - w)
  }
  AP_INLINE vf32 df(vf32 v) const {
    const ExpParts ep = exp_parts(neg_abs(v));  // as in f: E = (1 + p) s1 s2, exact in double
    const vf32 g = in_f64(min(v, splat(FLT_MAX)), ep.p, ep.s1, ep.s, [](vf64 x, vf64 p, vf64 s1, vf64 s2) {
      const vf64 one = dsplat(1.0), two = dsplat(2.0);
      const vf64 E = dmul(dmul(dadd(one, p), s1), s2), E1 = dadd(one, E);
      const vf64 fourxE = dmul(dmul(dsplat(4.0), x), E);
      const vf64 N = dmul(E, dadd(E, two)), Q = dadd(N, two);       // x <= 0
      const vf64 A = dadd(one, dadd(E, E)), D = dadd(A, dmul(two, dmul(E, E)));  // x > 0
      const vmask left = dle(x, dsplat(0.0));
      const vf64 num = select(left, dadd(dmul(N, Q), dmul(fourxE, E1)), dadd(dmul(A, D), dmul(dmul(fourxE, E), E1)));
      return ddiv(num, select(left, dmul(Q, Q), dmul(D, D)));
    });
    const vf32 h = sub(v, splat(kMishRootHi));  // exact near x0
    const vf32 d = sub(h, splat(kMishRootLo));
    const auto& c = kMishDerRoot.c;  // c_8 ... c_1; to degree 5 (c_6 d^6 < 2^-31 mish' at |d| = 1/32)
    vf32 t = splat(static_cast<float>(c[3]));
    for (int k = 4; k < 8; ++k) t = madd(t, d, splat(static_cast<float>(c[k])));
    const vf32 r = select(le(abs(h), splat(1.0f / 32)), mul(t, d), g);
    return select(lt(v, splat(-104.0f)), splat(-0.0f), r);  // |mish'| < 2^-140 there; -0 is the limit
  }
};

// gelu = x Phi(x), Phi(x) = Q(|x|) for x < 0 and 1 - Q(|x|) otherwise (Q the upper tail, from erfcx).
// gelu' = Phi(x) + x phi(x); zero crossing at x = -0.752.
struct Gelu {
  explicit Gelu(P) {}
  AP_INLINE vf32 f(vf32 v) const {
    return in_f64(v, [](vf64 t) {
      const vf64 xc = dclamp_finite(t);
      const vf64 q = dnormal(xc).tail;
      return dmul_limit(t, xc, select(dlt(t, dsplat(0.0)), q, dsub(dsplat(1.0), q)));
    });
  }
  AP_INLINE vf32 df(vf32 v) const {
    return in_f64(v, [](vf64 t) {
      const vf64 xc = dclamp_finite(t);
      const DNormal nd = dnormal(xc);
      const vf64 cdf = select(dlt(t, dsplat(0.0)), nd.tail, dsub(dsplat(1.0), nd.tail));
      return with_root_series(kGeluDerRoot, xc, dadd(cdf, dmul(xc, nd.pdf)));
    });
  }
};

// gelu_tanh = x (1 + tanh u)/2 = x sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3).
// gelu_tanh' = sigmoid(2u) + x sigmoid(2u) sigmoid(-2u) 2u', 2u' = 2 sqrt(2/pi) (1 + 3 0.044715 x^2).
constexpr double kGeluK = 0.79788456080286536;  // sqrt(2/pi)
constexpr double kGeluC = 0.044715;
inline vf64 gelu_tanh_2u(vf64 xc) {
  return dmul(dsplat(2.0 * kGeluK), dadd(xc, dmul(dsplat(kGeluC), dmul(xc, dmul(xc, xc)))));
}
struct GeluTanh {
  explicit GeluTanh(P) {}
  AP_INLINE vf32 f(vf32 v) const {
    return in_f64(v, [](vf64 t) {
      const vf64 xc = dclamp_finite(t);
      return dmul_limit(t, xc, dsigmoid2(gelu_tanh_2u(xc)).pos);
    });
  }
  AP_INLINE vf32 df(vf32 v) const {
    return in_f64(v, [](vf64 t) {
      const vf64 xc = dclamp_finite(t);
      const DSig s = dsigmoid2(gelu_tanh_2u(xc));
      const vf64 du = dmul(dsplat(2.0 * kGeluK), dadd(dsplat(1.0), dmul(dsplat(3.0 * kGeluC), dmul(xc, xc))));
      const vf64 r = dadd(s.pos, dmul(dmul(xc, dmul(s.pos, s.neg)), du));
      return with_root_series(kGeluTanhDerRoot, xc, r);
    });
  }
};

struct Named {
  const char* name;
  Kernels kernels;
};
constexpr Named kSimdKernels[] = {
    {"identity", kernels_of<Identity>()},
    {"step", kernels_of<Step>()},
    {"sigmoid", kernels_of<Sigmoid>()},
    {"hard_sigmoid", kernels_of<HardSigmoid>()},
    {"log_sigmoid", kernels_of<LogSigmoid>()},
    {"tanh", kernels_of<Tanh>()},
    {"hard_tanh", kernels_of<HardTanh>()},
    {"softsign", kernels_of<Softsign>()},
    {"relu", kernels_of<Relu>()},
    {"relu6", kernels_of<Relu6>()},
    {"leaky_relu", kernels_of<LeakyRelu>()},
    {"prelu", kernels_of<LeakyRelu>()},
    {"thresholded_relu", kernels_of<ThresholdedRelu>()},
    {"elu", kernels_of<Elu>()},
    {"selu", kernels_of<Selu>()},
    {"celu", kernels_of<Celu>()},
    {"gelu", kernels_of<Gelu, false>()},
    {"gelu_tanh", kernels_of<GeluTanh, false>()},
    {"swish", by_params<pick_beta, true, Swish1, SwishAny>()},
    {"silu", kernels_of<Swish1>()},
    {"hard_swish", kernels_of<HardSwish>()},
    {"mish", kernels_of<Mish>()},
    {"softplus", by_params<pick_softplus, true, Softplus1<false>, Softplus1<true>, SoftplusAny>()},
};

constexpr bool same(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}
/// Every catalogue activation has an entry, each with a forward and a derivative: activations.cc's
/// pick() relies on it, so that the engine links no scalar kernel (tests/cpp still compare against them).
constexpr bool covers_catalogue() {
  constexpr const char* names[] = {
#define AP_ACT(id, name, label) name,
#include "ap/catalogue.inc"
#undef AP_ACT
  };
  for (const char* name : names) {
    bool found = false;
    for (const Named& e : kSimdKernels) found = found || (same(e.name, name) && e.kernels.forward && e.kernels.derivative);
    if (!found) return false;
  }
  return true;
}
static_assert(covers_catalogue(), "every catalogue activation needs a SIMD128 kernel in kSimdKernels");

}  // namespace

Kernels simd_kernels(Act a) {
  // Matched by name once, so this file needs no edit when the catalogue's order changes.
  static const std::array<Kernels, kActCount> table = [] {
    std::array<Kernels, kActCount> t{};
    for (std::size_t i = 0; i < kActCount; ++i)
      for (const Named& e : kSimdKernels)
        if (std::strcmp(e.name, act_name(static_cast<Act>(i))) == 0) t[i] = e.kernels;
    return t;
  }();
  return table[static_cast<std::size_t>(a)];
}

}  // namespace ap::detail

#else  // no SIMD128: the scalar kernels run everywhere

namespace ap::detail {
Kernels simd_kernels(Act) { return {}; }
}  // namespace ap::detail

#endif
