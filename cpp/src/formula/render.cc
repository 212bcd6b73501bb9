// Renders an expression graph as TeX (for the formula view; the subset web/src/components/ap-formula
// translates) and as JSON (the tree the exporters walk; node names in cpp/include/ap/formula.h).
#include "formula/render.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "ap/decimal.h"

namespace ap::formula {
namespace {

constexpr const char* kGreek[] = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
                                  "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau",
                                  "phi", "chi", "psi", "omega"};

std::string number(double v, bool json) {
  if (!json) {
    if (v == 3.14159265358979323846) return "\\pi";
    if (v == 2.71828182845904523536) return "e";
  }
  if (std::isinf(v)) return json ? (v > 0 ? "1e999" : "-1e999") : (v > 0 ? "\\infty" : "-\\infty");
  if (std::isnan(v)) return json ? "null" : "\\mathrm{NaN}";
  // TeX: 10 digits read well; JSON: 17 round-trip the double.
  std::string s = format_decimal(v, 'g', json ? 17 : 10);
  const std::size_t e = s.find('e');
  if (!json && e != std::string::npos) {
    const int exp10 = std::atoi(s.c_str() + e + 1);
    s = s.substr(0, e) + " \\cdot 10^{" + std::to_string(exp10) + "}";
  }
  return s;
}

// Binding strength: sums 1, products 2, unary minus 3, powers 4, atoms and calls 5.
int prec(const Node& n) {
  switch (n.op) {
    case Op::add: case Op::sub: return 1;
    case Op::mul: case Op::div: return 2;
    case Op::neg: return 3;
    case Op::pow: return 4;
    case Op::konst: return n.value < 0 ? 3 : 5;
    default: return 5;
  }
}

class Tex {
 public:
  Tex(const Graph& g, const std::vector<std::string>& params) : g_(g), params_(params) {}

  std::string operator()(Graph::Id i) const {
    const Node& n = g_[i];
    switch (n.op) {
      case Op::konst: return number(n.value, false);
      case Op::x: return "x";
      case Op::param: return param_tex(params_[static_cast<std::size_t>(n.aux)]);
      case Op::neg: return "-" + wrap(n.a, 2);  // -2 x, -(a + b)
      case Op::add: return (*this)(n.a) + " + " + wrap(n.b, 1);
      case Op::sub: return (*this)(n.a) + " - " + wrap(n.b, 2);
      case Op::mul: {
        const std::string l = wrap(n.a, 2), r = wrap(n.b, 2);
        const bool digit = !r.empty() && (std::isdigit(static_cast<unsigned char>(r[0])) || r[0] == '-');
        return l + (digit ? " \\cdot " : "\\,") + r;
      }
      case Op::div: return "\\frac{" + (*this)(n.a) + "}{" + (*this)(n.b) + "}";
      case Op::pow: return "{" + wrap(n.a, 5) + "}^{" + (*this)(n.b) + "}";
      case Op::exp: return "e^{" + (*this)(n.a) + "}";
      case Op::expm1: return "\\left(e^{" + (*this)(n.a) + "} - 1\\right)";
      case Op::log: return call("\\log", n.a);
      case Op::log1p: return "\\log\\left(1 + " + (*this)(n.a) + "\\right)";
      case Op::sqrt: return "\\sqrt{" + (*this)(n.a) + "}";
      case Op::abs: return "\\left|" + (*this)(n.a) + "\\right|";
      case Op::sign: return call("\\operatorname{sign}", n.a);
      case Op::sin: return call("\\sin", n.a);
      case Op::cos: return call("\\cos", n.a);
      case Op::tan: return call("\\tan", n.a);
      case Op::tanh: return call("\\tanh", n.a);
      case Op::sinh: return call("\\sinh", n.a);
      case Op::cosh: return call("\\cosh", n.a);
      case Op::erf: return call("\\operatorname{erf}", n.a);
      case Op::erfc: return call("\\operatorname{erfc}", n.a);
      case Op::sigmoid: return call("\\sigma", n.a);
      case Op::softplus: return call("\\operatorname{softplus}", n.a);
      case Op::tanh_d: return call("\\operatorname{sech}^2", n.a);
      case Op::min: return "\\min\\left(" + (*this)(n.a) + ", " + (*this)(n.b) + "\\right)";
      case Op::max: return "\\max\\left(" + (*this)(n.a) + ", " + (*this)(n.b) + "\\right)";
      case Op::where:
        return "\\begin{cases} " + (*this)(n.b) + " & " + (*this)(n.a) + " \\\\ " + (*this)(n.c) +
               " & \\text{otherwise} \\end{cases}";
      case Op::lt: return rel(n, " < ");
      case Op::le: return rel(n, " \\le ");
      case Op::gt: return rel(n, " > ");
      case Op::ge: return rel(n, " \\ge ");
      case Op::eq: return rel(n, " = ");
      case Op::ne: return rel(n, " \\ne ");
      case Op::cat_f: return cat("\\operatorname{" + name(n) + "}", n);
      case Op::cat_df: return cat("\\operatorname{" + name(n) + "}'", n);
      case Op::cat_dp:
        return cat("\\frac{\\partial \\operatorname{" + name(n) + "}}{\\partial " +
                       param_tex(param_name(static_cast<Param>(n.which))) + "}", n);
    }
    return "?";
  }

 private:
  static std::string param_tex(const std::string& p) {
    for (const char* g : kGreek)
      if (p == g) return std::string("\\") + g;
    const std::size_t u = p.find('_');
    if (u != std::string::npos && u > 0 && u + 1 < p.size())
      return param_tex(p.substr(0, u)) + "_{" + p.substr(u + 1) + "}";
    return p.size() == 1 ? p : "\\mathrm{" + p + "}";
  }
  static std::string name(const Node& n) {
    std::string s = act_name(static_cast<Act>(n.aux));
    std::string out;
    for (char ch : s) out += ch == '_' ? std::string("\\_") : std::string(1, ch);
    return out;
  }
  std::string wrap(Graph::Id i, int min_prec) const {
    const std::string s = (*this)(i);
    return prec(g_[i]) < min_prec ? "\\left(" + s + "\\right)" : s;
  }
  std::string call(const char* fn, Graph::Id a) const { return std::string(fn) + "\\left(" + (*this)(a) + "\\right)"; }
  std::string rel(const Node& n, const char* op) const { return (*this)(n.a) + op + (*this)(n.b); }
  std::string cat(const std::string& fn, const Node& n) const {
    std::string s = fn + "\\left(" + (*this)(n.a);
    if (n.b >= 0) s += ", " + (*this)(n.b);
    if (n.c >= 0) s += ", " + (*this)(n.c);
    return s + "\\right)";
  }

  const Graph& g_;
  const std::vector<std::string>& params_;
};

void json(const Graph& g, const std::vector<std::string>& params, Graph::Id i, std::string& out) {
  const Node& n = g[i];
  switch (n.op) {
    case Op::konst: out += number(n.value, true); return;
    case Op::x: out += "\"x\""; return;
    case Op::param: out += "\"" + params[static_cast<std::size_t>(n.aux)] + "\""; return;
    default: break;
  }
  out += "[\"";
  out += n.op == Op::cat_f ? act_name(static_cast<Act>(n.aux)) : op_name(n.op);
  out += "\"";
  for (const Graph::Id k : {n.a, n.b, n.c}) {
    if (k < 0) continue;
    out += ", ";
    json(g, params, k, out);
  }
  out += "]";
}

}  // namespace

std::string to_tex(const Graph& g, Graph::Id root, const std::vector<std::string>& params) {
  return Tex(g, params)(root);
}

std::string to_json(const Graph& g, Graph::Id root, const std::vector<std::string>& params) {
  std::string out;
  json(g, params, root, out);
  return out;
}

}  // namespace ap::formula
