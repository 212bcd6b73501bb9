// The differentiation rules, one per operation (conventions in derivative.h). Each node is
// differentiated once (memoised), and the rules reuse the nodes of f (exp(u)' = exp(u) u' is the
// same exp node), so f and f' share their work when compiled together.
#include "formula/derivative.h"

#include <cstddef>
#include <vector>

namespace ap::formula {
namespace {

constexpr double kTwoOverSqrtPi = 1.12837916709551257390;  // 2 / sqrt(pi)

class Deriver {
 public:
  Deriver(Graph& g, int var) : g_(g), var_(var) {}

  Graph::Id d(Graph::Id i) {
    const auto k = static_cast<std::size_t>(i);
    if (k < memo_.size() && memo_[k] >= 0) return memo_[k];
    const Graph::Id r = rule(i);
    if (k >= memo_.size()) memo_.resize(k + 1, -1);
    memo_[k] = r;
    return r;
  }

 private:
  // max / min: a' where a wins, b' where b wins; a tie as documented in derivative.h.
  Graph::Id extremum(Op win, Graph::Id a, Graph::Id b) {
    const Graph::Id da = d(a), db = d(b);
    const Graph::Id zero = g_.konst(0);
    Graph::Id tie;
    if (g_.is_value(da, 0) || g_.is_value(db, 0)) tie = zero;
    else tie = g_.where(g_.compare(Op::le, g_.unary(Op::abs, da), g_.unary(Op::abs, db)), da, db);
    return g_.where(g_.compare(win, a, b), da, g_.where(g_.compare(win, b, a), db, tie));
  }

  Graph::Id rule(Graph::Id i) {
    const Node n = g_[i];  // a copy: g_ grows below
    const Graph::Id a = n.a, b = n.b;
    const auto chain = [&](Graph::Id outer) { return g_.mul(outer, d(a)); };
    switch (n.op) {
      case Op::konst: return g_.konst(0);
      case Op::x: return g_.konst(var_ < 0 ? 1 : 0);
      case Op::param: return g_.konst(var_ == n.aux ? 1 : 0);
      case Op::neg: return g_.neg(d(a));
      case Op::add: return g_.add(d(a), d(b));
      case Op::sub: return g_.sub(d(a), d(b));
      case Op::mul: return g_.add(g_.mul(d(a), b), g_.mul(a, d(b)));
      case Op::div: {
        const Graph::Id db = d(b);
        if (g_.is_value(db, 0)) return g_.div(d(a), b);
        return g_.div(g_.sub(g_.mul(d(a), b), g_.mul(a, db)), g_.pow(b, g_.konst(2)));
      }
      case Op::pow: {
        const Graph::Id db = d(b);
        if (g_.is_value(db, 0)) {  // c a^(c-1) a'
          const Graph::Id c = b;
          return g_.mul(g_.mul(c, g_.pow(a, g_.sub(c, g_.konst(1)))), d(a));
        }
        // a^b (b' log a + b a' / a)
        const Graph::Id inner = g_.add(g_.mul(db, g_.unary(Op::log, a)), g_.div(g_.mul(b, d(a)), a));
        return g_.mul(i, inner);
      }
      case Op::exp: return chain(i);
      case Op::expm1: return chain(g_.unary(Op::exp, a));
      case Op::log: return g_.div(d(a), a);
      case Op::log1p: return g_.div(d(a), g_.add(a, g_.konst(1)));
      case Op::sqrt: return g_.div(d(a), g_.mul(g_.konst(2), i));
      case Op::abs: return chain(g_.unary(Op::sign, a));
      case Op::sign: return g_.konst(0);
      case Op::sin: return chain(g_.unary(Op::cos, a));
      case Op::cos: return g_.neg(chain(g_.unary(Op::sin, a)));
      case Op::tan: return chain(g_.add(g_.pow(i, g_.konst(2)), g_.konst(1)));
      case Op::tanh: return chain(g_.unary(Op::tanh_d, a));
      case Op::sinh: return chain(g_.unary(Op::cosh, a));
      case Op::cosh: return chain(g_.unary(Op::sinh, a));
      case Op::erf:
      case Op::erfc: {
        const Graph::Id k = g_.konst(n.op == Op::erf ? kTwoOverSqrtPi : -kTwoOverSqrtPi);
        return chain(g_.mul(k, g_.unary(Op::exp, g_.neg(g_.pow(a, g_.konst(2))))));
      }
      case Op::sigmoid: return chain(g_.mul(i, g_.unary(Op::sigmoid, g_.neg(a))));
      case Op::softplus: return chain(g_.unary(Op::sigmoid, a));
      case Op::min: return extremum(Op::lt, a, b);
      case Op::max: return extremum(Op::gt, a, b);
      case Op::where: return g_.where(a, d(b), d(n.c));
      case Op::lt: case Op::le: case Op::gt: case Op::ge: case Op::eq: case Op::ne: return g_.konst(0);
      case Op::cat_f: {
        const Act act = static_cast<Act>(n.aux);
        Graph::Id r = chain(g_.cat(Op::cat_df, act, a, b, n.c));
        int k = 0;
        for (const ParamSpec& s : act_params(act)) {
          const Graph::Id p = k++ == 0 ? b : n.c;
          if (!s.differentiable) continue;  // theta, threshold move a jump: 0 away from it
          const Graph::Id dp = d(p);
          if (g_.is_value(dp, 0)) continue;
          r = g_.add(r, g_.mul(g_.cat(Op::cat_dp, act, a, b, n.c, static_cast<int>(s.param)), dp));
        }
        return r;
      }
      case Op::tanh_d: case Op::cat_df: case Op::cat_dp: break;
    }
    // tanh_d, cat_df and cat_dp appear only in derivatives, and a derivative is never derived again.
    __builtin_trap();
  }

  Graph& g_;
  int var_;
  std::vector<Graph::Id> memo_;  // d(i) by node id, -1 until derived (ids are dense and small)
};

}  // namespace

Graph::Id derive(Graph& g, Graph::Id f, int var) { return Deriver(g, var).d(f); }

}  // namespace ap::formula
