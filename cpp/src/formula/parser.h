// Formula text to expression graph (the grammar is in cpp/include/ap/formula.h).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ap/status.h"
#include "formula/expr.h"

namespace ap::formula {

/// Parses `text` into `g` and returns the root. Parameter i of `params` becomes Graph::param(i).
/// Fails with the first error (ErrorKind::syntax: the text does not parse; range: an unknown name, an
/// arity, a limit) and its 1-based column.
Expected<Graph::Id> parse(std::string_view text, const std::vector<std::string>& params, Graph& g);

/// True for the names a formula reserves: x, pi, e, the functions, the catalogue's names.
bool reserved_name(std::string_view name);

}  // namespace ap::formula
