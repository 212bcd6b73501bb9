// Properties of an activation computed from the function itself (numeric probing of f and f'),
// never typed in by hand, so they follow the parameters: leaky_relu with alpha = 0 gets relu's dead
// zone, elu's range moves with alpha, softplus with a low threshold becomes discontinuous.
//
// Method (cpp/src/analysis.cc): f and f' are evaluated in double (the maths behind the scalar
// kernels) on ~22k points: a uniform grid of step 2^-9 on [-16, 16], geometric points +-2^(k/16)
// from 2^-30 to 2^127 (the float32 range) and +-inf (where the maths returns its limit).
//   range           inf and sup of f over the points, refined at every sign change of f' by bisection
//                   (the extrema of gelu, swish, mish, hard_swish); +-inf when |f| passes 1e20 far out.
//   derivative limits  f'(+-inf) (the maths returns its limit there) if the far probes
//                   f'(+-2^(100..127)) all lie within 1e-6 (1 + |limit|) of it; else their common
//                   value if they agree; +-inf if |f'| grows past 1e20; NaN if there is no limit.
//   saturates       the derivative limit on that side is 0 (the seed articles' definition).
//   monotonic       f never decreases (or never increases) along the points, f' keeps one sign, and
//                   no jump of f found below (see smoothness and its resolution) goes the other way.
//   zero-centred    f(0) = 0 and f takes both signs (its range has lo < 0 < hi).
//   bounded         range lo > -inf / hi < +inf.
//   smoothness      each grid interval whose f and f' are inconsistent (|f(b) - f(a) - (b-a)(f'(a) +
//                   f'(b))/2| > 1e-9 (1 + |f|)) or where f' jumps against its neighbours is bisected
//                   (keeping the half whose midpoint strays further from the chord, so a small jump
//                   against a steep slope is not lost) down to 1e-12 relative width: a remaining jump
//                   of f beyond 1e-6 (1 + |f|) makes it 'discontinuous', of f' beyond 1e-6 (1 + |f'|)
//                   'C0'. Intervals where the second divided difference of f' spikes against its
//                   neighbours are bisected onto the spot, where slopes of f' on either side (one step
//                   away, so a sub-tolerance jump of f' is not read as a kink) that differ by more than
//                   1e-3 (1 + |f''|) make it 'C1'. Else 'smooth'. Jumps below float32 resolution are
//                   ignored on purpose: softplus's switch to x at beta x = 20 moves f by 2e-9 and
//                   counts as smooth.
//   resolution      so a jump of f (or f') of less than 1e-6 relative to 1 + |value| is reported as
//                   no jump: 'smooth' (or 'C0') and, for f, monotonic, although the maths has one.
//                   Where it matters: softplus's switch to x at beta x = T drops f by log1p(e^-T)/beta;
//                   with beta 1.27 and T 13.85 that is 7.7e-7 at f = 10.9 (6e-8 relative; one float32
//                   ULP there is 9.5e-7), reported 'smooth' and monotonic. Within a factor of about 3
//                   of the resolution either answer can come out (tests/cpp/analysis_test.cc).
//   dead zones      maximal runs of points where f' is exactly 0, with their finite ends located by
//                   bisection; a run whose end is approached by f' decaying below 1e-200 is underflow
//                   (gelu' below x = -38), not a dead zone, and is dropped.
// Reported numbers are rounded to 7 significant digits (float32 resolution).
#pragma once
#include <vector>

#include "ap/activations.h"

namespace ap {

enum class Smoothness { discontinuous, c0, c1, smooth };

/// "discontinuous", "C0", "C1", "smooth".
const char* smoothness_name(Smoothness s);

/// A closed interval of the extended real line (lo or hi may be +-infinity).
struct Interval {
  double lo;
  double hi;
};

struct Properties {
  Interval range;                  ///< [inf f, sup f] (the closure of the set of values)
  bool saturates_left;             ///< f'(x) -> 0 as x -> -inf
  bool saturates_right;            ///< f'(x) -> 0 as x -> +inf
  double derivative_limit_left;    ///< lim f'(x), x -> -inf (NaN if there is none)
  double derivative_limit_right;   ///< lim f'(x), x -> +inf
  bool monotonic;
  bool zero_centered;
  bool bounded_below;
  bool bounded_above;
  Smoothness smoothness;
  std::vector<Interval> dead_zones;  ///< maximal intervals where f' == 0, left to right (often none)
};

/// Computes the properties of `a` with parameters `p` (see the method above). Deterministic;
/// about 50k evaluations.
Properties analyze(Act a, const ActParams& p);

}  // namespace ap
