// Exhaustive accuracy sweep of the SHIPPED kernels (ap::forward / ap::derivative, i.e. the SIMD128
// path of the WASM build) over all 2^32 float32 bit patterns, f and f' of every activation, against
// the double-precision reference in tests/cpp/reference_f64.h. Reports the maximum ULP error (and
// where), the count of results above 4 ULP, and non-finite outputs for finite inputs whose exact
// value is finite. Not part of CI (minutes per activation). Build and run:
//   bash scripts/build.sh wasm-sweep
//   node build/wasm/ap_sweep.cjs [--act NAME]... [--stride K] [--fwd | --der]
// --stride K visits every K-th bit pattern (K odd gives a spread sample) for a quick look.
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "ap/activations.h"
#include "reference_f64.h"

namespace {

struct Result {
  double max_ulp = 0;
  float worst_x = 0;
  std::uint64_t over4 = 0, nonfinite = 0, checked = 0;
  float first_nonfinite_x = 0;
};

Result sweep(ap::Act a, bool deriv, std::uint64_t stride) {
  const ap::ActParams p = ap::default_params(a);
  const ap::ref::RefPair* pair = ap::ref::lookup(ap::act_name(a));
  const ap::ref::RefFn ref_fn = deriv ? pair->df : pair->f;
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<float> x(kChunk), y(kChunk);
  Result r;
  std::uint64_t bits = 0;
  while (bits < (1ull << 32)) {
    std::size_t n = 0;
    for (; n < kChunk && bits < (1ull << 32); bits += stride, ++n) {
      const std::uint32_t b = static_cast<std::uint32_t>(bits);
      std::memcpy(&x[n], &b, 4);
    }
    if (deriv)
      ap::derivative(a, p, n, x.data(), y.data());
    else
      ap::forward(a, p, n, x.data(), y.data());
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isnan(x[i])) {
        if (!std::isnan(y[i])) ++r.over4;
        continue;
      }
      const double ref = ref_fn(x[i], p);
      ++r.checked;
      if (!std::isfinite(y[i]) && std::isfinite(x[i]) && std::fabs(ref) < FLT_MAX) {
        if (!r.nonfinite) r.first_nonfinite_x = x[i];
        ++r.nonfinite;
      }
      const double e = ap::ref::ulp_error(y[i], ref);
      if (e > 4.0) ++r.over4;
      if (e > r.max_ulp) r.max_ulp = e, r.worst_x = x[i];
    }
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> only;
  std::uint64_t stride = 1;
  bool fwd = true, der = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--act" && i + 1 < argc) only.push_back(argv[++i]);
    else if (a == "--stride" && i + 1 < argc) stride = std::stoull(argv[++i]);
    else if (a == "--fwd") der = false;
    else if (a == "--der") fwd = false;
    else {
      std::fprintf(stderr, "usage: ap_sweep [--act NAME]... [--stride K] [--fwd | --der]\n");
      return 2;
    }
  }
  if (stride == 0) stride = 1;
  std::printf("| activation | f: max ULP | at x | f': max ULP | at x | > 4 ULP | non-finite | seconds |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  std::fflush(stdout);
  int bad = 0;
  for (std::size_t i = 0; i < ap::kActCount; ++i) {
    const ap::Act a = static_cast<ap::Act>(i);
    const char* name = ap::act_name(a);
    if (!only.empty()) {
      bool hit = false;
      for (const auto& o : only) hit |= o == name;
      if (!hit) continue;
    }
    if (!ap::ref::lookup(name)) {
      std::printf("| %s | (no reference) | | | | | | |\n", name);
      continue;
    }
    const auto t0 = std::chrono::steady_clock::now();
    Result f, d;
    if (fwd) f = sweep(a, false, stride);
    if (der) d = sweep(a, true, stride);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("| %s | %s | %.9g | %s | %.9g | %" PRIu64 " | %" PRIu64 " | %.0f |\n", name,
                fwd ? std::to_string(f.max_ulp).c_str() : "-", f.worst_x,
                der ? std::to_string(d.max_ulp).c_str() : "-", d.worst_x, f.over4 + d.over4,
                f.nonfinite + d.nonfinite, secs);
    std::fflush(stdout);
    bad += (f.over4 + d.over4 + f.nonfinite + d.nonfinite) > 0;
  }
  return bad ? 1 : 0;
}
