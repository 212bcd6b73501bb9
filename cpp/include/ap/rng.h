// The engine's one random number generator: PCG32 (O'Neill 2014, pcg32_random_r), seeded.
// Every random draw of a dataset, of a network's initialisation and of its shuffling goes through
// one of these, so the same seed gives bitwise identical results run to run, and in every
// JavaScript host that runs the same WASM build. Its whole state is two 64-bit words, which
// toJSON/loadNetwork save and restore.
#pragma once
#include <cmath>
#include <cstdint>

namespace ap {

/// PCG32 (XSH-RR output of a 64-bit LCG).
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0, std::uint64_t stream = kDefaultStream) { reseed(seed, stream); }

  /// pcg32_srandom_r(seed, stream); the engine always uses the default stream, so the seed alone
  /// picks the sequence.
  void reseed(std::uint64_t seed, std::uint64_t stream = kDefaultStream) {
    state_ = 0;
    inc_ = (stream << 1u) | 1u;
    next_u32();
    state_ += seed;
    next_u32();
  }

  static constexpr std::uint64_t kDefaultStream = 0xda3e39cb94b95bdbULL;

  /// A uniform 32-bit integer.
  std::uint32_t next_u32() {
    const std::uint64_t old = state_;
    state_ = old * 6364136223846793005ULL + inc_;
    const auto xorshifted = static_cast<std::uint32_t>(((old >> 18u) ^ old) >> 27u);
    const auto rot = static_cast<std::uint32_t>(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((0u - rot) & 31u));
  }

  /// Uniform in [0, 1) with 53 random bits (two draws).
  double uniform() {
    const std::uint64_t a = next_u32() >> 5u;  // 27 bits
    const std::uint64_t b = next_u32() >> 6u;  // 26 bits
    return (static_cast<double>(a) * 67108864.0 + static_cast<double>(b)) * (1.0 / 9007199254740992.0);
  }

  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// Standard normal by Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
  double normal() {
    const double u1 = 1.0 - uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  /// Uniform integer in [0, n), n > 0, without modulo bias (Lemire's method with rejection).
  std::uint32_t below(std::uint32_t n) {
    std::uint64_t m = static_cast<std::uint64_t>(next_u32()) * n;
    auto low = static_cast<std::uint32_t>(m);
    if (low < n) {
      const std::uint32_t threshold = (0u - n) % n;
      while (low < threshold) {
        m = static_cast<std::uint64_t>(next_u32()) * n;
        low = static_cast<std::uint32_t>(m);
      }
    }
    return static_cast<std::uint32_t>(m >> 32u);
  }

  /// The whole state, for saving and restoring.
  std::uint64_t state() const { return state_; }
  std::uint64_t increment() const { return inc_; }
  /// Restores a saved state; the increment of a PCG stream is always odd.
  bool restore(std::uint64_t state, std::uint64_t increment) {
    if ((increment & 1u) == 0) return false;
    state_ = state;
    inc_ = increment;
    return true;
  }

 private:
  std::uint64_t state_ = 0;
  std::uint64_t inc_ = 1;
};

}  // namespace ap
