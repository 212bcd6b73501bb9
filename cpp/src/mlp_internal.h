// What the MLP's source files share: check_finite and the block sizes. Not a public header.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "ap/activations.h"
#include "ap/decimal.h"
#include "mlp_kernels.h"

// A function that runs once per call in a source built for speed (the WASM build's -O2 list in
// CMakeLists.txt): compiled for size instead, as the -Oz sources are (README, "Engine size").
#if defined(__clang__)
#define AP_COLD __attribute__((minsize))
#else
#define AP_COLD
#endif

namespace ap::detail {

// Inference runs in chunks of this many points: the scratch buffers of a 64-unit layer stay in L1/L2.
inline constexpr std::size_t kChunk = 256;
// The catalogue's SIMD kernels work in blocks of this many floats (and copy a partial last block).
inline constexpr std::size_t kBlock = 16;

inline std::string num(double v) { return format_decimal(v, 'g', 9); }

inline Status check_finite(float v, const std::string& what) {
  if (!std::isfinite(v)) return range_error(what + " must be finite, got " + num(v));
  return {};
}

// The parameter of `a` that a network may train (prelu's alpha, swish's beta), from the catalogue.
inline std::optional<Param> learnable_param(Act a) {
  for (const ParamSpec& p : act_params(a))
    if (p.learnable && p.differentiable) return p.param;
  return std::nullopt;
}

/// Sum over n points of the BCE from the logit (see mlp_loss.cc). Target k is y[idx[k]] (y[k] without
/// idx); scratch holds n floats.
double bce_from_logits(const float* z, const float* y, const std::uint32_t* idx, std::size_t n, float* scratch);

/// -log softmax_label(z) for one point whose K logits are z[0], z[ld], ..., z[(K-1) ld] (see mlp_loss.cc).
double softmax_cross_entropy(const float* z, std::size_t ld, std::size_t K, std::size_t label);

}  // namespace ap::detail

namespace ap {
// The MLP's source files (only they include this header) use these unqualified.
using detail::check_finite;
using detail::kBlock;
using detail::kChunk;
using detail::learnable_param;
using detail::num;
using detail::padded;
}  // namespace ap
