// The expression graph: hash-consing, constant folding and the algebraic simplifications that keep
// f' readable (no 0 * a, 1 * a, a + 0, a^1, --a; constants to the left of a product, so "2 x").
// Folding evaluates with eval_op, the very function the evaluator uses, so a folded constant is the
// value the unfolded node would have produced.
#include "formula/expr.h"

#include <cmath>
#include <cstring>

#include "activations/kernels.h"

namespace ap::formula {
namespace {

constexpr const char* kOpNames[] = {
    "const", "x", "param", "neg", "add", "sub", "mul", "div", "pow",
    "exp", "expm1", "log", "log1p", "sqrt", "abs", "sign", "sin", "cos", "tan", "tanh", "sinh", "cosh",
    "erf", "erfc", "sigmoid", "softplus", "min", "max", "where", "lt", "le", "gt", "ge", "eq", "ne",
    "tanh_d", "cat", "cat_d", "cat_dp",
};
static_assert(sizeof kOpNames / sizeof kOpNames[0] == static_cast<std::size_t>(Op::cat_dp) + 1);

double sigm(double t) {
  if (t >= 0) return 1.0 / (1.0 + std::exp(-t));
  const double e = std::exp(t);
  return e / (1.0 + e);
}

// The catalogue parameters of a call: AP_PARAM rows in order, from operands b and c.
ActParams cat_params(Act act, double b, double c) {
  ActParams p = default_params(act);
  int k = 0;
  for (const ParamSpec& s : act_params(act)) set_param(p, s.param, static_cast<float>(k++ == 0 ? b : c));
  return p;
}

Node node(Op op, Graph::Id a = -1, Graph::Id b = -1, Graph::Id c = -1) {
  Node n;
  n.op = op;
  n.a = a;
  n.b = b;
  n.c = c;
  return n;
}

}  // namespace

bool Node::operator==(const Node& o) const {
  return op == o.op && a == o.a && b == o.b && c == o.c && aux == o.aux && which == o.which &&
         std::memcmp(&value, &o.value, sizeof value) == 0;  // bitwise: 0 and -0 stay apart
}

const char* op_name(Op op) { return kOpNames[static_cast<std::size_t>(op)]; }

double eval_op(const Node& n, double a, double b, double c) {
  switch (n.op) {
    case Op::konst: return n.value;
    case Op::x:
    case Op::param: return a;  // the evaluator supplies these
    case Op::neg: return -a;
    case Op::add: return a + b;
    case Op::sub: return a - b;
    case Op::mul: return a * b;
    case Op::div: return a / b;
    case Op::pow: return b == 2 ? a * a : std::pow(a, b);
    case Op::exp: return std::exp(a);
    case Op::expm1: return std::expm1(a);
    case Op::log: return std::log(a);
    case Op::log1p: return std::log1p(a);
    case Op::sqrt: return std::sqrt(a);
    case Op::abs: return std::fabs(a);
    case Op::sign: return a > 0 ? 1.0 : a < 0 ? -1.0 : a;  // sign(+-0) = +-0, sign(NaN) = NaN
    case Op::sin: return std::sin(a);
    case Op::cos: return std::cos(a);
    case Op::tan: return std::tan(a);
    case Op::tanh: return std::tanh(a);
    case Op::sinh: return std::sinh(a);
    case Op::cosh: return std::cosh(a);
    case Op::erf: return std::erf(a);
    case Op::erfc: return std::erfc(a);
    case Op::sigmoid: return sigm(a);
    case Op::softplus: return std::fmax(a, 0.0) + std::log1p(std::exp(-std::fabs(a)));
    case Op::min: return a != a || b != b ? a + b : a < b ? a : b;
    case Op::max: return a != a || b != b ? a + b : a > b ? a : b;
    case Op::where: return a != 0 ? b : c;
    case Op::lt: return a < b;
    case Op::le: return a <= b;
    case Op::gt: return a > b;
    case Op::ge: return a >= b;
    case Op::eq: return a == b;
    case Op::ne: return a != b;
    case Op::tanh_d: {
      const double e = std::exp(-2.0 * std::fabs(a));
      return 4.0 * e / ((1.0 + e) * (1.0 + e));
    }
    case Op::cat_f: return detail::eval_f(static_cast<Act>(n.aux), cat_params(static_cast<Act>(n.aux), b, c), a);
    case Op::cat_df: return detail::eval_df(static_cast<Act>(n.aux), cat_params(static_cast<Act>(n.aux), b, c), a);
    case Op::cat_dp:
      return detail::eval_dparam(static_cast<Act>(n.aux), cat_params(static_cast<Act>(n.aux), b, c),
                                 static_cast<Param>(n.which), a);
  }
  return NAN;
}

// ---- construction ------------------------------------------------------------------------------

Graph::Id Graph::make(Node n) {
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i] == n) return static_cast<Id>(i);
  nodes_.push_back(n);
  return static_cast<Id>(nodes_.size() - 1);
}

// Every operand constant: the value, computed as the evaluator would.
Graph::Id Graph::fold_or_make(Node n) {
  const auto val = [&](Id i) { return i < 0 ? 0.0 : (*this)[i].value; };
  const bool all_const = (n.a < 0 || is_const(n.a)) && (n.b < 0 || is_const(n.b)) && (n.c < 0 || is_const(n.c));
  if (all_const && n.op != Op::x && n.op != Op::param && n.op != Op::konst)
    return konst(eval_op(n, val(n.a), val(n.b), val(n.c)));
  return make(n);
}

Graph::Id Graph::konst(double v) {
  Node n;
  n.value = v;
  return make(n);
}

Graph::Id Graph::x() {
  Node n;
  n.op = Op::x;
  return make(n);
}

Graph::Id Graph::param(int index) {
  Node n;
  n.op = Op::param;
  n.aux = index;
  return make(n);
}

Graph::Id Graph::neg(Id a) {
  if ((*this)[a].op == Op::neg) return (*this)[a].a;
  if ((*this)[a].op == Op::sub) return sub((*this)[a].b, (*this)[a].a);
  return fold_or_make(node(Op::neg, a));
}

Graph::Id Graph::add(Id a, Id b) {
  if (is_value(a, 0)) return b;
  if (is_value(b, 0)) return a;
  if ((*this)[b].op == Op::neg) return sub(a, (*this)[b].a);
  if ((*this)[a].op == Op::neg) return sub(b, (*this)[a].a);
  if (is_const(a) && !is_const(b)) std::swap(a, b);  // x + 1
  return fold_or_make(node(Op::add, a, b));
}

Graph::Id Graph::sub(Id a, Id b) {
  if (is_value(b, 0)) return a;
  if (is_value(a, 0)) return neg(b);
  if ((*this)[b].op == Op::neg) return add(a, (*this)[b].a);
  return fold_or_make(node(Op::sub, a, b));
}

Graph::Id Graph::mul(Id a, Id b) {
  if (is_const(b) && !is_const(a)) std::swap(a, b);  // constants first: 2 x
  if (is_value(a, 0) && !is_const(b)) return a;       // 0 * f = 0 (the symbolic convention)
  if (is_value(a, 1)) return b;
  if (is_value(a, -1)) return neg(b);
  if ((*this)[a].op == Op::neg) return neg(mul((*this)[a].a, b));
  if ((*this)[b].op == Op::neg) return neg(mul(a, (*this)[b].a));
  // c1 (c2 f) = (c1 c2) f
  if (is_const(a) && (*this)[b].op == Op::mul && is_const((*this)[b].a))
    return mul(konst((*this)[a].value * (*this)[(*this)[b].a].value), (*this)[b].b);
  return fold_or_make(node(Op::mul, a, b));
}

Graph::Id Graph::div(Id a, Id b) {
  if (is_value(b, 1)) return a;
  if (is_value(a, 0) && !is_const(b)) return a;
  if ((*this)[a].op == Op::neg) return neg(div((*this)[a].a, b));
  return fold_or_make(node(Op::div, a, b));
}

Graph::Id Graph::pow(Id a, Id b) {
  if (is_value(b, 1)) return a;
  if (is_value(b, 0)) return konst(1);
  return fold_or_make(node(Op::pow, a, b));
}

Graph::Id Graph::unary(Op op, Id a) {
  return fold_or_make(node(op, a));
}

Graph::Id Graph::min(Id a, Id b) {
  if (a == b) return a;
  return fold_or_make(node(Op::min, a, b));
}

Graph::Id Graph::max(Id a, Id b) {
  if (a == b) return a;
  return fold_or_make(node(Op::max, a, b));
}

Graph::Id Graph::where(Id cond, Id a, Id b) {
  if (a == b) return a;
  if (is_const(cond)) return (*this)[cond].value != 0 ? a : b;
  return make(node(Op::where, cond, a, b));  // never folded by value: a constant condition is handled above
}

Graph::Id Graph::compare(Op op, Id a, Id b) {
  return fold_or_make(node(op, a, b));
}

Graph::Id Graph::cat(Op op, Act act, Id arg, Id p1, Id p2, int which) {
  Node n = node(op, arg, p1, p2);
  n.aux = static_cast<std::int32_t>(act);
  n.which = which;
  return fold_or_make(n);
}

bool Graph::depends(Id i, int param) const {
  if (i < 0) return false;
  const Node& n = (*this)[i];
  if (n.op == Op::x) return param < 0;
  if (n.op == Op::param) return param >= 0 && n.aux == param;
  return depends(n.a, param) || depends(n.b, param) || depends(n.c, param);
}

}  // namespace ap::formula
