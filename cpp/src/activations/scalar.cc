// Scalar reference kernels and the dispatch over the catalogue.
#include <cmath>
#include <string_view>

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

// Stable logistic: never forms exp of a large positive number.
inline float sigmoid1(float x) {
  if (x >= 0.0f) return 1.0f / (1.0f + std::exp(-x));
  const float e = std::exp(x);
  return e / (1.0f + e);
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

void forward(Act a, const ActParams&, std::size_t n, const float* x, float* y) {
  switch (a) {
    case Act::identity:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i];
      break;
    case Act::relu:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
      break;
    case Act::sigmoid:
      for (std::size_t i = 0; i < n; ++i) y[i] = sigmoid1(x[i]);
      break;
  }
}

void derivative(Act a, const ActParams&, std::size_t n, const float* x, float* d) {
  switch (a) {
    case Act::identity:
      for (std::size_t i = 0; i < n; ++i) d[i] = 1.0f;
      break;
    case Act::relu:
      for (std::size_t i = 0; i < n; ++i) d[i] = x[i] > 0.0f ? 1.0f : 0.0f;
      break;
    case Act::sigmoid:
      // s'(x) = s(x) s(-x): both factors are accurate, unlike s(1 - s) in the tails.
      for (std::size_t i = 0; i < n; ++i) d[i] = sigmoid1(x[i]) * sigmoid1(-x[i]);
      break;
  }
}

void backward(Act a, const ActParams& p, std::size_t n, const float* x, const float*,
              const float* dy, float* dx) {
  for (std::size_t i = 0; i < n; ++i) {
    float d;
    derivative(a, p, 1, x + i, &d);
    dx[i] = dy[i] * d;
  }
}

}  // namespace ap
