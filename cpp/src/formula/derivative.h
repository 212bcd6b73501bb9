// Symbolic differentiation of an expression graph.
#pragma once
#include "formula/expr.h"

namespace ap::formula {

/// d f / d var, added to `g` (simplified as it is built). var = -1: x; var = i: parameter i.
/// Conventions at kinks as the catalogue's: abs'(0) = 0 (sign), max(a, b)' takes a' where a > b, b'
/// where b > a, and at a tie 0 when either side is constant (so max(x, 0)' at 0 is 0), else the one
/// of smaller magnitude; where(c, a, b)' = where(c, a', b'); a jump (sign, a comparison) has
/// derivative 0 away from it. The tails stay exact: sigmoid' = s(u) s(-u), tanh' from e^(-2|u|),
/// softplus' = sigmoid, erf' = 2/sqrt(pi) e^(-u^2), expm1' = exp.
Graph::Id derive(Graph& g, Graph::Id f, int var);

}  // namespace ap::formula
