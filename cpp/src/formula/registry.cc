// define_activation: checks a definition, parses, differentiates and compiles it, and keeps it for
// the engine's lifetime as a new Act (kActCount, kActCount + 1, ...). Names map to their latest Act.
#include "formula/registry.h"

#include <cctype>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "ap/decimal.h"
#include "formula/derivative.h"
#include "formula/parser.h"
#include "formula/program.h"
#include "formula/render.h"

namespace ap::formula {

struct Definition {
  ActivationDef def;
  std::vector<std::string> names;  // parameter names, index = Graph::param
  std::vector<ParamSpec> specs;
  Graph g;
  Graph::Id f = -1, df = -1;
  Program fwd, der, both;
  std::vector<Program> dparam;
  std::string tex_f, tex_df, json;
};

namespace {

std::vector<std::unique_ptr<Definition>>& defs() {
  static std::vector<std::unique_ptr<Definition>> v;
  return v;
}
std::vector<std::pair<std::string, Act>>& names() {
  static std::vector<std::pair<std::string, Act>> v;
  return v;
}

std::string num(double v) { return format_decimal(v, 'g', 9); }

bool identifier(const std::string& s) {
  if (s.empty() || s.size() > 64 || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char ch : s)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_')) return false;
  return true;
}

bool same(const ActivationDef& a, const ActivationDef& b) {
  if (a.name != b.name || a.formula != b.formula || a.label != b.label || a.params.size() != b.params.size()) return false;
  for (std::size_t i = 0; i < a.params.size(); ++i) {
    const FormulaParam &p = a.params[i], &q = b.params[i];
    if (p.name != q.name || p.default_value != q.default_value || p.min != q.min || p.max != q.max || p.learnable != q.learnable)
      return false;
  }
  return true;
}

Status check(const ActivationDef& def) {
  if (!identifier(def.name))
    return range_error("name must be an identifier (letters, digits, _; at most 64 characters), got \"" + def.name + "\"");
  const auto a = act_from_name(def.name);
  if ((a && static_cast<std::size_t>(*a) < kActCount) || def.name == "softmax")
    return range_error("name \"" + def.name + "\" is a catalogue activation; choose another name");
  if (reserved_name(def.name)) return range_error("name \"" + def.name + "\" is a function of the formula language; choose another name");
  if (def.label.size() > 200) return range_error("label must have at most 200 characters, got " + std::to_string(def.label.size()));
  if (def.params.size() > kFormulaMaxParams)
    return range_error("params must declare at most " + std::to_string(kFormulaMaxParams) + " parameters, got " +
                std::to_string(def.params.size()));
  for (std::size_t i = 0; i < def.params.size(); ++i) {
    const FormulaParam& p = def.params[i];
    const std::string what = "params." + p.name;
    if (!identifier(p.name)) return range_error("params: \"" + p.name + "\" is not an identifier");
    if (reserved_name(p.name)) return range_error(what + ": \"" + p.name + "\" is a name of the formula language (x, pi, e, a function)");
    for (std::size_t j = 0; j < i; ++j)
      if (def.params[j].name == p.name) return range_error(what + " is declared twice");
    if (!std::isfinite(p.min)) return range_error(what + ".min must be finite, got " + num(p.min));
    if (!std::isfinite(p.max)) return range_error(what + ".max must be finite, got " + num(p.max));
    if (!std::isfinite(p.default_value)) return range_error(what + ".default must be finite, got " + num(p.default_value));
    if (!(p.min <= p.max)) return range_error(what + ": the range [" + num(p.min) + ", " + num(p.max) + "] is empty");
    if (!(p.default_value >= p.min && p.default_value <= p.max))
      return range_error(what + ".default must be in [" + num(p.min) + ", " + num(p.max) + "], got " + num(p.default_value));
  }
  return {};
}

std::size_t reachable(const Graph& g, Graph::Id root) {
  std::vector<char> seen(g.size(), 0);
  seen[static_cast<std::size_t>(root)] = 1;
  std::size_t count = 0;
  for (std::size_t i = g.size(); i-- > 0;) {
    if (!seen[i]) continue;
    ++count;
    const Node& n = g[static_cast<Graph::Id>(i)];
    for (const Graph::Id k : {n.a, n.b, n.c})
      if (k >= 0) seen[static_cast<std::size_t>(k)] = 1;
  }
  return count;
}

// The formula parsed, within the node limit.
Expected<Graph::Id> parse_checked(const std::string& text, const std::vector<std::string>& params, Graph& g) {
  Expected<Graph::Id> f = parse(text, params, g);
  if (!f.ok()) return f;
  const std::size_t nodes = reachable(g, *f);
  if (nodes > kFormulaMaxNodes)
    return range_error("formula must have at most " + std::to_string(kFormulaMaxNodes) + " nodes after parsing, got " +
                std::to_string(nodes) + ": " + text);
  return f;
}

const Definition& at(Act a) { return *defs()[static_cast<std::size_t>(a) - kActCount]; }

const float* slots(const ActParams& p) { return p.formula; }

}  // namespace

const Definition* find(Act a) {
  const auto i = static_cast<std::size_t>(a);
  return i >= kActCount && i - kActCount < defs().size() ? defs()[i - kActCount].get() : nullptr;
}

std::optional<Act> from_name(std::string_view name) {
  for (const auto& [n, a] : names())
    if (n == name) return a;
  return std::nullopt;
}

const char* name(const Definition& d) { return d.def.name.c_str(); }
const char* label(const Definition& d) { return d.def.label.empty() ? d.def.name.c_str() : d.def.label.c_str(); }
const char* tex(const Definition& d) { return d.tex_f.c_str(); }
const char* derivative_tex(const Definition& d) { return d.tex_df.c_str(); }
ParamList params(const Definition& d) { return {d.specs.data(), d.specs.size()}; }

const char* param_name(const Definition& d, Param p) {
  const auto i = static_cast<std::size_t>(p);
  return i >= kParamCount && i - kParamCount < d.names.size() ? d.names[i - kParamCount].c_str() : nullptr;
}

void forward(const Definition& d, const ActParams& p, std::size_t n, const float* x, float* y) {
  float* outs[] = {y};
  d.fwd.run(n, x, outs, slots(p));
}

void derivative(const Definition& d, const ActParams& p, std::size_t n, const float* x, float* y) {
  float* outs[] = {y};
  d.der.run(n, x, outs, slots(p));
}

void forward_derivative(const Definition& d, const ActParams& p, std::size_t n, const float* x, float* y, float* dy) {
  float* outs[] = {y, dy};
  d.both.run(n, x, outs, slots(p));
}

void param_derivative(const Definition& d, const ActParams& p, Param which, std::size_t n, const float* x, float* out) {
  const auto i = static_cast<std::size_t>(which);  // one of d's parameters: ap::param_derivative checked it
  float* outs[] = {out};
  d.dparam[i - kParamCount].run(n, x, outs, slots(p));
}

double eval_f(const Definition& d, const ActParams& p, double x) { return std::isnan(x) ? x : d.fwd.eval(x, slots(p)); }
double eval_df(const Definition& d, const ActParams& p, double x) { return std::isnan(x) ? x : d.der.eval(x, slots(p)); }

}  // namespace ap::formula

namespace ap {

Expected<Act> define_activation(const ActivationDef& def) {
  using namespace formula;
  AP_TRY(check(def));
  if (const auto old = from_name(def.name); old && same(at(*old).def, def)) return *old;
  if (defs().size() >= kFormulaMaxDefinitions)
    return range_error("this engine has defined " + std::to_string(kFormulaMaxDefinitions) + " activations, its limit");
  auto d = std::make_unique<Definition>();
  d->def = def;
  for (const FormulaParam& p : def.params) d->names.push_back(p.name);
  Expected<Graph::Id> f = parse_checked(def.formula, d->names, d->g);
  if (!f.ok()) return std::move(f.status());
  d->f = *f;
  d->df = derive(d->g, d->f, -1);
  const Act act = static_cast<Act>(kActCount + defs().size());
  for (std::size_t i = 0; i < def.params.size(); ++i) {
    const FormulaParam& p = def.params[i];
    d->specs.push_back({act, static_cast<Param>(kParamCount + i), p.default_value, p.min, p.max, p.learnable, true});
    d->dparam.emplace_back(d->g, std::vector<Graph::Id>{derive(d->g, d->f, static_cast<int>(i))});
  }
  d->fwd = Program(d->g, {d->f});
  d->der = Program(d->g, {d->df});
  d->both = Program(d->g, {d->f, d->df});
  d->tex_f = to_tex(d->g, d->f, d->names);
  d->tex_df = to_tex(d->g, d->df, d->names);
  d->json = to_json(d->g, d->f, d->names);
  defs().push_back(std::move(d));
  auto& map = names();
  for (auto& [n, a] : map)
    if (n == def.name) return a = act;
  map.emplace_back(def.name, act);
  return act;
}

bool is_formula(Act a) { return formula::find(a) != nullptr; }

const ActivationDef* formula_definition(Act a) {
  const formula::Definition* d = formula::find(a);
  return d ? &d->def : nullptr;
}

std::string formula_expression_json(Act a) {
  const formula::Definition* d = formula::find(a);
  return d ? d->json : std::string();
}

Expected<std::pair<std::string, std::string>> formula_preview(const std::string& text,
                                                              const std::vector<std::string>& params) {
  using namespace formula;
  Graph g;
  Expected<Graph::Id> f = parse_checked(text, params, g);
  if (!f.ok()) return std::move(f.status());
  const Graph::Id df = derive(g, *f, -1);
  return std::pair{to_tex(g, *f, params), to_tex(g, df, params)};
}

}  // namespace ap
