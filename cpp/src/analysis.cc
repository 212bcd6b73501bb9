// Properties of an activation by numeric probing of f and f' (the method is documented in
// cpp/include/ap/analysis.h; the constants below are the tolerances named there).
#include "ap/analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "activations/kernels.h"
#include "ap/decimal.h"

namespace ap {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kHuge = 1e20;        // |f| or |f'| beyond this far out counts as unbounded
constexpr double kUnderflow = 1e-200; // f' this small next to a run of zeros is underflow, not a dead zone

/// f and f' of one activation with fixed parameters, in double.
struct Fn {
  Act act;
  ActParams params;
  double f(double x) const { return detail::eval_f(act, params, x); }
  double df(double x) const { return detail::eval_df(act, params, x); }
};

/// Sorted probe points: uniform step 2^-9 on [-16, 16] and +-2^(k/16) for 2^-30 <= |x| <= 2^127.
const std::vector<double>& probe_points() {
  static const std::vector<double> pts = [] {
    std::vector<double> v;
    for (int i = -16 * 512; i <= 16 * 512; ++i) v.push_back(i / 512.0);
    for (int k = -30 * 16; k <= 127 * 16; ++k) {
      const double x = std::exp2(k / 16.0);
      if (x < 1.0 / 512 || x > 16) {
        v.push_back(x);
        v.push_back(-x);
      }
    }
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  }();
  return pts;
}

/// Rounds to 7 significant digits (float32 resolution); zero becomes +0.
double snap(double v) { return v == 0 ? 0.0 : round_significant(v, 7); }

template <class G>
double bisect_root(G g, double a, double b) {
  const bool neg_a = g(a) < 0;
  for (int i = 0; i < 200; ++i) {
    const double m = a + (b - a) / 2;
    if (m <= a || m >= b) break;
    ((g(m) < 0) == neg_a ? a : b) = m;
  }
  return a + (b - a) / 2;
}

/// Bisects [a, b] onto the spot where g is least linear: each step keeps the half whose midpoint
/// strays further from the chord, which is where a jump (of any size against the slope) or a kink of
/// g sits. Returns the final bracket, ~1e-12 relative wide.
template <class G>
std::pair<double, double> least_linear_spot(G g, double a, double b, double rel_width) {
  double ga = g(a), gb = g(b);
  for (int i = 0; i < 200 && b - a > rel_width * std::max(1.0, std::fabs(a)); ++i) {
    const double m = a + (b - a) / 2;
    const double gm = g(m);
    const double q1 = a + (m - a) / 2, q3 = m + (b - m) / 2;
    const double nl = std::fabs(g(q1) - (ga + gm) / 2), nr = std::fabs(g(q3) - (gm + gb) / 2);
    if (nl >= nr) {
      b = m;
      gb = gm;
    } else {
      a = m;
      ga = gm;
    }
  }
  return {a, b};
}

/// The jump of g left in [a, b] after bisecting onto its least linear spot (signed: g(right) -
/// g(left)), relative to 1 + |g|: ~0 where g is continuous (a kink shrinks with the bracket).
template <class G>
double remaining_jump(G g, double a, double b) {
  const auto [lo, hi] = least_linear_spot(g, a, b, 1e-12);
  const double gl = g(lo), gh = g(hi);
  return (gh - gl) / (1 + std::max(std::fabs(gl), std::fabs(gh)));
}

/// True if g (continuous) has a kink in [a, b]: bisects onto the spot, then compares the slopes of g
/// on either side, measured one step d away from it so that a jump of g below the tolerance (softplus's
/// f' at its threshold) does not pass for a kink.
template <class G>
bool has_kink(G g, double a, double b) {
  const auto [lo, hi] = least_linear_spot(g, a, b, 1e-8);
  const double c = lo + (hi - lo) / 2;
  const double d = 1e-6 * std::max(1.0, std::fabs(c));
  const double s1 = (g(c - d) - g(c - 2 * d)) / d, s2 = (g(c + 2 * d) - g(c + d)) / d;
  return std::fabs(s2 - s1) > 1e-3 * (1 + std::fabs(s1) + std::fabs(s2));
}

// The value at +-inf (where the maths returns its limit) if the far probes +-2^(100..127) approach
// it; else the far probes' common value if they agree; +-inf if they grow past kHuge; else NaN.
double derivative_limit(const Fn& fn, double side) {
  auto agree = [&](double target) {
    for (int k = 100; k <= 127; ++k)
      if (!(std::fabs(fn.df(side * std::exp2(k)) - target) <= 1e-6 * (1 + std::fabs(target)))) return false;
    return true;
  };
  const double at_inf = fn.df(side * kInf);
  if (std::isfinite(at_inf) && agree(at_inf)) return at_inf;
  const double far = fn.df(side * std::exp2(127));
  if (std::fabs(far) > kHuge && std::fabs(fn.df(side * std::exp2(100))) < std::fabs(far)) return std::copysign(kInf, far);
  return agree(far) ? far : std::numeric_limits<double>::quiet_NaN();
}

/// Smoothness, and the jumps of f found on the way (signed), which monotonic needs: the samples
/// cannot see f drop by 1e-6 inside a grid step where it rises by 2e-3.
Smoothness smoothness(const Fn& fn, const std::vector<double>& x, const std::vector<double>& F,
                      const std::vector<double>& D, std::vector<double>& jumps) {
  const std::size_t n = x.size();
  bool kink = false;
  // f and f' disagree on [x_i, x_i+1] (trapezoid rule), or f' jumps against its neighbours.
  for (std::size_t i = 0; i + 1 < n; ++i) {
    const double h = x[i + 1] - x[i];
    const double gap = std::fabs(F[i + 1] - F[i] - h * (D[i] + D[i + 1]) / 2);
    const double dd = std::fabs(D[i + 1] - D[i]);
    const double dl = i > 0 ? std::fabs(D[i] - D[i - 1]) : 0, dr = i + 2 < n ? std::fabs(D[i + 2] - D[i + 1]) : 0;
    const bool suspect = gap > 1e-9 * (1 + std::fabs(F[i]) + std::fabs(F[i + 1])) ||
                         (dd > 1e-6 * (1 + std::fabs(D[i])) && dd > 4 * std::max(dl, dr));
    if (!suspect) continue;
    const double jump = remaining_jump([&](double t) { return fn.f(t); }, x[i], x[i + 1]);
    if (std::fabs(jump) > 1e-6) jumps.push_back(jump);
    if (!kink) kink = std::fabs(remaining_jump([&](double t) { return fn.df(t); }, x[i], x[i + 1])) > 1e-6;
  }
  if (!jumps.empty()) return Smoothness::discontinuous;
  if (kink) return Smoothness::c0;
  // Jumps of f'': the change of slope of f' around x_i spikes against the same two points away.
  std::vector<double> s(n, 0.0);
  for (std::size_t i = 1; i + 1 < n; ++i)
    s[i] = std::fabs((D[i + 1] - D[i]) / (x[i + 1] - x[i]) - (D[i] - D[i - 1]) / (x[i] - x[i - 1]));
  for (std::size_t i = 3; i + 3 < n; ++i) {
    if (s[i] > 1e-4 && s[i] > 4 * std::max(s[i - 2], s[i + 2]) &&
        has_kink([&](double t) { return fn.df(t); }, x[i - 1], x[i + 1]))
      return Smoothness::c1;
  }
  return Smoothness::smooth;
}

/// The end of a run of f' == 0: bisects between `outside` (f' != 0) and `inside` (f' == 0) and returns
/// the last point found inside (exactly 0 for relu, rather than a midpoint like 1e-70).
double zero_edge(const Fn& fn, double outside, double inside) {
  for (int i = 0; i < 2000; ++i) {
    const double m = outside + (inside - outside) / 2;
    if (m == outside || m == inside) break;
    (fn.df(m) == 0 ? inside : outside) = m;
  }
  return inside;
}

std::vector<Interval> dead_zones(const Fn& fn, const std::vector<double>& x, const std::vector<double>& D) {
  std::vector<Interval> zones;
  const std::size_t n = x.size();
  for (std::size_t i = 0; i < n;) {
    if (D[i] != 0) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j + 1 < n && D[j + 1] == 0) ++j;
    bool real = j > i;  // at least two points: a single zero is a root of f', not a zone
    Interval z{-kInf, kInf};
    if (i > 0) {
      real = real && std::fabs(D[i - 1]) >= kUnderflow;
      z.lo = snap(zero_edge(fn, x[i - 1], x[i]));
    } else {
      real = real && fn.df(-kInf) == 0;
    }
    if (j + 1 < n) {
      real = real && std::fabs(D[j + 1]) >= kUnderflow;
      z.hi = snap(zero_edge(fn, x[j + 1], x[j]));
    } else {
      real = real && fn.df(kInf) == 0;
    }
    if (real) zones.push_back(z);
    i = j + 1;
  }
  return zones;
}

}  // namespace

const char* smoothness_name(Smoothness s) {
  switch (s) {
    case Smoothness::discontinuous: return "discontinuous";
    case Smoothness::c0: return "C0";
    case Smoothness::c1: return "C1";
    case Smoothness::smooth: return "smooth";
  }
  return "";
}

Properties analyze(Act a, const ActParams& p) {
  const Fn fn{a, p};
  const std::vector<double>& x = probe_points();
  const std::size_t n = x.size();
  std::vector<double> F(n), D(n);
  for (std::size_t i = 0; i < n; ++i) {
    F[i] = fn.f(x[i]);
    D[i] = fn.df(x[i]);
  }

  Properties r{};
  double lo = std::min(fn.f(-kInf), fn.f(kInf)), hi = std::max(fn.f(-kInf), fn.f(kInf));
  bool up = true, down = true;
  for (std::size_t i = 0; i < n; ++i) {
    lo = std::min(lo, F[i]);
    hi = std::max(hi, F[i]);
    if (D[i] < 0) up = false;
    if (D[i] > 0) down = false;
    if (i + 1 == n) break;
    const double step = F[i + 1] - F[i], tol = 1e-13 * (std::fabs(F[i]) + std::fabs(F[i + 1]));
    if (step < -tol) up = false;
    if (step > tol) down = false;
    // An extremum between two points: f' changes sign.
    if ((D[i] < 0 && D[i + 1] > 0) || (D[i] > 0 && D[i + 1] < 0)) {
      const double c = bisect_root([&](double t) { return fn.df(t); }, x[i], x[i + 1]);
      lo = std::min(lo, fn.f(c));
      hi = std::max(hi, fn.f(c));
    }
  }
  if (lo < -kHuge) lo = -kInf;
  if (hi > kHuge) hi = kInf;
  r.range = {snap(lo), snap(hi)};
  r.bounded_below = lo > -kInf;
  r.bounded_above = hi < kInf;
  std::vector<double> jumps;
  r.smoothness = smoothness(fn, x, F, D, jumps);
  for (double j : jumps) (j < 0 ? up : down) = false;
  r.monotonic = up || down;
  r.zero_centered = std::fabs(fn.f(0.0)) <= 1e-12 && lo < 0 && hi > 0;
  r.derivative_limit_left = snap(derivative_limit(fn, -1));
  r.derivative_limit_right = snap(derivative_limit(fn, 1));
  r.saturates_left = r.derivative_limit_left == 0;
  r.saturates_right = r.derivative_limit_right == 0;
  r.dead_zones = dead_zones(fn, x, D);
  return r;
}

}  // namespace ap
