// Compiling an expression graph to a register program (see program.h). Runs once per definition, so it
// is compiled for size (-Oz) apart from the evaluator (program.cc, -O3).
#include "formula/program.h"

namespace ap::formula {

Program::Program(const Graph& g, const std::vector<Graph::Id>& roots) {
  if (roots.empty() || roots.size() > kMaxOutputs) __builtin_trap();  // the registry builds 1 or 2
  const std::size_t n = g.size();
  std::vector<char> live(n, 0);
  for (const Graph::Id r : roots) live[static_cast<std::size_t>(r)] = 1;
  for (std::size_t i = n; i-- > 0;) {  // parents come after children: one backward sweep marks all
    if (!live[i]) continue;
    for (const Graph::Id k : {g[static_cast<Graph::Id>(i)].a, g[static_cast<Graph::Id>(i)].b, g[static_cast<Graph::Id>(i)].c})
      if (k >= 0) live[static_cast<std::size_t>(k)] = 1;
  }
  // Last reader of each node; roots are read at the end.
  std::vector<std::size_t> last(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!live[i]) continue;
    const Node& nd = g[static_cast<Graph::Id>(i)];
    for (const Graph::Id k : {nd.a, nd.b, nd.c})
      if (k >= 0) last[static_cast<std::size_t>(k)] = i;
  }
  for (const Graph::Id r : roots) last[static_cast<std::size_t>(r)] = n;

  // sigmoid(b) with sigmoid(-b), and tanh(b) with tanh_d(b) (what their derivatives bring in): one
  // kernel computes both from one exponential, where the first of the two stands; `arg` is b.
  std::vector<Graph::Id> mate(n, -1), arg(n, -1);
  const auto id = [](std::size_t i) { return static_cast<Graph::Id>(i); };
  for (std::size_t i = 0; i < n; ++i) {
    const Op oi = g[id(i)].op;
    if (!live[i] || mate[i] >= 0 || (oi != Op::sigmoid && oi != Op::tanh && oi != Op::tanh_d)) continue;
    for (std::size_t j = i + 1; j < n; ++j) {
      if (!live[j] || mate[j] >= 0) continue;
      const Node &x = g[id(i)], &y = g[id(j)];
      Graph::Id b = -1;
      if (x.op == Op::sigmoid && y.op == Op::sigmoid) {
        if (g[y.a].op == Op::neg && g[y.a].a == x.a) b = x.a;
        if (g[x.a].op == Op::neg && g[x.a].a == y.a) b = y.a;
      } else if (((x.op == Op::tanh && y.op == Op::tanh_d) || (x.op == Op::tanh_d && y.op == Op::tanh)) && x.a == y.a) {
        b = x.a;
      }
      if (b < 0) continue;
      mate[i] = id(j), mate[j] = id(i), arg[i] = arg[j] = b;
      std::size_t& lb = last[static_cast<std::size_t>(b)];
      lb = lb > i ? lb : i;  // b is read where the pair is computed
      break;
    }
  }

  std::vector<std::uint16_t> reg_of(n, 0), free_regs;
  std::vector<char> pinned(n, 0);  // x, constants, parameters: filled per block, never reused
  const auto fresh = [&]() -> std::uint16_t {
    if (!free_regs.empty()) {
      const std::uint16_t r = free_regs.back();
      free_regs.pop_back();
      return r;
    }
    if (regs_ >= 0xffff) __builtin_trap();  // a register per node at most, and kFormulaMaxNodes is far below
    return static_cast<std::uint16_t>(regs_++);
  };
  // Constants and parameters are written at the start of each block, so they get registers of their
  // own before any instruction's.
  for (std::size_t i = 0; i < n; ++i) {
    const Node& nd = g[static_cast<Graph::Id>(i)];
    if (!live[i] || (nd.op != Op::x && nd.op != Op::konst && nd.op != Op::param)) continue;
    pinned[i] = 1;
    if (nd.op == Op::x) continue;  // register 0
    reg_of[i] = fresh();
    if (nd.op == Op::konst) consts_.push_back({reg_of[i], nd.value});
    else params_.push_back({reg_of[i], nd.aux});
  }
  const auto free_operands = [&](std::size_t i) {
    // Operands read for the last time free their registers first: every instruction reads lane i of
    // its operands before it writes lane i, so the result may take an operand's register.
    const Node& nd = g[id(i)];
    for (const Graph::Id k : {nd.a, nd.b, nd.c, arg[i]}) {
      if (k < 0) continue;
      const auto ku = static_cast<std::size_t>(k);
      if (!pinned[ku] && last[ku] == i) {
        bool listed = false;
        for (const std::uint16_t f : free_regs) listed = listed || f == reg_of[ku];
        if (!listed) free_regs.push_back(reg_of[ku]);
      }
    }
  };
  std::vector<char> done(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!live[i] || pinned[i]) continue;
    const Node& nd = g[static_cast<Graph::Id>(i)];
    if (mate[i] >= 0) {
      free_operands(i);
      if (done[i]) continue;  // computed with its mate
      const auto j = static_cast<std::size_t>(mate[i]);
      // The kernel's first output is sigmoid(b) (or tanh(b)), its second sigmoid(-b) (or tanh'(b)).
      const bool first_is_primary = nd.op == Op::tanh || (nd.op == Op::sigmoid && nd.a == arg[i]);
      const std::size_t p = first_is_primary ? i : j, q = first_is_primary ? j : i;
      Instr in{g[id(p)].op, 0, reg_of[static_cast<std::size_t>(arg[i])], 0, 0, 0, 0};
      in.dst = reg_of[p] = fresh();
      in.dst2 = reg_of[q] = fresh();
      done[j] = 1;
      code_.push_back(in);
      continue;
    }
    Instr in{nd.op, 0, 0, 0, 0, nd.aux, nd.which};
    const auto src = [&](Graph::Id k) -> std::uint16_t { return k >= 0 ? reg_of[static_cast<std::size_t>(k)] : 0; };
    in.a = src(nd.a);
    in.b = src(nd.b);
    in.c = src(nd.c);
    if (nd.op == Op::pow && g.is_value(nd.b, 2)) {  // a^2 = a a, exactly rounded
      in.op = Op::mul;
      in.b = in.a;
    }
    free_operands(i);
    in.dst = reg_of[i] = fresh();
    code_.push_back(in);
  }
  for (const Graph::Id r : roots) outs_.push_back(reg_of[static_cast<std::size_t>(r)]);
  scratch_.assign(regs_ * kBlock, 0.0);
}

}  // namespace ap::formula
