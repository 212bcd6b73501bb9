// The expression graph behind a formula: nodes in one arena, hash-consed (an identical node is made
// once, so a subexpression shared by f, f' and df/dp is computed once), built only through the
// simplifying constructors of Graph, which fold constants and drop 0 + a, 1 * a, a^1 and the like.
// Children always come before their parents, so the node order is a topological order.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "ap/activations.h"

namespace ap::formula {

/// Operations. Unary functions take child a; binary take a, b; where and clamp take a, b, c; a
/// catalogue call (cat_*) takes its argument in a and up to two catalogue parameters in b, c.
enum class Op : std::uint8_t {
  konst, x, param,
  neg, add, sub, mul, div, pow,
  exp, expm1, log, log1p, sqrt, abs, sign, sin, cos, tan, tanh, sinh, cosh, erf, erfc, sigmoid, softplus,
  min, max, where,
  lt, le, gt, ge, eq, ne,
  tanh_d,  ///< tanh'(a) = 4e/(1+e)^2, e = exp(-2|a|) (derivatives only)
  cat_f,   ///< catalogue activation `act` at a with parameters b, c
  cat_df,  ///< its derivative in the argument
  cat_dp,  ///< its derivative in catalogue parameter `which`
};

struct Node {
  Op op = Op::konst;
  std::int32_t a = -1, b = -1, c = -1;
  double value = 0;        ///< konst
  std::int32_t aux = 0;    ///< param: its index; cat_*: the Act
  std::int32_t which = 0;  ///< cat_dp: the ap::Param
  bool operator==(const Node& o) const;
};

/// Name of an operation in expression JSON and error messages ("mul", "sigmoid", "elu").
const char* op_name(Op op);

class Graph {
 public:
  using Id = std::int32_t;
  const Node& operator[](Id i) const { return nodes_[static_cast<std::size_t>(i)]; }
  std::size_t size() const { return nodes_.size(); }

  Id konst(double v);
  Id x();
  Id param(int index);
  Id neg(Id a);
  Id add(Id a, Id b);
  Id sub(Id a, Id b);
  Id mul(Id a, Id b);
  Id div(Id a, Id b);
  Id pow(Id a, Id b);
  /// exp ... softplus, tanh_d (the unary functions).
  Id unary(Op op, Id a);
  Id min(Id a, Id b);
  Id max(Id a, Id b);
  Id where(Id cond, Id a, Id b);
  /// lt ... ne.
  Id compare(Op op, Id a, Id b);
  /// cat_f / cat_df / cat_dp of activation `act`; b, c are -1 where the activation has fewer parameters.
  Id cat(Op op, Act act, Id arg, Id p1, Id p2, int which = 0);

  bool is_const(Id i) const { return nodes_[static_cast<std::size_t>(i)].op == Op::konst; }
  bool is_value(Id i, double v) const { return is_const(i) && nodes_[static_cast<std::size_t>(i)].value == v; }
  /// True if the node reads x (or, with `param` >= 0, that parameter).
  bool depends(Id i, int param = -1) const;

 private:
  Id make(Node n);
  Id fold_or_make(Node n);
  std::vector<Node> nodes_;
};

/// One operation at one point, in double (also the scalar path of the block evaluator). `c` is the
/// third operand (where, catalogue parameter 2).
double eval_op(const Node& n, double a, double b, double c);

}  // namespace ap::formula
