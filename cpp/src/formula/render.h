// An expression graph as TeX and as JSON.
#pragma once
#include <string>
#include <vector>

#include "formula/expr.h"

namespace ap::formula {

/// TeX of the node (params: the parameter names, index = Graph::param index).
std::string to_tex(const Graph& g, Graph::Id root, const std::vector<std::string>& params);
/// JSON of the node: numbers, "x", parameter names, [op, operands...] (names in ap/formula.h).
std::string to_json(const Graph& g, Graph::Id root, const std::vector<std::string>& params);

}  // namespace ap::formula
