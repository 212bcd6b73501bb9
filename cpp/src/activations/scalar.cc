// Scalar reference kernels: for each catalogue row, a forward and a derivative loop that evaluates
// the double-precision maths of scalar_math.h and rounds once to float (see that file for accuracy).
// NaN inputs are passed through before the maths sees them, so NaN in gives NaN out.
#include <cmath>
#include <string>

#include "activations/kernels.h"
#include "activations/scalar_math.h"
#include "formula/registry.h"

namespace ap::detail {
namespace {

template <class F>
inline void map_f32(std::size_t n, const float* x, float* y, F f) {
  for (std::size_t i = 0; i < n; ++i) {
    const float v = x[i];
    y[i] = std::isnan(v) ? v : static_cast<float>(f(static_cast<double>(v)));
  }
}

#define AP_ACT(id, name, label)                                                    \
  void id##_fwd(std::size_t n, const float* x, float* y, const ActParams& p) {     \
    map_f32(n, x, y, [&p](double v) { return math::id##_f(v, p); });               \
  }                                                                                \
  void id##_der(std::size_t n, const float* x, float* d, const ActParams& p) {     \
    map_f32(n, x, d, [&p](double v) { return math::id##_df(v, p); });              \
  }
#include "ap/catalogue.inc"
#undef AP_ACT

using PointFn = double (*)(double, const ActParams&);

// The derivatives with respect to parameters that exist (the AP_PARAM rows marked differentiable;
// a test checks that the two agree).
PointFn param_point(Act a, Param which) {
  switch (a) {
    case Act::leaky_relu: return which == Param::alpha ? math::leaky_relu_dalpha : nullptr;
    case Act::prelu: return which == Param::alpha ? math::prelu_dalpha : nullptr;
    case Act::elu: return which == Param::alpha ? math::elu_dalpha : nullptr;
    case Act::celu: return which == Param::alpha ? math::celu_dalpha : nullptr;
    case Act::swish: return which == Param::beta ? math::swish_dbeta : nullptr;
    case Act::softplus: return which == Param::beta ? math::softplus_dbeta : nullptr;
    default: return nullptr;
  }
}

// f (derivative = false) or f' at one point.
PointFn point(Act a, bool derivative) {
  switch (a) {
#define AP_ACT(id, name, label) \
  case Act::id:                 \
    return derivative ? math::id##_df : math::id##_f;
#include "ap/catalogue.inc"
#undef AP_ACT
  }
  return nullptr;
}

}  // namespace

Kernels scalar_kernels(Act a) {
  switch (a) {
#define AP_ACT(id, name, label) \
  case Act::id:                 \
    return {id##_fwd, id##_der};
#include "ap/catalogue.inc"
#undef AP_ACT
  }
  return {};
}

void scalar_param_derivative(Act a, const ActParams& p, Param which, std::size_t n, const float* x,
                             float* out) {
  const PointFn f = param_point(a, which);  // non-null: param_derivative() checked `which`
  map_f32(n, x, out, [&](double v) { return f(v, p); });
}

double eval_f(Act a, const ActParams& p, double x) {
  if (const auto* d = formula::find(a)) return formula::eval_f(*d, p, x);
  return std::isnan(x) ? x : point(a, false)(x, p);
}
double eval_df(Act a, const ActParams& p, double x) {
  if (const auto* d = formula::find(a)) return formula::eval_df(*d, p, x);
  return std::isnan(x) ? x : point(a, true)(x, p);
}
double eval_dparam(Act a, const ActParams& p, Param which, double x) {
  const PointFn f = param_point(a, which);
  if (std::isnan(x)) return x;
  return f ? f(x, p) : 0.0;  // theta, threshold: they move a jump, so 0 away from it
}

}  // namespace ap::detail
