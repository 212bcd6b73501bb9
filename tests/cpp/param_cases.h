// The parameter settings the activation tests run over: every activation at its defaults, and each
// parameter also at its min, its max, the middle, and (with_zero) 0 where its range holds 0 inside.
#pragma once
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "ap/activations.h"

namespace ap::test {

/// One activation with one parameter setting; label e.g. "elu_alpha_max".
struct Case {
  Act act;
  ActParams params;
  std::string label;
};
inline void PrintTo(const Case& c, std::ostream* os) { *os << c.label; }

inline std::vector<Case> param_cases(bool with_zero) {
  std::vector<Case> cases;
  for (std::size_t i = 0; i < kActCount; ++i) {
    const Act a = static_cast<Act>(i);
    cases.push_back({a, default_params(a), act_name(a)});
    for (const ParamSpec& s : act_params(a)) {
      std::vector<std::pair<float, const char*>> values = {{s.min, "min"}, {s.max, "max"}, {0.5f * (s.min + s.max), "mid"}};
      if (with_zero && s.min < 0 && s.max > 0 && s.min + s.max != 0) values.push_back({0.0f, "0"});
      for (const auto& [v, tag] : values) {
        ActParams p = default_params(a);
        set_param(p, s.param, v);
        cases.push_back({a, p, std::string(act_name(a)) + "_" + param_name(s.param) + "_" + tag});
      }
    }
  }
  return cases;
}

}  // namespace ap::test
