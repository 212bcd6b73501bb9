// The catalogue's tables (names, labels, aliases, parameters, formulas, all generated from
// catalogue.inc), the dispatch of the batched entry points, and softmax.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "activations/kernels.h"
#include "ap/activations.h"
#include "ap/decimal.h"
#include "formula/registry.h"

namespace ap {
namespace {

struct Entry {
  const char* name;
  const char* label;
};

constexpr Entry kEntries[] = {
#define AP_ACT(id, name, label) {name, label},
#include "ap/catalogue.inc"
#undef AP_ACT
};

struct Alias {
  Act act;
  const char* name;
};

constexpr Alias kAliases[] = {
#define AP_ALIAS(id, name) {Act::id, name},
#include "ap/catalogue.inc"
#undef AP_ALIAS
};

// Rows of one activation are contiguous (they follow its AP_ACT row).
constexpr ParamSpec kParams[] = {
#define AP_PARAM(id, param, def, lo, hi, learnable, differentiable) \
  {Act::id, Param::param, def, lo, hi, learnable, differentiable},
#include "ap/catalogue.inc"
#undef AP_PARAM
};

struct Tex {
  Act act;
  const char* f;
  const char* df;
};

constexpr Tex kTex[] = {
#define AP_TEX(id, f, df) {Act::id, f, df},
#include "ap/catalogue.inc"
#undef AP_TEX
};

struct Vector {
  const char* name;
  const char* label;
  const char* f;
  const char* df;
};

constexpr Vector kSoftmax[] = {
#define AP_VECTOR(id, name, label, f, df) {name, label, f, df},
#include "ap/catalogue.inc"
#undef AP_VECTOR
};

constexpr const char* kParamNames[] = {"alpha", "beta", "theta", "threshold", "p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"};

const Tex* find_tex(Act a) {
  for (const Tex& t : kTex)
    if (t.act == a) return &t;
  return nullptr;
}

// SIMD128 builds run the SIMD kernels alone (complete: wasmsimd.cc checks it), so the engine links no
// scalar kernel; other builds run the scalar ones.
detail::Kernels pick(Act a) {
#ifdef __wasm_simd128__
  return detail::simd_kernels(a);
#else
  return detail::scalar_kernels(a);
#endif
}

}  // namespace

// Formula activations (Act >= kActCount) live in cpp/src/formula/registry.cc.
const char* act_name(Act a) {
  if (const auto* d = formula::find(a)) return formula::name(*d);
  return kEntries[static_cast<std::size_t>(a)].name;
}
const char* act_label(Act a) {
  if (const auto* d = formula::find(a)) return formula::label(*d);
  return kEntries[static_cast<std::size_t>(a)].label;
}

std::optional<Act> act_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kActCount; ++i)
    if (name == kEntries[i].name) return static_cast<Act>(i);
  for (const Alias& al : kAliases)
    if (name == al.name) return al.act;
  return formula::from_name(name);
}

const char* act_formula(Act a) {
  if (const auto* d = formula::find(a)) return formula::tex(*d);
  const Tex* t = find_tex(a);
  return t ? t->f : "";
}
const char* act_derivative_formula(Act a) {
  if (const auto* d = formula::find(a)) return formula::derivative_tex(*d);
  const Tex* t = find_tex(a);
  return t ? t->df : "";
}

const char* param_name(Param p) {
  const auto i = static_cast<std::size_t>(p);
  return i < sizeof kParamNames / sizeof kParamNames[0] ? kParamNames[i] : "?";
}

const char* act_param_name(Act a, Param p) {
  const auto* d = formula::find(a);
  const char* n = d ? formula::param_name(*d, p) : nullptr;
  return n ? n : param_name(p);
}

std::optional<Param> param_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kParamCount; ++i)
    if (name == kParamNames[i]) return static_cast<Param>(i);
  return std::nullopt;
}

float get_param(const ActParams& p, Param which) {
  switch (which) {
    case Param::alpha: return p.alpha;
    case Param::beta: return p.beta;
    case Param::theta: return p.theta;
    case Param::threshold: return p.threshold;
    default: {
      const std::size_t i = static_cast<std::size_t>(which) - kParamCount;
      return i < 8 ? p.formula[i] : 0.0f;
    }
  }
}

void set_param(ActParams& p, Param which, float value) {
  switch (which) {
    case Param::alpha: p.alpha = value; break;
    case Param::beta: p.beta = value; break;
    case Param::theta: p.theta = value; break;
    case Param::threshold: p.threshold = value; break;
    default: {
      const std::size_t i = static_cast<std::size_t>(which) - kParamCount;
      if (i < 8) p.formula[i] = value;
    }
  }
}

ParamList act_params(Act a) {
  if (const auto* d = formula::find(a)) return formula::params(*d);
  ParamList list;
  for (const ParamSpec& s : kParams) {
    if (s.act != a) continue;
    if (!list.first) list.first = &s;
    ++list.count;
  }
  return list;
}

const ParamSpec* find_param(Act a, Param which) {
  for (const ParamSpec& s : act_params(a))
    if (s.param == which) return &s;
  return nullptr;
}

ActParams default_params(Act a) {
  ActParams p;
  for (const ParamSpec& s : act_params(a)) set_param(p, s.param, s.default_value);
  return p;
}

Status validate_params(Act a, const ActParams& p) {
  for (const ParamSpec& s : act_params(a)) {
    const float v = get_param(p, s.param);
    if (!(v >= s.min && v <= s.max)) {
      // Not iostreams (std::ostringstream alone adds ~100 KB of locale code to the .wasm), nor printf.
      return range_error(std::string(act_param_name(a, s.param)) + " must be in [" + format_decimal(s.min, 'g', 6) +
                         ", " + format_decimal(s.max, 'g', 6) + "], got " + format_decimal(v, 'g', 6));
    }
  }
  return {};
}

void forward(Act a, const ActParams& p, std::size_t n, const float* x, float* y) {
  if (const auto* f = formula::find(a)) return formula::forward(*f, p, n, x, y);
  if (n) pick(a).forward(n, x, y, p);
}

void derivative(Act a, const ActParams& p, std::size_t n, const float* x, float* d) {
  if (const auto* f = formula::find(a)) return formula::derivative(*f, p, n, x, d);
  if (n) pick(a).derivative(n, x, d, p);
}

void forward_derivative(Act a, const ActParams& p, std::size_t n, const float* x, float* y, float* d) {
  if (const auto* f = formula::find(a)) return formula::forward_derivative(*f, p, n, x, y, d);
  if (!n) return;
  const detail::Kernels k = pick(a);
  if (k.both) return k.both(n, x, y, d, p);
  // Two passes; whichever output aliases x is written last.
  if (x == y) {
    k.derivative(n, x, d, p);
    k.forward(n, x, y, p);
  } else {
    k.forward(n, x, y, p);
    k.derivative(n, x, d, p);
  }
}

void backward(Act a, const ActParams& p, std::size_t n, const float* x, const float*,
              const float* dy, float* dx) {
  // Generic path dx = dy * f'(x), in chunks so that it needs no allocation. y = f(x) stays in the
  // signature so that kernels may reuse it.
  constexpr std::size_t kChunk = 256;
  float d[kChunk];
  for (std::size_t i = 0; i < n; i += kChunk) {
    const std::size_t m = n - i < kChunk ? n - i : kChunk;
    derivative(a, p, m, x + i, d);
    for (std::size_t j = 0; j < m; ++j) dx[i + j] = dy[i + j] * d[j];
  }
}

Status param_derivative(Act a, const ActParams& p, Param which, std::size_t n, const float* x,
                        float* out) {
  const ParamSpec* s = find_param(a, which);
  if (!s || !s->differentiable)
    return range_error(std::string(act_name(a)) + " has no derivative with respect to " + act_param_name(a, which));
  if (const auto* f = formula::find(a)) formula::param_derivative(*f, p, which, n, x, out);
  else detail::scalar_param_derivative(a, p, which, n, x, out);
  return {};
}

// ---- softmax ---------------------------------------------------------------------------------

const char* softmax_label() { return kSoftmax[0].label; }
const char* softmax_formula() { return kSoftmax[0].f; }
const char* softmax_derivative_formula() { return kSoftmax[0].df; }

void softmax(std::size_t n, const float* x, float* y) {
  if (n == 0) return;
  float m = -std::numeric_limits<float>::infinity();
  bool nan = false;
  for (std::size_t i = 0; i < n; ++i) {
    nan = nan || std::isnan(x[i]);
    m = std::max(m, x[i]);
  }
  if (nan) {
    std::fill(y, y + n, std::numeric_limits<float>::quiet_NaN());
    return;
  }
  if (std::isinf(m)) {
    // All entries -inf (uniform, the limit of equal entries) or some +inf (they share the mass).
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) k += x[i] == m;
    const float share = static_cast<float>(1.0 / static_cast<double>(k));
    for (std::size_t i = 0; i < n; ++i) y[i] = x[i] == m ? share : 0.0f;
    return;
  }
  // x_i - m is exact in double and <= 0, so exp never overflows and the sum is >= 1.
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += std::exp(static_cast<double>(x[i]) - m);
  for (std::size_t i = 0; i < n; ++i)
    y[i] = static_cast<float>(std::exp(static_cast<double>(x[i]) - m) / sum);
}

void softmax_rows(std::size_t rows, std::size_t cols, const float* x, float* y) {
  for (std::size_t r = 0; r < rows; ++r) softmax(cols, x + r * cols, y + r * cols);
}

void softmax_jvp(std::size_t n, const float* y, const float* v, float* out) {
  double dot = 0.0;
  for (std::size_t i = 0; i < n; ++i) dot += static_cast<double>(y[i]) * v[i];
  for (std::size_t i = 0; i < n; ++i)
    out[i] = static_cast<float>(static_cast<double>(y[i]) * (static_cast<double>(v[i]) - dot));
}

}  // namespace ap
