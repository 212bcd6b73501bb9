// The block evaluator of a register program (see program.h; compiled -O3: formula activations run here).
// Compiling the graph to a program runs once per definition and lives in program_build.cc (-Oz).
#include "formula/program.h"

#include <cfloat>
#include <cmath>

#include "formula/vmath.h"

namespace ap::formula {
namespace {

using vm::V;
// One vectorised operation over m lanes (m even), each its own small function (a kernel), so that the
// engine compiles each loop on its own rather than one large switch of inlined loops.
using Kernel = void (*)(std::size_t m, double* d, const double* a, const double* b, const double* c);

// Four vectors (8 lanes) per step; blocks are padded to a multiple of 8 lanes (kLanes), so there is
// no tail loop (and each function is compiled once, at one width).
using T = vm::V4;
inline T ld(const double* p) { return vm::load4(p); }
inline void st(double* p, T v) { vm::store4(p, v); }

#define AP_K1(name, expr)                                                               \
  void name(std::size_t m, double* d, const double* a, const double*, const double*) {  \
    for (std::size_t i = 0; i < m; i += 8) {                                            \
      const T x = ld(a + i);                                                            \
      st(d + i, expr);                                                                  \
    }                                                                                   \
  }
#define AP_K2(name, expr)                                                               \
  void name(std::size_t m, double* d, const double* a, const double* b, const double*) { \
    for (std::size_t i = 0; i < m; i += 8) {                                            \
      const T x = ld(a + i), y = ld(b + i);                                             \
      st(d + i, expr);                                                                  \
    }                                                                                   \
  }
AP_K1(k_neg, vm::neg(x))
AP_K2(k_add, x + y)
AP_K2(k_sub, x - y)
AP_K2(k_mul, x * y)
AP_K2(k_div, x / y)
AP_K1(k_exp, vm::exp(x))
AP_K1(k_expm1, vm::expm1(x))
AP_K1(k_log, vm::log(x))
AP_K1(k_log1p, vm::log1p(x))
AP_K1(k_sqrt, vm::sqrt(x))
AP_K1(k_abs, vm::abs(x))
AP_K1(k_sign, vm::select(vm::lt(vm::k<T>(0.0), x), vm::k<T>(1.0), vm::select(vm::lt(x, vm::k<T>(0.0)), vm::k<T>(-1.0), x)))
AP_K1(k_tanh, vm::tanh(x))
AP_K1(k_tanh_d, vm::tanh_d(x))
AP_K1(k_sigmoid, vm::sigmoid(x))
AP_K1(k_softplus, vm::softplus(x))
AP_K2(k_min, vm::min(x, y))
AP_K2(k_max, vm::max(x, y))
AP_K2(k_lt, vm::bit_and(vm::lt(x, y), vm::k<T>(1.0)))
AP_K2(k_le, vm::bit_and(vm::le(x, y), vm::k<T>(1.0)))
AP_K2(k_gt, vm::bit_and(vm::gt(x, y), vm::k<T>(1.0)))
AP_K2(k_ge, vm::bit_and(vm::ge(x, y), vm::k<T>(1.0)))
AP_K2(k_eq, vm::bit_and(vm::eq(x, y), vm::k<T>(1.0)))
AP_K2(k_ne, vm::bit_and(vm::ne(x, y), vm::k<T>(1.0)))
#undef AP_K1
#undef AP_K2

void k_sigmoid2(std::size_t m, double* d, double* d2, const double* a) {
  for (std::size_t i = 0; i < m; i += 8) {
    T s, sn;
    vm::sigmoid2(ld(a + i), s, sn);
    st(d + i, s), st(d2 + i, sn);
  }
}
void k_tanh2(std::size_t m, double* d, double* d2, const double* a) {
  for (std::size_t i = 0; i < m; i += 8) {
    T t, td;
    vm::tanh2(ld(a + i), t, td);
    st(d + i, t), st(d2 + i, td);
  }
}
void k_where(std::size_t m, double* d, const double* k, const double* a, const double* b) {
  for (std::size_t i = 0; i < m; i += 8) st(d + i, vm::select(vm::ne(ld(k + i), vm::k<T>(0.0)), ld(a + i), ld(b + i)));
}

Kernel kernel(Op op) {
  switch (op) {
    case Op::neg: return k_neg;
    case Op::add: return k_add;
    case Op::sub: return k_sub;
    case Op::mul: return k_mul;
    case Op::div: return k_div;
    case Op::exp: return k_exp;
    case Op::expm1: return k_expm1;
    case Op::log: return k_log;
    case Op::log1p: return k_log1p;
    case Op::sqrt: return k_sqrt;
    case Op::abs: return k_abs;
    case Op::sign: return k_sign;
    case Op::tanh: return k_tanh;
    case Op::tanh_d: return k_tanh_d;
    case Op::sigmoid: return k_sigmoid;
    case Op::softplus: return k_softplus;
    case Op::min: return k_min;
    case Op::max: return k_max;
    case Op::where: return k_where;
    case Op::lt: return k_lt;
    case Op::le: return k_le;
    case Op::gt: return k_gt;
    case Op::ge: return k_ge;
    case Op::eq: return k_eq;
    case Op::ne: return k_ne;
    default: return nullptr;  // per lane in double: sin, cos, tan, sinh, cosh, erf, erfc, pow, catalogue calls
  }
}

}  // namespace

void Program::block(std::size_t m, const float* params) const {
  for (const auto& [r, v] : consts_) std::fill(reg(r), reg(r) + m, v);
  for (const auto& [r, k] : params_) std::fill(reg(r), reg(r) + m, static_cast<double>(params[k]));
  for (const Instr& in : code_) {
    double* d = reg(in.dst);
    const double *a = reg(in.a), *b = reg(in.b), *c = reg(in.c);
    if (in.dst2 != kNoReg) {
      (in.op == Op::sigmoid ? k_sigmoid2 : k_tanh2)(m, d, reg(in.dst2), a);
      continue;
    }
    if (const Kernel k = kernel(in.op)) {
      k(m, d, a, b, c);
      continue;
    }
    Node nd;
    nd.op = in.op;
    nd.aux = in.aux;
    nd.which = in.which;
    for (std::size_t i = 0; i < m; ++i) d[i] = eval_op(nd, a[i], b[i], c[i]);
  }
}

void Program::run(std::size_t n, const float* x, float* const* outs, const float* params) const {
  double* xr = reg(0);
  bool limits_known = false;
  double lim[2][kMaxOutputs];  // the outputs at -DBL_MAX and +DBL_MAX
  const std::size_t k_outs = outs_.size();
  for (std::size_t i = 0; i < n; i += kBlock) {
    const std::size_t m = n - i < kBlock ? n - i : kBlock, me = (m + kLanes - 1) / kLanes * kLanes;
    // x widened into register 0, two lanes at a time (an odd last lane padded with 0).
    const vm::V inf = vm::splat(__builtin_inf());
    vm::V infs = vm::splat(0.0);
    for (std::size_t j = 0; j + 1 < m; j += 2) {
      const vm::V v = vm::load_f32(x + i + j);
      infs = vm::bit_or(infs, vm::eq(vm::abs(v), inf));
      vm::store(xr + j, v);
    }
    if (m & 1) xr[m - 1] = static_cast<double>(x[i + m - 1]);
    for (std::size_t j = m; j < me; ++j) xr[j] = 0.0;  // padding lanes: computed, never stored
    const bool any_inf = vm::any(infs) || ((m & 1) && std::isinf(xr[m - 1]));
    block(me, params);
    // One rounding to float per output; NaN in gives NaN out.
    for (std::size_t k = 0; k < k_outs; ++k) {
      const double* r = reg(outs_[k]);
      float* o = outs[k] + i;
      for (std::size_t j = 0; j + 1 < m; j += 2) {
        const vm::V xv = vm::load(xr + j);
        vm::store_f32(o + j, vm::select(vm::ne(xv, xv), xv, vm::load(r + j)));
      }
      if (m & 1) o[m - 1] = xr[m - 1] != xr[m - 1] ? static_cast<float>(xr[m - 1]) : static_cast<float>(r[m - 1]);
    }
    if (!any_inf) continue;
    // x is kept in register 0 (never reused), so the block's inputs are still there.
    std::vector<double> xs(xr, xr + m);
    if (!limits_known) {
      xr[0] = -DBL_MAX;
      xr[1] = DBL_MAX;
      for (std::size_t j = 2; j < kLanes; ++j) xr[j] = 0.0;
      block(kLanes, params);
      for (std::size_t k = 0; k < k_outs; ++k) {
        lim[0][k] = reg(outs_[k])[0];
        lim[1][k] = reg(outs_[k])[1];
      }
      limits_known = true;
    }
    for (std::size_t k = 0; k < k_outs; ++k)
      for (std::size_t j = 0; j < m; ++j)
        if (std::isinf(xs[j]) && std::isnan(outs[k][i + j])) outs[k][i + j] = static_cast<float>(lim[xs[j] > 0][k]);
  }
}

double Program::eval(double x, const float* params, std::size_t k) const {
  double* xr = reg(0);
  xr[0] = x;
  xr[1] = std::isinf(x) ? std::copysign(DBL_MAX, x) : 0.0;
  for (std::size_t j = 2; j < kLanes; ++j) xr[j] = 0.0;
  block(kLanes, params);
  const double* r = reg(outs_.at(k));
  return std::isinf(x) && std::isnan(r[0]) ? r[1] : r[0];
}

}  // namespace ap::formula
