// Formula activations: the parser (precedence table, every function, every error with its column,
// the limits), symbolic derivatives against central differences and against the catalogue's f', the
// accuracy of re-typed catalogue activations against the long-double references (tests/cpp/reference.h)
// in float32 ULP over the whole range, NaN and +-inf, and the Act interface (analysis, batches).
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "activations/kernels.h"
#include "ap/analysis.h"
#include "ap/formula.h"
#include "formula/derivative.h"
#include "formula/parser.h"
#include "formula/program.h"
#include "reference.h"
#include "ulp.h"

namespace ap::test {
namespace {

using formula::Graph;
using formula::Program;

constexpr double kPi = 3.14159265358979323846;
constexpr float kInf = std::numeric_limits<float>::infinity();

/// f (and f') of a formula at one point in double, through the compiled program.
struct Compiled {
  Graph g;
  Graph::Id f, df;
  Program pf, pd;
  std::vector<float> params;
  Compiled(const std::string& text, std::vector<std::string> names = {}, std::vector<float> values = {})
      : params(values) {
    params.resize(8, 0.0f);
    f = formula::parse(text, names, g).value();
    df = formula::derive(g, f, -1);
    pf = Program(g, {f});
    pd = Program(g, {df});
  }
  double operator()(double x) const { return pf.eval(x, params.data()); }
  double d(double x) const { return pd.eval(x, params.data()); }
};

// ---- parser ----------------------------------------------------------------------------------

struct Row {
  const char* text;
  double x;
  double expected;  // worked out by hand
};

TEST(FormulaParser, PrecedenceAndAssociativity) {
  const Row rows[] = {
      {"-x^2", 3, -9},          {"(-x)^2", 3, 9},        {"2^3^2", 0, 512},      {"(2^3)^2", 0, 64},
      {"1 - 2 - 3", 0, -4},     {"8 / 4 / 2", 0, 1},     {"2 * 3 + 4", 0, 10},   {"2 + 3 * 4", 0, 14},
      {"2 * -x", 3, -6},        {"-2^-1", 0, -0.5},      {"x^2^0.5", 4, std::pow(4.0, std::sqrt(2.0))},
      {"--x", 5, 5},            {"+x", 5, 5},            {"1 + 2 * 3 ^ 2", 0, 19}, {"(1 + 2) * 3", 0, 9},
      {"6 / 2 * 3", 0, 9},      {"2 * x / 4", 2, 1},     {"x - -x", 2, 4},       {"1.5e1 + .5", 0, 15.5},
      {"2.5E-1 * 4", 0, 1},     {"1e3", 0, 1000},        {"pi", 0, kPi},         {"e", 0, 2.71828182845904523536},
      {"  x  *  2  ", 3, 6},    {"x*x*x", 2, 8},
  };
  for (const Row& r : rows) {
    Compiled c(r.text);
    EXPECT_DOUBLE_EQ(c(r.x), r.expected) << r.text;
  }
}

TEST(FormulaParser, EveryFunction) {
  struct Fn {
    const char* text;
    double (*ref)(double);
  };
  const Fn fns[] = {
      {"exp(x)", [](double v) { return std::exp(v); }},       {"expm1(x)", [](double v) { return std::expm1(v); }},
      {"log(x + 20)", [](double v) { return std::log(v + 20); }}, {"log1p(x + 5)", [](double v) { return std::log1p(v + 5); }},
      {"sqrt(x + 10)", [](double v) { return std::sqrt(v + 10); }}, {"abs(x)", [](double v) { return std::fabs(v); }},
      {"sign(x)", [](double v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0; }},
      {"sin(x)", [](double v) { return std::sin(v); }},       {"cos(x)", [](double v) { return std::cos(v); }},
      {"tan(x)", [](double v) { return std::tan(v); }},       {"tanh(x)", [](double v) { return std::tanh(v); }},
      {"sinh(x)", [](double v) { return std::sinh(v); }},     {"cosh(x)", [](double v) { return std::cosh(v); }},
      {"erf(x)", [](double v) { return std::erf(v); }},       {"erfc(x)", [](double v) { return std::erfc(v); }},
      {"sigmoid(x)", [](double v) { return 1 / (1 + std::exp(-v)); }},
      {"softplus(x)", [](double v) { return std::log(1 + std::exp(v)); }},
      {"min(x, 1)", [](double v) { return v < 1 ? v : 1.0; }}, {"max(x, 1)", [](double v) { return v > 1 ? v : 1.0; }},
      {"clamp(x, -1, 2)", [](double v) { return v < -1 ? -1.0 : v > 2 ? 2.0 : v; }},
      {"where(x > 1, 2, 3)", [](double v) { return v > 1 ? 2.0 : 3.0; }},
      {"where(x >= 1, 2, 3)", [](double v) { return v >= 1 ? 2.0 : 3.0; }},
      {"where(x < 1, 2, 3)", [](double v) { return v < 1 ? 2.0 : 3.0; }},
      {"where(x <= 1, 2, 3)", [](double v) { return v <= 1 ? 2.0 : 3.0; }},
      {"where(x == 1, 2, 3)", [](double v) { return v == 1 ? 2.0 : 3.0; }},
      {"where(x != 1, 2, 3)", [](double v) { return v != 1 ? 2.0 : 3.0; }},
      {"elu(x, 0.5)", [](double v) { return v > 0 ? v : 0.5 * std::expm1(v); }},
      {"elu(x)", [](double v) { return v > 0 ? v : std::expm1(v); }},
      {"relu(x)", [](double v) { return v > 0 ? v : 0.0; }},
      {"swish(x, 2)", [](double v) { return v / (1 + std::exp(-2 * v)); }},
      {"softplus(x, 2)", [](double v) { return std::log(1 + std::exp(2 * v)) / 2; }},
      {"thresholded_relu(x, 0.5)", [](double v) { return v > 0.5 ? v : 0.0; }},
      {"linear(x)", [](double v) { return v; }},
  };
  for (const Fn& fn : fns) {
    Compiled c(fn.text);
    for (double v : {-3.0, -1.0, -0.25, 0.0, 0.5, 1.0, 1.5, 2.0, 4.0}) {
      const double want = fn.ref(v), got = c(v);
      EXPECT_NEAR(got, want, 1e-14 * (1 + std::fabs(want))) << fn.text << " at " << v;
    }
  }
}

struct Bad {
  const char* text;
  bool syntax;
  int column;
  const char* says;
};

TEST(FormulaParser, EveryErrorWithItsColumn) {
  const Bad bad[] = {
      {"x * (1 + tanh(x)", true, 17, "expected ')' to close the '(' at column 5"},
      {"x +", true, 4, "expected a number, a name or '('"},
      {"", true, 1, "expected a number"},
      {"(x))", true, 4, "unexpected ')'"},
      {"x $ 2", true, 3, "unexpected character '$'"},
      {"1e+", true, 4, "expected digits in the exponent"},
      {"x = 1", true, 3, "'=' is not an operator"},
      {"x ! 1", true, 3, "unexpected '!'"},
      {"x < 1", true, 3, "only allowed as the condition of where"},
      {"where(x, 1, 2)", true, 7, "needs a comparison"},
      {"where(x < 1 < 2, 1, 2)", true, 13, "comparisons do not chain"},
      {"exp + 1", true, 5, "expected '(' after the function exp"},
      {"max(x 1)", true, 7, "expected ')' or ','"},
      {"2 x", true, 3, "unexpected 'x'"},
      {"y + 1", false, 1, "unknown name 'y'"},
      {"foo(x)", false, 1, "unknown function 'foo'"},
      {"x + exp(x, 2)", false, 5, "exp takes 1 argument, got 2"},
      {"max(x)", false, 1, "max takes 2 arguments, got 1"},
      {"clamp(x, 1)", false, 1, "clamp takes 3 arguments, got 2"},
      {"elu(x, 1, 2)", false, 1, "elu takes 1 to 2 arguments, got 3"},
      {"sigmoid(x, 2)", false, 1, "sigmoid takes 1 argument, got 2"},
  };
  for (const Bad& b : bad) {
    Graph g;
    const Expected<Graph::Id> r = formula::parse(b.text, {}, g);
    if (r.ok()) {
      ADD_FAILURE() << "parsed: " << b.text;
      continue;
    }
    const std::string msg = r.status().message();
    EXPECT_EQ(r.status().kind(), b.syntax ? ErrorKind::syntax : ErrorKind::range) << b.text << ": " << msg;
    EXPECT_EQ(r.status().column(), b.column) << b.text << ": " << msg;
    EXPECT_NE(msg.find(b.says), std::string::npos) << msg;
    EXPECT_EQ(msg.rfind("formula: ", 0), 0u) << msg;
    EXPECT_NE(msg.find("at column " + std::to_string(b.column) + ": " + b.text), std::string::npos) << msg;
  }
}

TEST(FormulaParser, Limits) {
  const auto define = [](std::string text, std::vector<FormulaParam> params = {}) {
    ActivationDef d;
    d.name = "limits_case";
    d.formula = std::move(text);
    d.params = std::move(params);
    return define_activation(d);
  };
  std::string sum = "x";
  for (int i = 1; i <= 99; ++i) sum += " + " + std::to_string(i);  // x, 99 constants, 99 sums: 199 nodes
  EXPECT_TRUE(define(sum).ok());
  const Expected<Act> big = define(sum + " + 100 + 101");  // 203 nodes
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().kind(), ErrorKind::range);
  EXPECT_NE(big.status().message().find("at most 200 nodes after parsing, got 203"), std::string::npos) << big.status().message();
  const std::string chars = "x" + std::string(999, ' ');
  EXPECT_TRUE(define(chars).ok());
  const Expected<Act> long_text = define(chars + "0");
  ASSERT_FALSE(long_text.ok());
  EXPECT_NE(long_text.status().message().find("at most 1000 characters, got 1001"), std::string::npos) << long_text.status().message();
  std::vector<FormulaParam> ps;
  for (int i = 0; i < 9; ++i) ps.push_back({"p_" + std::to_string(i), 0, 0, 1, false});
  const Expected<Act> nine = define("x", ps);
  ASSERT_FALSE(nine.ok());
  EXPECT_NE(nine.status().message().find("at most 8 parameters, got 9"), std::string::npos) << nine.status().message();
  ps.pop_back();
  EXPECT_TRUE(define("x", ps).ok());
}

TEST(FormulaDefine, RejectsBadDefinitionsNamingThem) {
  struct BadDef {
    ActivationDef def;
    const char* says;
  };
  const BadDef bad[] = {
      {{"relu", "x", "", {}}, "catalogue activation"},
      {{"linear", "x", "", {}}, "catalogue activation"},
      {{"softmax", "x", "", {}}, "catalogue activation"},
      {{"exp", "x", "", {}}, "function of the formula language"},
      {{"my act", "x", "", {}}, "name must be an identifier"},
      {{"ok_name", "x * b", "", {{"b", 5, 10, 1, false}}}, "params.b: the range [10, 1] is empty"},
      {{"ok_name", "x * b", "", {{"b", NAN, 0, 1, false}}}, "params.b.default must be finite"},
      {{"ok_name", "x * b", "", {{"b", 0, -INFINITY, 1, false}}}, "params.b.min must be finite"},
      {{"ok_name", "x * b", "", {{"b", 2, 0, 1, false}}}, "params.b.default must be in [0, 1], got 2"},
      {{"ok_name", "x * b", "", {{"b", 0, 0, 1, false}, {"b", 0, 0, 1, false}}}, "params.b is declared twice"},
      {{"ok_name", "x * pi", "", {{"pi", 0, 0, 1, false}}}, "params.pi"},
      {{"ok_name", "x * beta", "", {}}, "unknown name 'beta'"},
  };
  for (const BadDef& b : bad) {
    const Expected<Act> r = define_activation(b.def);
    if (r.ok()) {
      ADD_FAILURE() << "defined " << b.def.name << " = " << b.def.formula;
      continue;
    }
    EXPECT_EQ(r.status().kind(), ErrorKind::range);
    EXPECT_NE(r.status().message().find(b.says), std::string::npos) << r.status().message();
  }
  EXPECT_FALSE(act_from_name("ok_name"));  // nothing was defined
}

// ---- derivatives ------------------------------------------------------------------------------

// Central differences in double: h = 1e-5 (1 + |x|); truncation ~h^2 |f'''|, rounding ~1e-16/h.
double central(const Compiled& c, double x) {
  const double h = 1e-5 * (1 + std::fabs(x));
  return (c(x + h) - c(x - h)) / (2 * h);
}

TEST(FormulaDerivative, MatchesCentralDifferencesOnDenseGrids) {
  const char* formulas[] = {
      "x * sigmoid(x)", "x * tanh(softplus(x))", "0.5 * x * erfc(-x / sqrt(2))", "exp(-x^2) * sin(3 * x)",
      "log(1 + x^2) / (2 + cos(x))", "sqrt(x^2 + 1) - x", "x^3 - 2 * x^2", "tanh(x)^2 + sinh(x / 4) * cosh(x / 5)",
      "erf(x) * expm1(x / 3)", "log1p(exp(x)) - softplus(x) + x", "2^x", "x^x^0.5 * 0 + (x^2 + 1)^(x / 7)",
      "abs(x - 0.3) * x", "max(x, 0.5 * x) + min(x^2, 3)", "where(x > 1, x^2, sin(x))", "tan(x / 2)",
      "elu(x, 0.5) + swish(2 * x, 1.5)", "softplus(x, 2) + celu(x, 0.7) * gelu(x)", "clamp(x, -1, 1) * exp(x)",
      "sign(x) * x^2", "x / (1 + abs(x))",
  };
  for (const char* text : formulas) {
    Compiled c(text);
    for (int i = -600; i <= 600; ++i) {
      const double x = i / 100.0 + 0.00317;  // off the kinks at 0, 0.3, 1, +-sqrt 3, ...
      if (std::string(text).find("x^x") != std::string::npos && x <= 0.1) continue;
      if (std::string(text) == "tan(x / 2)" && std::fabs(std::fabs(x) - kPi) < 0.05) continue;
      const double want = central(c, x), got = c.d(x);
      EXPECT_NEAR(got, want, 2e-6 * (1 + std::fabs(want))) << text << " at x = " << x;
    }
  }
}

TEST(FormulaDerivative, ParameterDerivativesMatchCentralDifferences) {
  ActivationDef d;
  d.name = "param_fd_case";
  d.formula = "x * sigmoid(beta * x) + alpha * where(x > 0, 0, expm1(x / s)) + log1p(beta^2) * elu(x, alpha)";
  d.params = {{"beta", 1.5f, 0, 10, true}, {"alpha", 0.7f, 0, 2, false}, {"s", 1.3f, 0.5f, 3, false}};
  const Act a = define_activation(d).value();
  ActParams p = default_params(a);
  for (std::size_t k = 0; k < 3; ++k) {
    for (int i = -400; i <= 400; ++i) {
      const float x = static_cast<float>(i / 64.0 + 0.0037);
      float got;
      ASSERT_TRUE(param_derivative(a, p, formula_param(k), 1, &x, &got).ok());
      const double h = 1e-3;
      ActParams lo = p, hi = p;
      lo.formula[k] -= static_cast<float>(h);
      hi.formula[k] += static_cast<float>(h);
      const double dh = static_cast<double>(hi.formula[k]) - lo.formula[k];
      const double fd = (detail::eval_f(a, hi, x) - detail::eval_f(a, lo, x)) / dh;
      EXPECT_NEAR(got, fd, 1e-4 * (1 + std::fabs(fd))) << d.params[k].name << " at x = " << x;
    }
  }
}

TEST(FormulaDerivative, SimplifiedEnoughToRead) {
  const auto tex = [](const char* text, std::vector<std::string> params = {}) { return formula_preview(text, params).value().second; };
  EXPECT_EQ(tex("x^2"), "2\\,x");
  EXPECT_EQ(tex("3 * x + 1"), "3");
  EXPECT_EQ(tex("exp(2 * x)"), "2\\,e^{2\\,x}");
  EXPECT_EQ(tex("sigmoid(x)"), "\\sigma\\left(x\\right)\\,\\sigma\\left(-x\\right)");
  EXPECT_EQ(tex("softplus(x)"), "\\sigma\\left(x\\right)");
  EXPECT_EQ(tex("max(x, 0)"), "\\begin{cases} 1 & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}");
  EXPECT_EQ(tex("x * beta", {"beta"}), "\\beta");
  const std::string d = tex("x * tanh(softplus(x))");
  EXPECT_EQ(d.find("0 \\cdot"), std::string::npos) << d;
  EXPECT_EQ(d.find("1\\,"), std::string::npos) << d;
  EXPECT_EQ(d.find("^{1}"), std::string::npos) << d;
}

TEST(FormulaDerivative, KinkConventionsOfTheCatalogue) {
  EXPECT_EQ(Compiled("abs(x)").d(0), 0.0);
  EXPECT_EQ(Compiled("max(x, 0)").d(0), 0.0);
  EXPECT_EQ(Compiled("max(0, x)").d(0), 0.0);
  EXPECT_EQ(Compiled("min(x, 0)").d(0), 0.0);
  EXPECT_EQ(Compiled("max(x, 0.1 * x)").d(0), 0.1);  // leaky_relu'(0) = alpha
  EXPECT_EQ(Compiled("clamp(x, -1, 1)").d(1), 0.0);  // hard_tanh'(1) = 0
  EXPECT_EQ(Compiled("where(x > 0, x, 0.5 * x)").d(0), 0.5);
  EXPECT_EQ(Compiled("sign(x)").d(2), 0.0);
  EXPECT_EQ(Compiled("step(x)").d(0.5), 0.0);
  EXPECT_EQ(Compiled("thresholded_relu(x, 2)").d(3), 1.0);
}

// ---- re-typed catalogue activations ----------------------------------------------------------

struct Retyped {
  Act act;
  const char* formula;
  std::vector<FormulaParam> params;
};

const std::vector<Retyped>& retyped() {
  static const std::vector<Retyped> v = {
      {Act::sigmoid, "exp(-softplus(-x))", {}},
      {Act::tanh, "tanh(x)", {}},
      {Act::relu, "max(x, 0)", {}},
      {Act::leaky_relu, "where(x > 0, x, alpha * x)", {{"alpha", 0.01f, 0, 1, false}}},
      {Act::elu, "where(x > 0, x, alpha * expm1(x))", {{"alpha", 1, 0, 10, false}}},
      {Act::selu, "1.0507009873554804934 * where(x > 0, x, 1.6732632423543772848 * expm1(x))", {}},
      {Act::swish, "x * sigmoid(beta * x)", {{"beta", 1, 0, 10, true}}},
      {Act::silu, "x * sigmoid(x)", {}},
      {Act::mish, "x * tanh(softplus(x))", {}},
      {Act::gelu, "0.5 * x * erfc(-x / sqrt(2))", {}},
      {Act::softplus, "where(x > 0, x + log1p(exp(-x)), log1p(exp(x)))", {}},
      {Act::log_sigmoid, "-softplus(-x)", {}},
      {Act::hard_sigmoid, "clamp((x + 3) / 6, 0, 1)", {}},
      {Act::hard_swish, "x * clamp(x + 3, 0, 6) / 6", {}},
      {Act::relu6, "clamp(x, 0, 6)", {}},
      {Act::celu, "where(x > 0, x, alpha * expm1(x / alpha))", {{"alpha", 1, 0.01f, 10, false}}},
      {Act::gelu_tanh, "x * sigmoid(2 * sqrt(2 / pi) * (x + 0.044715 * x^3))", {}},
  };
  return v;
}

Act define_retyped(const Retyped& r) {
  ActivationDef d;
  d.name = std::string("retyped_") + act_name(r.act);
  d.formula = r.formula;
  d.params = r.params;
  return define_activation(d).value();
}

// The catalogue's parameters of `cat` carried over to the formula's slots (by name).
ActParams formula_params(Act cat, Act f) {
  ActParams fp = default_params(f);
  const ActParams cp = default_params(cat);
  for (const ParamSpec& s : act_params(f))
    for (const ParamSpec& c : act_params(cat))
      if (std::string(act_param_name(f, s.param)) == param_name(c.param)) set_param(fp, s.param, get_param(cp, c.param));
  return fp;
}

// Every 2^14-th float32 of each sign, a dense grid on [-40, 40], and the extremes.
std::vector<float> sweep() {
  std::vector<float> v;
  for (float a : {0.0f, 1e-30f, 1e-7f, 0.5f, 1.0f, 3.0f, 6.0f, 15.0f, 20.0f, 30.0f, 88.7f, 1e4f, 1e30f, FLT_MIN,
                  FLT_TRUE_MIN, FLT_MAX}) {
    v.push_back(a);
    v.push_back(-a);
  }
  for (std::uint32_t b = 0; b < 0x7f800000u; b += 1u << 14) {
    v.push_back(from_bits(b));
    v.push_back(-from_bits(b));
  }
  for (int i = -40 * 256; i <= 40 * 256; ++i) v.push_back(static_cast<float>(i) / 256.0f);
  return v;
}

// Kinks of the catalogue activation (f' jumps at x): the formulas' conventions there may differ from
// PyTorch's (hard_swish'(-3) = -1/2 in the catalogue; x clamp(x + 3, 0, 6)/6 gives 0).
bool kink(Act a, double x) {
  const ActParams p = default_params(a);
  const double l = detail::eval_df(a, p, std::nextafter(x, -INFINITY)), r = detail::eval_df(a, p, std::nextafter(x, INFINITY));
  const double m = detail::eval_df(a, p, x);
  return std::fabs(l - m) > 1e-6 * (1 + std::fabs(m)) || std::fabs(r - m) > 1e-6 * (1 + std::fabs(m));
}

// Zero crossings of f' (gelu', gelu_tanh', swish', mish'), where f' is not conditioned.
bool near_root(Act a, float x) {
  const double r = a == Act::gelu ? -0.7517915 : a == Act::gelu_tanh ? -0.7524614 : a == Act::swish || a == Act::silu ? -1.2784645
                 : a == Act::mish ? -1.1924312 : 1e9;
  return std::fabs(x - r) < 1.0 / 32;
}

TEST(FormulaAccuracy, RetypedCatalogueWithin1UlpOverTheFloat32Range) {
  const std::vector<float> xs = sweep();
  std::vector<float> y(xs.size()), d(xs.size()), y2(xs.size()), d2(xs.size());
  for (const Retyped& r : retyped()) {
    const Act f = define_retyped(r);
    const ActParams fp = formula_params(r.act, f), cp = default_params(r.act);
    forward(f, fp, xs.size(), xs.data(), y.data());
    derivative(f, fp, xs.size(), xs.data(), d.data());
    forward_derivative(f, fp, xs.size(), xs.data(), y2.data(), d2.data());
    double worst_f = 0, worst_d = 0;
    float at_f = 0, at_d = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const float x = xs[i];
      const double ef = ulp_error(y[i], ref_f(r.act, cp, x));
      if (ef > worst_f) worst_f = ef, at_f = x;
      if (!near_root(r.act, x) && !kink(r.act, x)) {
        const double ed = ulp_error(d[i], ref_df(r.act, cp, x));
        if (ed > worst_d) worst_d = ed, at_d = x;
      }
      ASSERT_EQ(std::memcmp(&y[i], &y2[i], 4), 0) << act_name(r.act) << ": forward_derivative's f at " << x;
      ASSERT_EQ(std::memcmp(&d[i], &d2[i], 4), 0) << act_name(r.act) << ": forward_derivative's f' at " << x;
    }
    std::printf("[ ulp ] formula %-40s f %.3f (x = %g)  f' %.3f (x = %g)\n", r.formula, worst_f, at_f, worst_d, at_d);
    EXPECT_LE(worst_f, 1.0) << r.formula << " at x = " << at_f;
    EXPECT_LE(worst_d, 1.0) << r.formula << "' at x = " << at_d;
  }
}

TEST(FormulaAccuracy, DerivativeMatchesTheCatalogueDerivative) {
  for (const Retyped& r : retyped()) {
    const Act f = define_retyped(r);
    const ActParams fp = formula_params(r.act, f), cp = default_params(r.act);
    for (int i = -2000; i <= 2000; ++i) {
      const double x = i / 100.0;
      if (kink(r.act, x)) continue;
      const double want = detail::eval_df(r.act, cp, x), got = detail::eval_df(f, fp, x);
      EXPECT_NEAR(got, want, 1e-12 * (1 + std::fabs(want))) << r.formula << " at " << x;
    }
  }
}

TEST(FormulaAccuracy, ParamDerivativeMatchesTheCatalogue) {
  for (const Retyped& r : retyped()) {
    if (r.params.empty()) continue;
    const Act f = define_retyped(r);
    const ActParams fp = formula_params(r.act, f), cp = default_params(r.act);
    const Param cat_param = act_params(r.act).first->param;
    for (int i = -400; i <= 400; ++i) {
      const float x = static_cast<float>(i / 20.0);
      float want, got;
      ASSERT_TRUE(param_derivative(r.act, cp, cat_param, 1, &x, &want).ok());
      ASSERT_TRUE(param_derivative(f, fp, formula_param(0), 1, &x, &got).ok());
      EXPECT_LE(ulp_error(got, static_cast<double>(want)), 2.0) << r.formula << " d/d" << r.params[0].name << " at " << x;
    }
  }
}

TEST(FormulaAccuracy, NaNInNaNOutAndLimitsAtInfinity) {
  struct Limit {
    const char* formula;
    float f_minus, f_plus, d_minus, d_plus;
  };
  const Limit limits[] = {
      {"x * sigmoid(x)", 0, kInf, 0, 1},
      {"tanh(x)", -1, 1, 0, 0},
      {"x * tanh(softplus(x))", 0, kInf, 0, 1},
      {"0.5 * x * erfc(-x / sqrt(2))", 0, kInf, 0, 1},
      {"x / (1 + abs(x))", -1, 1, 0, 0},
      {"where(x > 0, x, expm1(x))", -1, kInf, 0, 1},
      {"sigmoid(x)", 0, 1, 0, 0},
      {"exp(x)", 0, kInf, 0, kInf},
  };
  int k = 0;
  for (const Limit& l : limits) {
    ActivationDef d;
    d.name = "limit_case_" + std::to_string(k++);
    d.formula = l.formula;
    const Act a = define_activation(d).value();
    const float xs[] = {-kInf, kInf, NAN, 1.0f};
    float y[4], dy[4];
    forward_derivative(a, {}, 4, xs, y, dy);
    EXPECT_EQ(y[0], l.f_minus) << l.formula;
    EXPECT_EQ(y[1], l.f_plus) << l.formula;
    EXPECT_EQ(dy[0], l.d_minus) << l.formula;
    EXPECT_EQ(dy[1], l.d_plus) << l.formula;
    EXPECT_TRUE(std::isnan(y[2]) && std::isnan(dy[2])) << l.formula;
    EXPECT_FALSE(std::isnan(y[3]) || std::isnan(dy[3])) << l.formula;
  }
  // Where the formula itself is NaN, NaN: log of a negative number.
  ActivationDef d;
  d.name = "limit_case_log";
  d.formula = "log(x)";
  const Act a = define_activation(d).value();
  const float xs[] = {-1.0f, 0.0f, 1.0f};
  float y[3];
  forward(a, {}, 3, xs, y);
  EXPECT_TRUE(std::isnan(y[0]));
  EXPECT_EQ(y[1], -kInf);
  EXPECT_EQ(y[2], 0.0f);
}

// ---- the Act interface -----------------------------------------------------------------------

TEST(FormulaAct, BehavesLikeACatalogueActivation) {
  ActivationDef d;
  d.name = "act_case";
  d.label = "My swish";
  d.formula = "x * sigmoid(beta * x)";
  d.params = {{"beta", 1, 0, 10, true}};
  const Act a = define_activation(d).value();
  EXPECT_TRUE(is_formula(a));
  EXPECT_FALSE(is_formula(Act::swish));
  EXPECT_EQ(act_from_name("act_case"), a);
  EXPECT_STREQ(act_name(a), "act_case");
  EXPECT_STREQ(act_label(a), "My swish");
  EXPECT_EQ(define_activation(d).value(), a);  // identical: the same Act
  EXPECT_EQ(act_params(a).size(), 1u);
  EXPECT_STREQ(act_param_name(a, act_params(a).first->param), "beta");
  EXPECT_EQ(formula_expression_json(a), "[\"mul\", \"x\", [\"sigmoid\", [\"mul\", \"beta\", \"x\"]]]");
  ActParams p = default_params(a);
  EXPECT_EQ(p.formula[0], 1.0f);
  p.formula[0] = 11;
  EXPECT_FALSE(validate_params(a, p).ok());
  // Properties, from the same probes as the catalogue's: those of swish.
  const Properties fp = analyze(a, default_params(a)), cp = analyze(Act::swish, default_params(Act::swish));
  EXPECT_EQ(fp.range.lo, cp.range.lo);
  EXPECT_EQ(fp.range.hi, cp.range.hi);
  EXPECT_EQ(fp.monotonic, cp.monotonic);
  EXPECT_EQ(fp.smoothness, cp.smoothness);
  EXPECT_EQ(fp.saturates_left, cp.saturates_left);
  // Batches of every length agree with one point at a time (blocks, tails, in place).
  std::vector<float> x(600), y(600), one(1);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) / 37.0f - 8.0f;
  for (std::size_t n : {0u, 1u, 2u, 3u, 255u, 256u, 257u, 513u, 600u}) {
    forward(a, default_params(a), n, x.data(), y.data());
    for (std::size_t i = 0; i < n; ++i) {
      forward(a, default_params(a), 1, &x[i], one.data());
      ASSERT_EQ(y[i], one[0]) << n << " " << i;
    }
  }
  std::vector<float> z = x;
  forward(a, default_params(a), z.size(), z.data(), z.data());
  forward(a, default_params(a), x.size(), x.data(), y.data());
  EXPECT_EQ(z, y);
  // Redefining the name takes a new Act; the old one keeps its formula.
  ActivationDef d2 = d;
  d2.formula = "x * sigmoid(2 * beta * x)";
  const Act b = define_activation(d2).value();
  EXPECT_NE(a, b);
  EXPECT_EQ(act_from_name("act_case"), b);
  EXPECT_EQ(formula_definition(a)->formula, d.formula);
}

}  // namespace
}  // namespace ap::test
