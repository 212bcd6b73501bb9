// Activations typed as formulas: parsed, simplified, differentiated symbolically, rendered as TeX and
// compiled in the core; once defined, a formula activation is an ap::Act like a catalogue one
// (forward, derivative, param_derivative, analyze, networks all take it).
//
// The language (at most kFormulaMaxChars characters, kFormulaMaxNodes nodes after parsing,
// kFormulaMaxParams parameters):
//   expr     := additive [cmp additive]          (a comparison only as the condition of where)
//   additive := term {('+' | '-') term}
//   term     := unary {('*' | '/') unary}
//   unary    := ('-' | '+') unary | power         (so -x^2 is -(x^2))
//   power    := primary ['^' unary]              (right-associative: 2^3^2 = 2^9)
//   primary  := number | x | pi | e | parameter | name '(' expr {',' expr} ')' | '(' expr ')'
//   cmp      := '<' | '<=' | '>' | '>=' | '==' | '!='
// numbers: 1, 1.5, .5, 1e-3, 2.5E+4. Functions: exp expm1 log log1p sqrt abs sign sin cos tan tanh
// sinh cosh erf erfc sigmoid softplus (one argument), min max (two), clamp(v, lo, hi),
// where(cond, a, b), and every catalogue activation by name with its parameters as optional extra
// arguments in catalogue order (elu(x, 0.5), swish(x, beta), softplus(x, beta, threshold)).
//
// Evaluation: f, f' and each df/dp compiled once into register programs run over blocks of points,
// every operation in double (f64x2 SIMD lanes in the WASM build), one rounding to float32 at the
// end. NaN in gives NaN out; at +-inf, where the formula's IEEE value is NaN (inf * 0, inf / inf),
// the value at +-DBL_MAX is taken (the limit, where the formula has one).
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "ap/activations.h"
#include "ap/status.h"

namespace ap {

inline constexpr std::size_t kFormulaMaxChars = 1000;
inline constexpr std::size_t kFormulaMaxNodes = 200;
inline constexpr std::size_t kFormulaMaxParams = 8;
/// Definitions an engine keeps (redefining a name takes a new one; networks keep theirs).
inline constexpr std::size_t kFormulaMaxDefinitions = 2048;

struct FormulaParam {
  std::string name;
  float default_value = 0, min = 0, max = 0;
  bool learnable = false;
};

struct ActivationDef {
  std::string name;     ///< snake-case identifier, not a catalogue name
  std::string formula;  ///< f(x) in the language above
  std::string label;    ///< display label (the name if empty)
  std::vector<FormulaParam> params;
};

/// Checks, parses, differentiates and compiles `def`, then registers it: the returned Act works with
/// every function of activations.h and analysis.h, and act_from_name(def.name) finds it. Redefining a
/// user name with a different definition registers a new Act under that name (an Act already in use
/// keeps its old definition); an identical definition returns the existing Act.
/// A bad formula or definition fails with the whole message, e.g.
/// "formula: expected ')' at column 17: x * (1 + tanh(x)", as ErrorKind::syntax (the text does not
/// parse) or ErrorKind::range (an unknown name, a wrong arity, a limit, a bad parameter), and the
/// 1-based column where the error is at a place in the formula.
Expected<Act> define_activation(const ActivationDef& def);

/// True for an Act made by define_activation.
bool is_formula(Act a);
/// The definition behind a formula Act (nullptr for catalogue ones).
const ActivationDef* formula_definition(Act a);
/// The simplified expression of f as JSON: numbers, "x", parameter names, and arrays
/// [op, operands...] with op one of neg add sub mul div pow exp expm1 log log1p sqrt abs sign sin cos
/// tan tanh sinh cosh erf erfc sigmoid softplus min max where lt le gt ge eq ne, or a catalogue name
/// (["elu", arg, alpha]). Empty for catalogue Acts.
std::string formula_expression_json(Act a);

/// Parses and simplifies `text` with the given parameter names and returns the TeX of f and f'
/// (first, second), without registering anything (live validation). Fails as define_activation does.
Expected<std::pair<std::string, std::string>> formula_preview(const std::string& text, const std::vector<std::string>& params);

}  // namespace ap
