// Shared by the activation and formula bindings: an activation's metadata and properties as JS objects.
#pragma once
#include <emscripten/val.h>

#include "ap/activations.h"

namespace ap::bind {

/// The shortest decimal that rounds to f (0.01f reaches JS as 0.01, not 0.009999999776482582).
double shortest(float f);
/// { default, min, max, learnable, differentiable } per parameter name.
emscripten::val param_specs_js(Act a);
/// { name, label, params, formula, derivativeFormula } (TeX).
emscripten::val activation_info_js(Act a);
/// act.properties() of `a` with parameters `p`.
emscripten::val properties_js(Act a, const ActParams& p);

}  // namespace ap::bind
