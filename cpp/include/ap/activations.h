// Public interface of the activation catalogue: names, parameters and batched kernels.
// Knows nothing of SIMD types or Emscripten.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ap {

/// One enumerator per line of catalogue.inc.
enum class Act : std::uint8_t {
#define AP_ACT(id, name, label) id,
#include "ap/catalogue.inc"
#undef AP_ACT
};

/// Number of activations in the catalogue.
inline constexpr std::size_t kActCount = 0
#define AP_ACT(id, name, label) +1
#include "ap/catalogue.inc"
#undef AP_ACT
    ;

/// Tunable parameters shared by the catalogue (each activation reads only its own).
struct ActParams {
  float alpha = 0.0f;
  float beta = 1.0f;
  float theta = 1.0f;
  float threshold = 20.0f;
};

/// Snake-case name ("leaky_relu") and display label ("Leaky ReLU").
const char* act_name(Act a);
const char* act_label(Act a);
/// Looks an activation up by name (aliases included); nullopt if unknown.
std::optional<Act> act_from_name(std::string_view name);
/// The default parameters of an activation.
ActParams default_params(Act a);

/// y[i] = f(x[i]). n == 0 is a no-op; x == y (in place) is allowed.
void forward(Act a, const ActParams& p, std::size_t n, const float* x, float* y);
/// d[i] = f'(x[i]). x == d is allowed.
void derivative(Act a, const ActParams& p, std::size_t n, const float* x, float* d);
/// dx[i] = dy[i] * f'(x[i]), given y = f(x) so kernels may reuse it. dx may alias dy.
void backward(Act a, const ActParams& p, std::size_t n, const float* x, const float* y,
              const float* dy, float* dx);

}  // namespace ap
