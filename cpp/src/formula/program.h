// A compiled formula: the nodes that some outputs need, in topological order, as a register program
// (one instruction per node; registers reused once their last reader has run). run() evaluates it
// over blocks of kBlock points: each instruction is one loop over the block in f64x2 lanes (exp,
// log, sigmoid, tanh, ... vectorised in vmath.h; sin, erf, pow and catalogue calls per lane in
// double), so a formula costs one dispatch per instruction per block, not per element. Outputs round
// once to float32.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "formula/expr.h"

namespace ap::formula {

class Program {
 public:
  static constexpr std::size_t kBlock = 256;
  static constexpr std::size_t kLanes = 8;  ///< kernels step 8 doubles at a time; blocks are padded to it
  static constexpr std::size_t kMaxOutputs = 2;

  Program() = default;
  /// Compiles the nodes `roots` (at most kMaxOutputs) need.
  Program(const Graph& g, const std::vector<Graph::Id>& roots);

  std::size_t outputs() const { return outs_.size(); }
  std::size_t instructions() const { return code_.size(); }

  /// outs[k][i] = root k at x[i] (rounded to float), with parameter values `params` (Graph::param i
  /// reads params[i]). NaN in gives NaN out; at +-inf, a NaN result is replaced by the value at
  /// +-DBL_MAX (the limit, where there is one). x may alias any output; outputs must not overlap.
  void run(std::size_t n, const float* x, float* const* outs, const float* params) const;
  /// Root k at one point in double (the same instructions and the same rule at +-inf; no rounding).
  double eval(double x, const float* params, std::size_t k = 0) const;

 private:
  static constexpr std::uint16_t kNoReg = 0xffff;
  struct Instr {
    Op op;
    std::uint16_t dst, a, b, c;
    std::int32_t aux, which;
    std::uint16_t dst2 = kNoReg;  ///< sigmoid / tanh fused with its mate (see the constructor)
  };
  void block(std::size_t m, const float* params) const;  // registers: x in reg 0 (m lanes, a multiple of kLanes)
  double* reg(std::uint16_t r) const { return scratch_.data() + r * kBlock; }

  std::vector<Instr> code_;
  std::vector<std::pair<std::uint16_t, double>> consts_;
  std::vector<std::pair<std::uint16_t, int>> params_;
  std::vector<std::uint16_t> outs_;
  std::size_t regs_ = 1;
  mutable std::vector<double> scratch_;  // regs_ * kBlock; single-threaded like the engine
};

}  // namespace ap::formula
