// The formula activations an engine has defined, behind the catalogue's entry points: activations.cc
// and scalar.cc hand any Act >= kActCount to these.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

#include "ap/activations.h"
#include "ap/formula.h"

namespace ap::formula {

struct Definition;
/// The definition of a formula Act (nullptr if `a` is not one).
const Definition* find(Act a);
/// The Act the name currently denotes.
std::optional<Act> from_name(std::string_view name);

const char* name(const Definition& d);
const char* label(const Definition& d);
const char* tex(const Definition& d);
const char* derivative_tex(const Definition& d);
ParamList params(const Definition& d);
/// The declared name of formula parameter `p` ("beta"), or nullptr.
const char* param_name(const Definition& d, Param p);

void forward(const Definition& d, const ActParams& p, std::size_t n, const float* x, float* y);
void derivative(const Definition& d, const ActParams& p, std::size_t n, const float* x, float* y);
void forward_derivative(const Definition& d, const ActParams& p, std::size_t n, const float* x, float* y, float* dy);
/// `which` must be one of d's parameters (ap::param_derivative checks it).
void param_derivative(const Definition& d, const ActParams& p, Param which, std::size_t n, const float* x, float* out);
/// f and f' at one point in double (the analysis probes these).
double eval_f(const Definition& d, const ActParams& p, double x);
double eval_df(const Definition& d, const ActParams& p, double x);

}  // namespace ap::formula
