// Eigen, as the MLP's source files use it: views of the network's flat float buffers (parameters,
// gradients, optimizer moments, unit-major blocks) as Eigen arrays and matrices. Not a public header.
//
// Eigen 3.4 has no WebAssembly SIMD backend, so in the WASM build its packets are scalar (clang's
// auto-vectoriser still widens its simple coefficient loops); the dense layers' products keep the
// register tiles of mlp_kernels.h, measured against Eigen in bench/dense (see mlp.cc, forward()).
// No I/O (no iostream in the engine), no run-time assertions; an allocation failure ends in operator
// new (Eigen calls it when its malloc fails), which the WASM engine's bindings replace (memory.cc).
#pragma once
#ifndef EIGEN_NO_IO
#define EIGEN_NO_IO
#endif
#ifndef EIGEN_NO_DEBUG
#define EIGEN_NO_DEBUG
#endif
#define EIGEN_MPL2_ONLY
#define EIGEN_DONT_PARALLELIZE
#include <Eigen/Core>

#include <cstddef>

namespace ap::detail {

using ArrayMap = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXf>;
using RowMatrixXf = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixXd = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixMap = Eigen::Map<RowMatrixXf>;
using ConstMatrixMap = Eigen::Map<const RowMatrixXf>;

/// n floats from p as an array expression (no copy).
inline ArrayMap array(float* p, std::size_t n) { return ArrayMap(p, static_cast<Eigen::Index>(n)); }
inline ConstArrayMap array(const float* p, std::size_t n) { return ConstArrayMap(p, static_cast<Eigen::Index>(n)); }

/// rows x cols floats from p, row-major (a layer's W, or a unit-major block with cols = ld).
inline MatrixMap matrix(float* p, std::size_t rows, std::size_t cols) {
  return MatrixMap(p, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
}
inline ConstMatrixMap matrix(const float* p, std::size_t rows, std::size_t cols) {
  return ConstMatrixMap(p, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
}

}  // namespace ap::detail
