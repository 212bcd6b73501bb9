// Double-double arithmetic (a value is hi + lo, |lo| <= ulp(hi)/2: about 106 bits) and the four
// derivatives whose zero crossings cancel in double: gelu', gelu_tanh', swish' (as g(y), y = beta x)
// and mish', each from its closed form. The references (reference_f64.h) use these near the roots,
// so that no test shares a series or a coefficient with the kernels. Natively and in WASM alike:
// Emscripten's long double is IEEE quad, but its musl expl, erfl, tanhl, log1pl are double-precision
// stand-ins ("TODO: broken implementation"), so long double would not help there.
// Products are split (Dekker), never fused: the code assumes no FMA contraction (x86-64 baseline and
// wasm32 have no FMA instruction to contract into).
#pragma once
#include <cmath>

namespace ap::ref::dd {

struct DD {
  double hi, lo;
};

inline DD two_sum(double a, double b) {
  const double s = a + b, v = s - a;
  return {s, (a - (s - v)) + (b - v)};
}
inline DD quick_two_sum(double a, double b) {  // |a| >= |b|
  const double s = a + b;
  return {s, b - (s - a)};
}
inline DD two_prod(double a, double b) {
  auto split = [](double v, double& h, double& l) {
    const double t = 134217729.0 * v;  // 2^27 + 1
    h = t - (t - v);
    l = v - h;
  };
  double ah, al, bh, bl;
  split(a, ah, al);
  split(b, bh, bl);
  const double p = a * b;
  return {p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

inline DD make(double v) { return {v, 0.0}; }
inline DD neg(DD a) { return {-a.hi, -a.lo}; }
inline DD add(DD a, DD b) {
  DD s = two_sum(a.hi, b.hi);
  const DD t = two_sum(a.lo, b.lo);
  s = quick_two_sum(s.hi, s.lo + t.hi);
  return quick_two_sum(s.hi, s.lo + t.lo);
}
inline DD sub(DD a, DD b) { return add(a, neg(b)); }
inline DD mul(DD a, DD b) {
  DD p = two_prod(a.hi, b.hi);
  return quick_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}
inline DD div(DD a, DD b) {
  const double q1 = a.hi / b.hi;
  DD r = sub(a, mul(b, make(q1)));
  const double q2 = r.hi / b.hi;
  r = sub(r, mul(b, make(q2)));
  const double q3 = r.hi / b.hi;
  return add(quick_two_sum(q1, q2), make(q3));
}
inline double to_double(DD a) { return a.hi + a.lo; }

// Constants as hi + lo (mpmath, 60 digits).
constexpr DD kLn2 = {0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56};
constexpr DD kInvSqrt2 = {0x1.6a09e667f3bcdp-1, -0x1.bdd3413b26456p-55};
constexpr DD kInvSqrt2Pi = {0x1.9884533d43651p-2, -0x1.cbc0d30ebfd15p-56};
constexpr DD kTwoOverSqrtPi = {0x1.20dd750429b6dp+0, 0x1.1ae3a914fed80p-56};
constexpr DD kSqrt2OverPi = {0x1.9884533d43651p-1, -0x1.cbc0d30ebfd15p-55};
constexpr DD kGeluTanhC = {0x1.6e4e26d4801f7p-5, 0x1.441355475a31ap-59};  // the decimal 0.044715

/// e^x for |x| < 700: x = k ln2 + r, e^r = (1 + m)^(2^10) with m = e^(r/2^10) - 1 from its Taylor
/// series (|r/2^10| < 3.4e-4: the s^10 term is below 2^-120), squared as m <- 2m + m^2.
inline DD exp(DD x) {
  const double k = std::nearbyint(x.hi / kLn2.hi);
  const DD r = sub(x, mul(make(k), kLn2));
  const DD s = {std::ldexp(r.hi, -10), std::ldexp(r.lo, -10)};
  DD term = s, m = s;
  for (int n = 2; n <= 10; ++n) {
    term = div(mul(term, s), make(n));
    m = add(m, term);
  }
  for (int i = 0; i < 10; ++i) m = add(add(m, m), mul(m, m));
  const DD e = add(make(1.0), m);
  const int ki = static_cast<int>(k);
  return {std::ldexp(e.hi, ki), std::ldexp(e.lo, ki)};
}

/// erf(t) for |t| <= 1 from its Taylor series 2/sqrt(pi) sum (-1)^n t^(2n+1) / (n! (2n+1)).
inline DD erf_small(DD t) {
  const DD t2 = mul(t, t);
  DD term = t, sum = t;  // term = t^(2n+1) / n!
  for (int n = 1; n < 40; ++n) {
    term = div(mul(term, t2), make(n));
    const DD q = div(term, make(2 * n + 1));
    sum = n % 2 ? sub(sum, q) : add(sum, q);
    if (std::fabs(q.hi) < 1e-40) break;
  }
  return mul(kTwoOverSqrtPi, sum);
}

inline DD sigmoid_from_e(DD e_neg) { return div(make(1.0), add(make(1.0), e_neg)); }  // 1/(1 + e^-y)

/// gelu'(x) = Phi(x) + x phi(x), Phi(x) = (1 + erf(x/sqrt2))/2, for |x| <= 1.4.
inline DD gelu_d(double x) {
  const DD X = make(x);
  const DD Phi = mul(make(0.5), add(make(1.0), erf_small(mul(X, kInvSqrt2))));
  const DD phi = mul(kInvSqrt2Pi, exp(mul(make(-0.5), mul(X, X))));
  return add(Phi, mul(X, phi));
}

/// gelu_tanh'(x) = s + x s (1 - s) 2u', s = sigmoid(2u), u = sqrt(2/pi) (x + 0.044715 x^3).
inline DD gelu_tanh_d(double x) {
  const DD X = make(x), X2 = mul(X, X);
  const DD two_u = mul(make(2.0), mul(kSqrt2OverPi, add(X, mul(kGeluTanhC, mul(X2, X)))));
  const DD two_du = mul(make(2.0), mul(kSqrt2OverPi, add(make(1.0), mul(make(3.0), mul(kGeluTanhC, X2)))));
  const DD e = exp(neg(two_u));
  const DD s = sigmoid_from_e(e), sn = div(e, add(make(1.0), e));  // sigmoid(2u), sigmoid(-2u)
  return add(s, mul(mul(X, mul(s, sn)), two_du));
}

/// swish' as g(y) = sigmoid(y) (1 + y sigmoid(-y)) = (1 + E + y E) / (1 + E)^2 with E = e^-y.
inline DD swish_g(DD y) {
  const DD E = exp(neg(y)), q = add(make(1.0), E);
  return div(add(q, mul(y, E)), mul(q, q));
}

/// mish'(x) = tanh(sp) + x sigmoid(x) sech^2(sp), sp = log(1 + e^x): with E = e^x and
/// n = (1 + E)^2 - 1 = E (E + 2), tanh(sp) = n/(n + 2) and sech^2(sp) = 4 (n + 1)/(n + 2)^2.
inline DD mish_d(double x) {
  const DD X = make(x), E = exp(X);
  const DD n = mul(E, add(E, make(2.0))), m = add(n, make(2.0));
  const DD sig = div(E, add(make(1.0), E));
  const DD sech2 = div(mul(make(4.0), add(n, make(1.0))), mul(m, m));
  return add(div(n, m), mul(mul(X, sig), sech2));
}

/// The zero of f on [lo, hi] (f(lo) < 0 < f(hi)) by bisection in double (f evaluated in dd).
template <class F>
double root(F f, double lo, double hi) {
  for (int i = 0; i < 200; ++i) {
    const double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    (f(mid).hi < 0 ? lo : hi) = mid;
  }
  return lo;
}

}  // namespace ap::ref::dd
