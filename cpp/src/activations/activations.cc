// The catalogue's tables (names, labels) and the dispatch of the batched entry points.
#include <string_view>

#include "activations/kernels.h"
#include "ap/activations.h"

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

detail::Kernels pick(Act a) {
  detail::Kernels k = detail::scalar_kernels(a);
  const detail::Kernels s = detail::simd_kernels(a);
  if (s.forward) k.forward = s.forward;
  if (s.derivative) k.derivative = s.derivative;
  return k;
}

}  // namespace

const char* act_name(Act a) { return kEntries[static_cast<std::size_t>(a)].name; }
const char* act_label(Act a) { return kEntries[static_cast<std::size_t>(a)].label; }

std::optional<Act> act_from_name(std::string_view name) {
  if (name == "linear") return Act::identity;
  for (std::size_t i = 0; i < kActCount; ++i)
    if (name == kEntries[i].name) return static_cast<Act>(i);
  return std::nullopt;
}

ActParams default_params(Act) { return ActParams{}; }

void forward(Act a, const ActParams& p, std::size_t n, const float* x, float* y) {
  if (n) pick(a).forward(n, x, y, p);
}

void derivative(Act a, const ActParams& p, std::size_t n, const float* x, float* d) {
  if (n) pick(a).derivative(n, x, d, p);
}

void backward(Act a, const ActParams& p, std::size_t n, const float* x, const float*,
              const float* dy, float* dx) {
  // Generic path dx = dy * f'(x), in chunks so that it needs no allocation. y = f(x) stays in the
  // signature so that kernels may reuse it.
  const detail::DerivativeKernel der = pick(a).derivative;
  constexpr std::size_t kChunk = 256;
  float d[kChunk];
  for (std::size_t i = 0; i < n; i += kChunk) {
    const std::size_t m = n - i < kChunk ? n - i : kChunk;
    der(m, x + i, d, p);
    for (std::size_t j = 0; j < m; ++j) dx[i + j] = dy[i + j] * d[j];
  }
}

}  // namespace ap
