// Lexer and recursive-descent parser of the formula language (grammar: cpp/include/ap/formula.h).
// Errors name the 1-based column and quote the formula: "formula: expected ')' at column 17: ...".
// The first error stops the parse: fail() keeps it and turns the rest of the text into the end of the
// formula, so every rule returns at once (with a placeholder node) and parse() reports the error.
#include "formula/parser.h"

#include <cctype>
#include <string>

#include "ap/decimal.h"
#include "ap/formula.h"

namespace ap::formula {
namespace {

struct Builtin {
  const char* name;
  Op op;
  int arity;  // 3 for clamp (desugared) and where
};
constexpr Builtin kBuiltins[] = {
    {"exp", Op::exp, 1},     {"expm1", Op::expm1, 1}, {"log", Op::log, 1},         {"log1p", Op::log1p, 1},
    {"sqrt", Op::sqrt, 1},   {"abs", Op::abs, 1},     {"sign", Op::sign, 1},       {"sin", Op::sin, 1},
    {"cos", Op::cos, 1},     {"tan", Op::tan, 1},     {"tanh", Op::tanh, 1},       {"sinh", Op::sinh, 1},
    {"cosh", Op::cosh, 1},   {"erf", Op::erf, 1},     {"erfc", Op::erfc, 1},       {"sigmoid", Op::sigmoid, 1},
    {"softplus", Op::softplus, 1}, {"min", Op::min, 2}, {"max", Op::max, 2},       {"clamp", Op::min, 3},
    {"where", Op::where, 3},
};

const Builtin* find_builtin(std::string_view name) {
  for (const Builtin& b : kBuiltins)
    if (name == b.name) return &b;
  return nullptr;
}

enum class Tok { end, number, name, lparen, rparen, comma, plus, minus, star, slash, caret, cmp, bad };

struct Token {
  Tok kind = Tok::end;
  std::size_t pos = 0, len = 0;
  double number = 0;
  Op cmp = Op::lt;
};

class Parser {
 public:
  Parser(std::string_view text, const std::vector<std::string>& params, Graph& g)
      : text_(text), params_(params), g_(g) {
    next();
  }

  Expected<Graph::Id> parse_all() {
    const Graph::Id root = expr(false);
    if (tok_.kind != Tok::end) fail(true, tok_.pos, "unexpected " + describe(tok_));
    if (!error_.ok()) return std::move(error_);
    return root;
  }

 private:
  // Keeps the first error, ends the token stream and returns a placeholder for the rule that failed.
  Graph::Id fail(bool syntax, std::size_t pos, const std::string& what) {
    if (error_.ok()) {
      const int column = static_cast<int>(pos) + 1;
      std::string msg = "formula: " + what + " at column " + std::to_string(column) + ": " + std::string(text_);
      error_ = syntax ? syntax_error(std::move(msg), column) : range_error(std::move(msg), column);
    }
    pos_ = text_.size();
    tok_ = Token{};
    tok_.pos = pos_;
    return g_.konst(0);
  }

  std::string describe(const Token& t) const {
    if (t.kind == Tok::end) return "end of formula";
    return "'" + std::string(text_.substr(t.pos, t.len)) + "'";
  }

  void next() {
    if (!error_.ok()) return;  // fail() left the end of the formula
    std::size_t i = pos_;
    while (i < text_.size() && std::isspace(static_cast<unsigned char>(text_[i]))) ++i;
    tok_ = Token{};
    tok_.pos = i;
    if (i >= text_.size()) {
      pos_ = i;
      return;
    }
    const char ch = text_[i];
    const auto one = [&](Tok k) { tok_.kind = k; tok_.len = 1; };
    if (std::isdigit(static_cast<unsigned char>(ch)) || (ch == '.' && i + 1 < text_.size() &&
                                                         std::isdigit(static_cast<unsigned char>(text_[i + 1])))) {
      std::size_t j = i;
      while (j < text_.size() && std::isdigit(static_cast<unsigned char>(text_[j]))) ++j;
      if (j < text_.size() && text_[j] == '.') ++j;
      while (j < text_.size() && std::isdigit(static_cast<unsigned char>(text_[j]))) ++j;
      if (j < text_.size() && (text_[j] == 'e' || text_[j] == 'E')) {
        std::size_t k = j + 1;
        if (k < text_.size() && (text_[k] == '+' || text_[k] == '-')) ++k;
        if (k < text_.size() && std::isdigit(static_cast<unsigned char>(text_[k]))) {
          while (k < text_.size() && std::isdigit(static_cast<unsigned char>(text_[k]))) ++k;
          j = k;
        } else {
          fail(true, k, "expected digits in the exponent of a number");
          return;
        }
      }
      tok_.kind = Tok::number;
      tok_.len = j - i;
      tok_.number = parse_decimal(text_.substr(i, j - i));
    } else if (std::isalpha(static_cast<unsigned char>(ch)) || ch == '_') {
      std::size_t j = i;
      while (j < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[j])) || text_[j] == '_')) ++j;
      tok_.kind = Tok::name;
      tok_.len = j - i;
    } else if (ch == '<' || ch == '>' || ch == '=' || ch == '!') {
      const bool eq = i + 1 < text_.size() && text_[i + 1] == '=';
      tok_.kind = Tok::cmp;
      tok_.len = eq ? 2 : 1;
      if (ch == '<') tok_.cmp = eq ? Op::le : Op::lt;
      else if (ch == '>') tok_.cmp = eq ? Op::ge : Op::gt;
      else if (ch == '=' && eq) tok_.cmp = Op::eq;
      else if (ch == '!' && eq) tok_.cmp = Op::ne;
      else fail(true, i, ch == '=' ? "'=' is not an operator (use '==' to compare)" : "unexpected '!'");
    } else {
      switch (ch) {
        case '(': one(Tok::lparen); break;
        case ')': one(Tok::rparen); break;
        case ',': one(Tok::comma); break;
        case '+': one(Tok::plus); break;
        case '-': one(Tok::minus); break;
        case '*': one(Tok::star); break;
        case '/': one(Tok::slash); break;
        case '^': one(Tok::caret); break;
        default: fail(true, i, "unexpected character '" + std::string(1, ch) + "'");
      }
    }
    pos_ = i + tok_.len;
  }

  void expect(Tok k, const char* what, std::size_t open = std::string::npos) {
    if (tok_.kind != k) {
      std::string msg = std::string("expected ") + what;
      if (open != std::string::npos) msg += " to close the '(' at column " + std::to_string(open + 1);
      fail(true, tok_.pos, msg + ", got " + describe(tok_));
    }
    next();
  }

  // A comparison is parsed wherever it appears, so that its error can say where it belongs.
  Graph::Id expr(bool condition) {
    const std::size_t start = tok_.pos;
    const Graph::Id left = additive();
    if (tok_.kind != Tok::cmp) {
      if (condition) fail(true, start, "where(cond, a, b) needs a comparison (<, <=, >, >=, ==, !=) as its condition");
      return left;
    }
    const Token op = tok_;
    if (!condition) fail(true, op.pos, "comparison " + describe(op) + " is only allowed as the condition of where(cond, a, b)");
    next();
    const Graph::Id right = additive();
    if (tok_.kind == Tok::cmp) fail(true, tok_.pos, "comparisons do not chain");
    return g_.compare(op.cmp, left, right);
  }

  Graph::Id additive() {
    Graph::Id v = term();
    while (tok_.kind == Tok::plus || tok_.kind == Tok::minus) {
      const bool plus = tok_.kind == Tok::plus;
      next();
      const Graph::Id r = term();
      v = plus ? g_.add(v, r) : g_.sub(v, r);
    }
    return v;
  }

  Graph::Id term() {
    Graph::Id v = unary();
    while (tok_.kind == Tok::star || tok_.kind == Tok::slash) {
      const bool times = tok_.kind == Tok::star;
      next();
      const Graph::Id r = unary();
      v = times ? g_.mul(v, r) : g_.div(v, r);
    }
    return v;
  }

  Graph::Id unary() {
    if (tok_.kind == Tok::minus) {
      next();
      return g_.neg(unary());
    }
    if (tok_.kind == Tok::plus) {
      next();
      return unary();
    }
    return power();
  }

  Graph::Id power() {
    const Graph::Id base = primary();
    if (tok_.kind != Tok::caret) return base;
    next();
    return g_.pow(base, unary());  // right-associative: the exponent is itself a power
  }

  Graph::Id primary() {
    const Token t = tok_;
    switch (t.kind) {
      case Tok::number: next(); return g_.konst(t.number);
      case Tok::lparen: {
        next();
        const Graph::Id v = expr(false);
        expect(Tok::rparen, "')'", t.pos);
        return v;
      }
      case Tok::name: return name();
      default: return fail(true, t.pos, "expected a number, a name or '(', got " + describe(t));
    }
  }

  Graph::Id name() {
    const Token t = tok_;
    const std::string_view id = text_.substr(t.pos, t.len);
    next();
    if (tok_.kind == Tok::lparen) return call(t, id);
    if (id == "x") return g_.x();
    if (id == "pi") return g_.konst(3.14159265358979323846);
    if (id == "e") return g_.konst(2.71828182845904523536);
    for (std::size_t i = 0; i < params_.size(); ++i)
      if (id == params_[i]) return g_.param(static_cast<int>(i));
    if (find_builtin(id) || reserved_name(id)) return fail(true, tok_.pos, "expected '(' after the function " + std::string(id));
    std::string known = "x, pi, e";
    for (const std::string& p : params_) known += ", " + p;
    return fail(false, t.pos, "unknown name '" + std::string(id) + "' (names: " + known + ", and the functions)");
  }

  Graph::Id call(const Token& t, std::string_view id) {
    const std::size_t open = tok_.pos;
    next();
    std::vector<Graph::Id> args;
    std::vector<std::size_t> at;
    const Builtin* b = find_builtin(id);
    if (tok_.kind != Tok::rparen) {
      for (;;) {
        at.push_back(tok_.pos);
        args.push_back(expr(b && b->op == Op::where && args.empty()));
        if (tok_.kind != Tok::comma) break;
        next();
      }
    }
    expect(Tok::rparen, "')' or ','", open);
    if (!error_.ok()) return g_.konst(0);  // the arguments are not all there
    const int n = static_cast<int>(args.size());
    const auto arity = [&](int lo, int hi) {
      if (n >= lo && n <= hi) return true;
      const std::string want = lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
      fail(false, t.pos, std::string(id) + " takes " + want + " argument" + (hi == 1 ? "" : "s") + ", got " + std::to_string(n));
      return false;
    };
    // One-argument sigmoid / softplus / tanh are the functions; with more arguments, the catalogue's.
    auto cat = act_from_name(id);
    if (cat && static_cast<std::size_t>(*cat) >= kActCount) cat.reset();  // catalogue names only
    if (b && !(cat && n > 1 && b->arity == 1 && act_params(*cat).size() > 0)) {
      if (!arity(b->arity, b->arity)) return g_.konst(0);
      switch (b->op) {
        case Op::min: return b->arity == 3 ? g_.min(g_.max(args[0], args[1]), args[2]) : g_.min(args[0], args[1]);
        case Op::max: return g_.max(args[0], args[1]);
        case Op::where: return g_.where(args[0], args[1], args[2]);
        default: return g_.unary(b->op, args[0]);
      }
    }
    if (!cat) return fail(false, t.pos, "unknown function '" + std::string(id) + "'");
    const Act act = *cat;
    const ParamList ps = act_params(act);
    if (!arity(1, 1 + static_cast<int>(ps.size()))) return g_.konst(0);
    Graph::Id p[2] = {-1, -1};
    for (std::size_t k = 0; k < ps.size() && k < 2; ++k)
      p[k] = k + 1 < args.size() ? args[k + 1] : g_.konst(ps.first[k].default_value);
    return g_.cat(Op::cat_f, act, args[0], p[0], p[1]);
  }

  std::string_view text_;
  const std::vector<std::string>& params_;
  Graph& g_;
  std::size_t pos_ = 0;
  Token tok_;
  Status error_;
};

}  // namespace

Expected<Graph::Id> parse(std::string_view text, const std::vector<std::string>& params, Graph& g) {
  if (text.size() > kFormulaMaxChars)
    return range_error("formula must have at most " + std::to_string(kFormulaMaxChars) + " characters, got " +
                       std::to_string(text.size()));
  return Parser(text, params, g).parse_all();
}

bool reserved_name(std::string_view name) {
  const auto a = act_from_name(name);
  return name == "x" || name == "pi" || name == "e" || find_builtin(name) ||
         (a && static_cast<std::size_t>(*a) < kActCount);
}

}  // namespace ap::formula
