// Formula activations (engine.defineActivation) in the three export formats, from the simplified
// expression tree the engine hands out (ActivationInfo.expression): ONNX elementwise operators, a
// PyTorch module class with the formula's parameters, a JavaScript expression.
import type { ActivationInfo } from '../activations.js';
import type { FormulaExpression } from '../formula.js';
import { type ActivationMapping, ACTIVATIONS, type OnnxEmit, py } from './activations.js';

type Expr = FormulaExpression;

/** One operation in each language: ONNX (operands already emitted), Python, JavaScript. */
interface Op {
  onnx(e: OnnxEmit, a: string[]): string;
  py(a: string[]): string;
  js(a: string[]): string;
}
const unary = (onnx: string, torch: string, js: string): Op => ({
  onnx: (e, [a]) => e.op(onnx, [a]), py: ([a]) => `${torch}(${a})`, js: ([a]) => `${js}(${a})`,
});
const binary = (onnx: string, sym: string): Op => ({
  onnx: (e, [a, b]) => e.op(onnx, [a, b]), py: ([a, b]) => `(${a} ${sym} ${b})`, js: ([a, b]) => `(${a} ${sym} ${b})`,
});
// Python operands of torch functions that need tensors (a number may stand on either side).
const T = (a: string) => `_t(${a})`;

const OPS: Record<string, Op> = {
  neg: { onnx: (e, [a]) => e.op('Neg', [a]), py: ([a]) => `(-${a})`, js: ([a]) => `(-${a})` },
  add: binary('Add', '+'),
  sub: binary('Sub', '-'),
  mul: binary('Mul', '*'),
  div: binary('Div', '/'),
  pow: { onnx: (e, [a, b]) => e.op('Pow', [a, b]), py: ([a, b]) => `torch.pow(${T(a)}, ${b})`, js: ([a, b]) => `Math.pow(${a}, ${b})` },
  exp: unary('Exp', 'torch.exp', 'Math.exp'),
  expm1: { onnx: (e, [a]) => e.op('Sub', [e.op('Exp', [a]), e.constant(1)]), py: ([a]) => `torch.expm1(${T(a)})`, js: ([a]) => `Math.expm1(${a})` },
  log: unary('Log', 'torch.log', 'Math.log'),
  log1p: { onnx: (e, [a]) => e.op('Log', [e.op('Add', [a, e.constant(1)])]), py: ([a]) => `torch.log1p(${T(a)})`, js: ([a]) => `Math.log1p(${a})` },
  sqrt: unary('Sqrt', 'torch.sqrt', 'Math.sqrt'),
  abs: unary('Abs', 'torch.abs', 'Math.abs'),
  sign: unary('Sign', 'torch.sign', 'Math.sign'),
  sin: unary('Sin', 'torch.sin', 'Math.sin'),
  cos: unary('Cos', 'torch.cos', 'Math.cos'),
  tan: unary('Tan', 'torch.tan', 'Math.tan'),
  tanh: unary('Tanh', 'torch.tanh', 'Math.tanh'),
  sinh: unary('Sinh', 'torch.sinh', 'Math.sinh'),
  cosh: unary('Cosh', 'torch.cosh', 'Math.cosh'),
  erf: unary('Erf', 'torch.erf', 'erf'),
  erfc: { onnx: (e, [a]) => e.op('Sub', [e.constant(1), e.op('Erf', [a])]), py: ([a]) => `torch.erfc(${T(a)})`, js: ([a]) => `(1 - erf(${a}))` },
  sigmoid: unary('Sigmoid', 'torch.sigmoid', 'sigmoid'),
  softplus: unary('Softplus', 'F.softplus', 'log1pexp'),
  min: { onnx: (e, [a, b]) => e.op('Min', [a, b]), py: ([a, b]) => `torch.minimum(${T(a)}, ${T(b)})`, js: ([a, b]) => `Math.min(${a}, ${b})` },
  max: { onnx: (e, [a, b]) => e.op('Max', [a, b]), py: ([a, b]) => `torch.maximum(${T(a)}, ${T(b)})`, js: ([a, b]) => `Math.max(${a}, ${b})` },
  where: { onnx: (e, [c, a, b]) => e.op('Where', [c, a, b]), py: ([c, a, b]) => `torch.where(${c}, ${T(a)}, ${T(b)})`, js: ([c, a, b]) => `(${c} ? ${a} : ${b})` },
  lt: binary('Less', '<'),
  le: binary('LessOrEqual', '<='),
  gt: binary('Greater', '>'),
  ge: binary('GreaterOrEqual', '>='),
  eq: { onnx: (e, [a, b]) => e.op('Equal', [a, b]), py: ([a, b]) => `(${a} == ${b})`, js: ([a, b]) => `(${a} === ${b})` },
  ne: { onnx: (e, [a, b]) => e.op('Not', [e.op('Equal', [a, b])]), py: ([a, b]) => `(${a} != ${b})`, js: ([a, b]) => `(${a} !== ${b})` },
};

/** Python: a number or tensor as a float32 tensor (for torch functions that take tensors only). */
const PY_TENSOR = `def _t(v):
    return torch.as_tensor(v, dtype=torch.float32)`;

const JS_HELPERS: Record<string, string> = { erf: 'erf', erfc: 'erf', sigmoid: 'sigmoid', softplus: 'log1pexp' };
/** sigmoid, tanh and softplus with one argument are the plain functions; with more, the catalogue's. */
const plain = (op: string, args: Expr[]): boolean => !!OPS[op] && !(ACTIVATIONS[op] && args.length > 1);

/** The Python class name of a formula's module. */
const className = (name: string): string => `Formula_${name}`;

/**
 * The export mapping of a formula activation, or a RangeError naming what cannot be exported.
 * `learnable` is the parameter a network trains (tensors of one value or one per unit); every other
 * parameter is a number of the layer.
 */
function formulaMapping(info: ActivationInfo, catalogue: readonly ActivationInfo[], where: string, format: string): ActivationMapping {
  const expr = info.expression!;
  const params = Object.keys(info.params);
  const cannot = (why: string): never => {
    throw new RangeError(`network.export: format '${format}' cannot write ${where}'s formula activation "${info.name}": ${why}`);
  };
  const isParam = (v: Expr): v is string => typeof v === 'string' && params.includes(v);
  const check = (v: Expr): void => {
    if (typeof v === 'number' || v === 'x' || isParam(v)) return;
    if (typeof v === 'string') cannot(`unknown name "${v}"`);
    const [op, ...args] = v as [string, ...Expr[]];
    if (!OPS[op] && !ACTIVATIONS[op]) cannot(`no mapping for the operation "${op}"`);
    args.forEach(check);
  };
  check(expr);

  const usedJs = new Set<string>();
  // The parameter a network trains: a tensor (ONNX, PyTorch) or a list (JS) of one value or one per unit.
  const learnable = params.find((k) => info.params[k].learnable && info.params[k].differentiable);
  const walk = <T>(v: Expr, leaf: (v: number | string) => T, node: (op: string, args: Expr[]) => T): T =>
    typeof v === 'number' || typeof v === 'string' ? leaf(v) : node(v[0], v.slice(1) as Expr[]);

  // A catalogue call's extra arguments, by the catalogue's parameter order.
  const callParams = (name: string, args: Expr[]): Array<[string, Expr]> => {
    const info2 = catalogue.find((a) => a.name === name);
    const names = Object.keys(info2?.params ?? {});
    return names.map((k, i) => [k, args[i] ?? (info2!.params[k].default as number)] as [string, Expr]);
  };

  const onnx = (e: OnnxEmit, x: string): string => {
    const emit = (v: Expr): string => walk(v,
      (leaf) => (typeof leaf === 'number' ? e.constant(leaf) : leaf === 'x' ? x : e.param(leaf)),
      (op, args) => {
        if (plain(op, args)) return OPS[op].onnx(e, args.map(emit));
        // A catalogue activation inside the formula: its own form, its parameters from the arguments.
        const given = callParams(op, args.slice(1));
        const fixed = (a: Expr): boolean => typeof a === 'number' || (isParam(a) && !info.params[a].learnable);
        const values: Record<string, number> = {};
        for (const [k, a] of given) if (fixed(a)) values[k] = typeof a === 'number' ? a : e.value(a as string);
        const inner: OnnxEmit = {
          op: (type, ins, attrs = {}) => e.op(type, ins, Object.fromEntries(Object.entries(attrs).map(([k, v]) => {
            if (typeof v !== 'object' || !('param' in v)) return [k, v];
            if (values[v.param] === undefined) cannot(`${op}'s ${v.param} must be a number or a fixed parameter (it is an ONNX attribute)`);
            return [k, values[v.param]];
          }))),
          constant: (value) => e.constant(value),
          param: (name) => emit(given.find(([n]) => n === name)![1]),
          value: (name) => values[name],
        };
        const allFixed = given.every(([, a]) => fixed(a));
        const form = ACTIVATIONS[op].onnx.find((f) => !f.importOnly && (allFixed ? !f.when || f.when(values) : !f.when))!;
        return form.emit(inner, emit(args[0]));
      });
    return emit(expr);
  };

  // Python: the formula's parameters are locals of forward(); the trained one is a tensor, the rest floats.
  const pyExpr = (v: Expr): string => walk(v,
    (leaf) => (typeof leaf === 'number' ? py(leaf) : String(leaf)),
    (op, args) => {
      const a = args.map(pyExpr);
      if (plain(op, args)) return OPS[op].py(a);
      const given = callParams(op, args.slice(1));
      const get = (k: string) => pyExpr(given.find(([n]) => n === k)![1]);
      if (op === 'prelu' || op === 'leaky_relu') return `torch.where(${a[0]} > 0, ${a[0]}, ${get('alpha')} * ${a[0]})`;
      if (op === 'swish') return `(${a[0]} * torch.sigmoid(${get('beta')} * ${a[0]}))`;
      if (given.some(([, arg]) => typeof arg !== 'number' && (!isParam(arg) || info.params[arg].learnable)))
        cannot(`${op}'s parameters must be numbers or fixed parameters in PyTorch`);
      // The module's constructor with the parameters as Python expressions (numbers, or forward()'s floats).
      const pv = Object.fromEntries(given.map(([k, arg]) => [k, typeof arg === 'number' ? arg : pyExpr(arg)]));
      const ctor = ACTIVATIONS[op].torch(pv as Record<string, number>, { units: 1, learnable: 'none' });
      return `${ctor}(${a[0]})`;
    });

  const jsExpr = (v: Expr): string => walk(v,
    (leaf) => (typeof leaf === 'number' ? String(leaf) : leaf === 'x' ? 'x'
      : leaf === learnable ? `(p.${leaf}.length > 1 ? p.${leaf}[u] : p.${leaf}[0])` : `p.${leaf}`),
    (op, args) => {
      const a = args.map(jsExpr);
      if (plain(op, args)) {
        if (JS_HELPERS[op]) usedJs.add(JS_HELPERS[op]);
        return OPS[op].js(a);
      }
      ACTIVATIONS[op].jsHelpers?.forEach((h) => usedJs.add(h));
      const given = callParams(op, args.slice(1));
      // The catalogue's expression as a function of (x, p, u); prelu's α and swish's β are lists there.
      const list = op === 'prelu' || op === 'swish';
      const pObj = given.map(([k, arg]) => `${k}: ${list ? `[${jsExpr(arg)}]` : jsExpr(arg)}`).join(', ');
      return `((x, p, u) => ${ACTIVATIONS[op].js})(${a[0]}, { ${pObj} }, 0)`;
    });

  const js = jsExpr(expr);
  const cls = className(info.name);
  const fixed = params.filter((k) => k !== learnable);
  const code = `class ${cls}(nn.Module):
    """${info.name}(x) = ${(info as { source?: string }).source ?? info.name}${learnable ? `; ${learnable} is a Parameter when learnable (one value or one per unit)` : ''}."""

    def __init__(self, size=1, learnable=False${params.map((k) => `, ${k}=${py(info.params[k].default)}`).join('')}):
        super().__init__()
${fixed.map((k) => `        self.${k} = ${k}
`).join('')}${learnable ? `        ${learnable} = torch.full((size,), float(${learnable}))
        if learnable:
            self.${learnable} = nn.Parameter(${learnable})
        else:
            self.register_buffer("${learnable}", ${learnable})
` : ''}
    def forward(self, x):
${params.map((k) => `        ${k} = self.${k}
`).join('')}        return ${pyExpr(expr)}`;
  return {
    onnx: [{ emit: onnx }],
    torch: (p, l) => `${cls}(${l.learnable === 'unit' ? l.units : 1}, learnable=${l.learnable !== 'none' ? 'True' : 'False'}` +
      `${fixed.map((k) => `, ${k}=${py(p[k])}`).join('')})`,
    torchClasses: { _t: PY_TENSOR, [cls]: code },
    ...(learnable ? { torchState: { key: learnable, param: learnable } } : {}),
    js,
    jsHelpers: [...usedJs],
  };
}

/**
 * The mapping of one layer's activation: the catalogue's, or one built from a formula's expression.
 * RangeError naming the format, the layer and the reason when there is none.
 */
export function mappingOf(activation: string, catalogue: readonly ActivationInfo[], where: string, format: string): ActivationMapping {
  const name = activation === 'linear' ? 'identity' : activation;
  if (Object.prototype.hasOwnProperty.call(ACTIVATIONS, name)) return ACTIVATIONS[name];
  const info = catalogue.find((a) => a.name === name);
  if (info?.expression !== undefined) return formulaMapping(info, catalogue, where, format);
  throw new RangeError(`network.export: format '${format}' cannot write ${where}'s activation "${activation}" (not in the catalogue)`);
}
