// Internal kernel tables: one scalar reference set and (in the WASM build) one SIMD128 set.
// activations.cc dispatches to the SIMD entry when there is one, else to the scalar one.
#pragma once
#include <cstddef>

#include "ap/activations.h"

namespace ap::detail {

/// y[i] = f(x[i]) for i < n. n == 0 is a no-op; x == y is allowed.
using ForwardKernel = void (*)(std::size_t n, const float* x, float* y, const ActParams& p);
/// d[i] = f'(x[i]) for i < n. x == d is allowed.
using DerivativeKernel = void (*)(std::size_t n, const float* x, float* d, const ActParams& p);

/// y[i] = f(x[i]) and d[i] = f'(x[i]) in one pass, bit for bit what the two kernels above give
/// (shared work, such as an exponential, is done once). x may alias y or d; y and d must not overlap.
using BothKernel = void (*)(std::size_t n, const float* x, float* y, float* d, const ActParams& p);

struct Kernels {
  ForwardKernel forward = nullptr;
  DerivativeKernel derivative = nullptr;
  BothKernel both = nullptr;  ///< optional: forward_derivative() falls back to the two above
};

/// The scalar reference kernels (always complete).
Kernels scalar_kernels(Act a);
/// The SIMD128 kernels: complete for every catalogue activation in a SIMD128 build (wasmsimd.cc checks
/// it at compile time; `both` may be nullptr), all nullptr without SIMD.
Kernels simd_kernels(Act a);

/// out[i] = df/d(which) at x[i], scalar reference (param_derivative() checks `which` first).
void scalar_param_derivative(Act a, const ActParams& p, Param which, std::size_t n, const float* x,
                             float* out);

/// One point in double, for the analysis of properties (analysis.cc). NaN in gives NaN out.
double eval_f(Act a, const ActParams& p, double x);
double eval_df(Act a, const ActParams& p, double x);
/// df/d(which) at one point in double (0 where the catalogue has no derivative in `which`).
double eval_dparam(Act a, const ActParams& p, Param which, double x);

}  // namespace ap::detail
