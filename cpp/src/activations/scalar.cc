// Scalar reference kernels: plain loops, readable maths, accurate over the whole float32 range.
#include <cmath>

#include "activations/kernels.h"

namespace ap::detail {
namespace {

// Stable logistic: never forms exp of a large positive number.
inline float sigmoid1(float x) {
  if (x >= 0.0f) return 1.0f / (1.0f + std::exp(-x));
  const float e = std::exp(x);
  return e / (1.0f + e);
}

void identity_fwd(std::size_t n, const float* x, float* y, const ActParams&) {
  for (std::size_t i = 0; i < n; ++i) y[i] = x[i];
}
void identity_der(std::size_t n, const float*, float* d, const ActParams&) {
  for (std::size_t i = 0; i < n; ++i) d[i] = 1.0f;
}

void relu_fwd(std::size_t n, const float* x, float* y, const ActParams&) {
  for (std::size_t i = 0; i < n; ++i) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}
void relu_der(std::size_t n, const float* x, float* d, const ActParams&) {
  for (std::size_t i = 0; i < n; ++i) d[i] = x[i] > 0.0f ? 1.0f : 0.0f;
}

void sigmoid_fwd(std::size_t n, const float* x, float* y, const ActParams&) {
  for (std::size_t i = 0; i < n; ++i) y[i] = sigmoid1(x[i]);
}
// s'(x) = s(x) s(-x): both factors are accurate, unlike s(1 - s), which cancels in the right tail.
void sigmoid_der(std::size_t n, const float* x, float* d, const ActParams&) {
  for (std::size_t i = 0; i < n; ++i) d[i] = sigmoid1(x[i]) * sigmoid1(-x[i]);
}

}  // namespace

Kernels scalar_kernels(Act a) {
  switch (a) {
#define AP_ACT(id, name, label) \
  case Act::id:                 \
    return {id##_fwd, id##_der};
#include "ap/catalogue.inc"
#undef AP_ACT
  }
  return {};
}

}  // namespace ap::detail
