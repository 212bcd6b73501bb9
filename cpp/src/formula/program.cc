// Compiling an expression graph to a register program, and the block evaluator (see program.h).
#include "formula/program.h"

#include <cfloat>
#include <cmath>
#include <stdexcept>

#include "formula/vmath.h"

namespace ap::formula {
namespace {


// One vectorised instruction over m lanes (m even).
template <class F>
void lanes(std::size_t m, double* d, const double* a, const double* b, const double* c, F f) {
  for (std::size_t i = 0; i < m; i += 2) vm::store(d + i, f(vm::load(a + i), vm::load(b + i), vm::load(c + i)));
}

}  // namespace

Program::Program(const Graph& g, const std::vector<Graph::Id>& roots) {
  if (roots.empty() || roots.size() > kMaxOutputs) throw std::logic_error("formula: a program has 1 or 2 outputs");
  const std::size_t n = g.size();
  std::vector<char> live(n, 0);
  for (const Graph::Id r : roots) live[static_cast<std::size_t>(r)] = 1;
  for (std::size_t i = n; i-- > 0;) {  // parents come after children: one backward sweep marks all
    if (!live[i]) continue;
    for (const Graph::Id k : {g[static_cast<Graph::Id>(i)].a, g[static_cast<Graph::Id>(i)].b, g[static_cast<Graph::Id>(i)].c})
      if (k >= 0) live[static_cast<std::size_t>(k)] = 1;
  }
  // Last reader of each node; roots are read at the end.
  std::vector<std::size_t> last(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!live[i]) continue;
    const Node& nd = g[static_cast<Graph::Id>(i)];
    for (const Graph::Id k : {nd.a, nd.b, nd.c})
      if (k >= 0) last[static_cast<std::size_t>(k)] = i;
  }
  for (const Graph::Id r : roots) last[static_cast<std::size_t>(r)] = n;

  std::vector<std::uint16_t> reg_of(n, 0), free_regs;
  std::vector<char> pinned(n, 0);  // x, constants, parameters: filled per block, never reused
  const auto fresh = [&]() -> std::uint16_t {
    if (!free_regs.empty()) {
      const std::uint16_t r = free_regs.back();
      free_regs.pop_back();
      return r;
    }
    if (regs_ >= 0xffff) throw std::length_error("formula: too many registers");
    return static_cast<std::uint16_t>(regs_++);
  };
  // Constants and parameters are written at the start of each block, so they get registers of their
  // own before any instruction's.
  for (std::size_t i = 0; i < n; ++i) {
    const Node& nd = g[static_cast<Graph::Id>(i)];
    if (!live[i] || (nd.op != Op::x && nd.op != Op::konst && nd.op != Op::param)) continue;
    pinned[i] = 1;
    if (nd.op == Op::x) continue;  // register 0
    reg_of[i] = fresh();
    if (nd.op == Op::konst) consts_.push_back({reg_of[i], nd.value});
    else params_.push_back({reg_of[i], nd.aux});
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!live[i] || pinned[i]) continue;
    const Node& nd = g[static_cast<Graph::Id>(i)];
    Instr in{nd.op, 0, 0, 0, 0, nd.aux, nd.which};
    const auto src = [&](Graph::Id k) -> std::uint16_t { return k >= 0 ? reg_of[static_cast<std::size_t>(k)] : 0; };
    in.a = src(nd.a);
    in.b = src(nd.b);
    in.c = src(nd.c);
    if (nd.op == Op::pow && g.is_value(nd.b, 2)) {  // a^2 = a a, exactly rounded
      in.op = Op::mul;
      in.b = in.a;
    }
    // Operands read for the last time free their registers first: every instruction reads lane i of
    // its operands before it writes lane i, so the result may take an operand's register.
    for (const Graph::Id k : {nd.a, nd.b, nd.c}) {
      if (k < 0) continue;
      const auto ku = static_cast<std::size_t>(k);
      if (!pinned[ku] && last[ku] == i) {
        bool listed = false;
        for (const std::uint16_t f : free_regs) listed = listed || f == reg_of[ku];
        if (!listed) free_regs.push_back(reg_of[ku]);
      }
    }
    in.dst = reg_of[i] = fresh();
    code_.push_back(in);
  }
  for (const Graph::Id r : roots) outs_.push_back(reg_of[static_cast<std::size_t>(r)]);
  scratch_.assign(regs_ * kBlock, 0.0);
}

void Program::block(std::size_t m, const float* params) const {
  for (const auto& [r, v] : consts_) std::fill(reg(r), reg(r) + m, v);
  for (const auto& [r, k] : params_) std::fill(reg(r), reg(r) + m, static_cast<double>(params[k]));
  const vm::V one = vm::splat(1.0), zero = vm::splat(0.0);
  for (const Instr& in : code_) {
    double* d = reg(in.dst);
    const double *a = reg(in.a), *b = reg(in.b), *c = reg(in.c);
    using vm::V;
    switch (in.op) {
      case Op::neg: lanes(m, d, a, a, a, [](V x, V, V) { return vm::neg(x); }); break;
      case Op::add: lanes(m, d, a, b, b, [](V x, V y, V) { return x + y; }); break;
      case Op::sub: lanes(m, d, a, b, b, [](V x, V y, V) { return x - y; }); break;
      case Op::mul: lanes(m, d, a, b, b, [](V x, V y, V) { return x * y; }); break;
      case Op::div: lanes(m, d, a, b, b, [](V x, V y, V) { return x / y; }); break;
      case Op::exp: lanes(m, d, a, a, a, [](V x, V, V) { return vm::exp(x); }); break;
      case Op::expm1: lanes(m, d, a, a, a, [](V x, V, V) { return vm::expm1(x); }); break;
      case Op::log: lanes(m, d, a, a, a, [](V x, V, V) { return vm::log(x); }); break;
      case Op::log1p: lanes(m, d, a, a, a, [](V x, V, V) { return vm::log1p(x); }); break;
      case Op::sqrt: lanes(m, d, a, a, a, [](V x, V, V) { return vm::sqrt(x); }); break;
      case Op::abs: lanes(m, d, a, a, a, [](V x, V, V) { return vm::abs(x); }); break;
      case Op::sign:
        lanes(m, d, a, a, a, [&](V x, V, V) {
          return vm::select(vm::lt(zero, x), one, vm::select(vm::lt(x, zero), vm::neg(one), x));
        });
        break;
      case Op::tanh: lanes(m, d, a, a, a, [](V x, V, V) { return vm::tanh(x); }); break;
      case Op::tanh_d: lanes(m, d, a, a, a, [](V x, V, V) { return vm::tanh_d(x); }); break;
      case Op::sigmoid: lanes(m, d, a, a, a, [](V x, V, V) { return vm::sigmoid(x); }); break;
      case Op::softplus: lanes(m, d, a, a, a, [](V x, V, V) { return vm::softplus(x); }); break;
      case Op::min: lanes(m, d, a, b, b, [](V x, V y, V) { return vm::min(x, y); }); break;
      case Op::max: lanes(m, d, a, b, b, [](V x, V y, V) { return vm::max(x, y); }); break;
      case Op::where: lanes(m, d, a, b, c, [&](V k, V x, V y) { return vm::select(vm::ne(k, zero), x, y); }); break;
      case Op::lt: lanes(m, d, a, b, b, [&](V x, V y, V) { return vm::bit_and(vm::lt(x, y), one); }); break;
      case Op::le: lanes(m, d, a, b, b, [&](V x, V y, V) { return vm::bit_and(vm::le(x, y), one); }); break;
      case Op::gt: lanes(m, d, a, b, b, [&](V x, V y, V) { return vm::bit_and(vm::gt(x, y), one); }); break;
      case Op::ge: lanes(m, d, a, b, b, [&](V x, V y, V) { return vm::bit_and(vm::ge(x, y), one); }); break;
      case Op::eq: lanes(m, d, a, b, b, [&](V x, V y, V) { return vm::bit_and(vm::eq(x, y), one); }); break;
      case Op::ne: lanes(m, d, a, b, b, [&](V x, V y, V) { return vm::bit_and(vm::ne(x, y), one); }); break;
      default: {
        // Per lane in double (sin, cos, tan, sinh, cosh, erf, erfc, pow, catalogue calls).
        Node nd;
        nd.op = in.op;
        nd.aux = in.aux;
        nd.which = in.which;
        for (std::size_t i = 0; i < m; ++i) d[i] = eval_op(nd, a[i], b[i], c[i]);
      }
    }
  }
}

void Program::run(std::size_t n, const float* x, float* const* outs, const float* params) const {
  double* xr = reg(0);
  bool limits_known = false;
  double lim[2][kMaxOutputs];  // the outputs at -DBL_MAX and +DBL_MAX
  const std::size_t k_outs = outs_.size();
  for (std::size_t i = 0; i < n; i += kBlock) {
    const std::size_t m = n - i < kBlock ? n - i : kBlock, me = (m + 1) & ~std::size_t{1};
    bool any_inf = false;
    for (std::size_t j = 0; j < m; ++j) {
      xr[j] = static_cast<double>(x[i + j]);
      any_inf = any_inf || std::isinf(xr[j]);
    }
    if (me > m) xr[m] = 0.0;
    block(me, params);
    for (std::size_t k = 0; k < k_outs; ++k) {
      const double* r = reg(outs_[k]);
      float* o = outs[k] + i;
      for (std::size_t j = 0; j < m; ++j) o[j] = xr[j] != xr[j] ? static_cast<float>(xr[j]) : static_cast<float>(r[j]);
    }
    if (!any_inf) continue;
    // x is kept in register 0 (never reused), so the block's inputs are still there.
    std::vector<double> xs(xr, xr + m);
    if (!limits_known) {
      xr[0] = -DBL_MAX;
      xr[1] = DBL_MAX;
      block(2, params);
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
  reg(0)[0] = x;
  reg(0)[1] = std::isinf(x) ? std::copysign(DBL_MAX, x) : 0.0;
  block(2, params);
  const double* r = reg(outs_.at(k));
  return std::isinf(x) && std::isnan(r[0]) ? r[1] : r[0];
}

}  // namespace ap::formula
