// Public interface of the activation catalogue: names, parameters, formulas and batched kernels.
// The rows come from catalogue.inc. Knows nothing of SIMD types or Emscripten.
//
// Accuracy (scalar kernels, the native build): f, f' and df/dparam within 2 ULP of the exact value
// over the whole float32 range where that value is a normal float, within 2^-126 where it is
// subnormal; the limit at +-inf; NaN in gives NaN out and nothing else does (tests/cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "ap/status.h"

namespace ap {

/// One enumerator per AP_ACT row of catalogue.inc (element-wise activations). Values from kActCount
/// on are formula activations made by define_activation() (ap/formula.h); every function below
/// takes them too.
enum class Act : std::uint16_t {
#define AP_ACT(id, name, label) id,
#include "ap/catalogue.inc"
#undef AP_ACT
};

/// Number of element-wise activations in the catalogue.
inline constexpr std::size_t kActCount = 0
#define AP_ACT(id, name, label) +1
#include "ap/catalogue.inc"
#undef AP_ACT
    ;

/// Tunable parameters shared by the catalogue (each activation reads only its own; see act_params()).
struct ActParams {
  float alpha = 0.0f;
  float beta = 1.0f;
  float theta = 1.0f;
  float threshold = 20.0f;
  /// A formula activation's parameters, in declaration order (Param::formula0 + i).
  float formula[8] = {};
};

/// Names the fields of ActParams: the catalogue's four, then the formula slots.
enum class Param : std::uint8_t { alpha, beta, theta, threshold, formula0 };
/// The catalogue's parameters (alpha ... threshold).
inline constexpr std::size_t kParamCount = 4;
/// Formula parameter i (0 <= i < 8).
inline constexpr Param formula_param(std::size_t i) { return static_cast<Param>(kParamCount + i); }

/// One parameter of one activation, from an AP_PARAM row.
struct ParamSpec {
  Act act;
  Param param;
  float default_value;
  float min;  ///< closed range a user may set (training may move a learnable one outside it)
  float max;
  bool learnable;       ///< a network may train it (prelu alpha, swish beta)
  bool differentiable;  ///< param_derivative() supports it
};

/// The parameters of one activation (possibly none), in catalogue order.
struct ParamList {
  const ParamSpec* first = nullptr;
  std::size_t count = 0;
  const ParamSpec* begin() const { return first; }
  const ParamSpec* end() const { return first + count; }
  std::size_t size() const { return count; }
};

/// Snake-case name ("leaky_relu") and display label ("Leaky ReLU").
const char* act_name(Act a);
const char* act_label(Act a);
/// Looks an activation up by name (aliases included); nullopt if unknown.
std::optional<Act> act_from_name(std::string_view name);
/// TeX of f(x) and of f'(x).
const char* act_formula(Act a);
const char* act_derivative_formula(Act a);

/// "alpha", "beta", "theta", "threshold" and back ("p0".."p7" for the formula slots).
const char* param_name(Param p);
/// The name activation `a` gives parameter `p`: param_name(p), or a formula's declared name.
const char* act_param_name(Act a, Param p);
std::optional<Param> param_from_name(std::string_view name);
/// Reads / writes one field of ActParams.
float get_param(const ActParams& p, Param which);
void set_param(ActParams& p, Param which, float value);

/// The parameters an activation reads, with defaults, ranges and flags.
ParamList act_params(Act a);
/// The spec of parameter `which` of `a`, or nullptr if `a` has no such parameter.
const ParamSpec* find_param(Act a, Param which);
/// The default parameters of an activation (fields it does not read keep ActParams' defaults).
ActParams default_params(Act a);
/// Fails ("alpha must be in [0, 10], got 50": the parameter, not the activation, is named) if a
/// parameter that `a` reads is NaN or outside its range.
Status validate_params(Act a, const ActParams& p);

/// y[i] = f(x[i]). n == 0 is a no-op; x == y (in place) is allowed.
void forward(Act a, const ActParams& p, std::size_t n, const float* x, float* y);
/// d[i] = f'(x[i]). x == d is allowed.
void derivative(Act a, const ActParams& p, std::size_t n, const float* x, float* d);
/// y[i] = f(x[i]) and d[i] = f'(x[i]) in one pass: bit for bit forward() and derivative(), cheaper
/// where f and f' share work (sigmoid, tanh, elu, swish, ... share an exponential). x may alias y or
/// d; y and d must not overlap.
void forward_derivative(Act a, const ActParams& p, std::size_t n, const float* x, float* y, float* d);
/// dx[i] = dy[i] * f'(x[i]), given y = f(x) so kernels may reuse it. dx may alias dy.
void backward(Act a, const ActParams& p, std::size_t n, const float* x, const float* y,
              const float* dy, float* dx);
/// out[i] = df/d(which) at x[i] (e.g. d/dalpha of leaky_relu is min(x, 0)). x == out is allowed.
/// Fails, writing nothing, if `which` is not a differentiable parameter of `a`.
Status param_derivative(Act a, const ActParams& p, Param which, std::size_t n, const float* x,
                      float* out);

// ---- softmax: a vector operation, y_i = e^{x_i} / sum_j e^{x_j} ----------------------------------
// Jacobian J = diag(y) - y y^T (symmetric), so the JVP and the VJP are the same map:
//   (J v)_i = y_i (v_i - <y, v>).
// Stable for any entries: the maximum is subtracted first and sums run in double. +inf entries share
// the mass equally; a vector of only -inf entries gives the uniform vector (the limit of equal
// entries); any NaN gives all NaN.

/// Label and TeX of softmax (its AP_VECTOR row).
const char* softmax_label();
const char* softmax_formula();
const char* softmax_derivative_formula();
/// y = softmax(x) over n entries. n == 0 is a no-op; x == y is allowed.
void softmax(std::size_t n, const float* x, float* y);
/// softmax of each row of a row-major rows x cols matrix. x == y is allowed.
void softmax_rows(std::size_t rows, std::size_t cols, const float* x, float* y);
/// out = J v with J the Jacobian at y = softmax(x) (also the VJP: J is symmetric).
/// out may alias v (not y).
void softmax_jvp(std::size_t n, const float* y, const float* v, float* out);
/// dx = J^T dy (= J dy). dx may alias dy (not y).
inline void softmax_backward(std::size_t n, const float* y, const float* dy, float* dx) {
  softmax_jvp(n, y, dy, dx);
}

}  // namespace ap
