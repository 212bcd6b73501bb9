// Each catalogue activation in the three formats a network leaves in: ONNX operators, a PyTorch module,
// and plain JavaScript. The only place to add one (the ONNX importer matches these same forms).
// Definitions follow cpp/src/activations/scalar_math.h and the ONNX opset 18 / PyTorch 1.13 docs.

/** An attribute value in an ONNX form: a fixed float, a fixed int, or the layer's parameter. */
export type AttrValue = number | { int: number } | { param: ParamName };
/** A catalogue parameter (alpha, beta, theta, threshold) or a formula activation's own. */
export type ParamName = string;

/** What an ONNX form writes with: the same interface builds a graph (export) and a pattern (import). */
export interface OnnxEmit {
  op(type: string, inputs: string[], attrs?: Record<string, AttrValue>): string;
  /** A fixed float constant. */
  constant(value: number): string;
  /** A tensor holding the layer's parameter: one value, or one per unit when it is learned per unit. */
  param(name: ParamName): string;
  /** The layer's value of a parameter that is fixed (not trained): for attributes. */
  value(name: ParamName): number;
}

/** One way to write an activation in ONNX. Export uses the first form whose `when` holds; import tries all. */
export interface OnnxForm {
  emit(e: OnnxEmit, x: string): string;
  /** For export only when this holds for the layer's parameters. */
  when?(p: Record<string, number>): boolean;
  /** A form only read (PyTorch's own way of writing it), never written. */
  importOnly?: boolean;
}

export interface ActivationMapping {
  /** The ONNX forms (operators the README's mapping table names). */
  onnx: OnnxForm[];
  /** A Python expression for the module; `p` holds the parameters. */
  torch(p: Record<string, number>, layer: { units: number; learnable: string }): string;
  /** The module's tensor that holds the learnable parameter (its state-dict key): prelu's α, swish's β;
   *  in JS that parameter is a list (one value, or one per unit). */
  torchState?: { key: string; param: ParamName };
  /** Python helper classes the expression needs (emitted once per file). */
  torchHelpers?: string[];
  /** Python classes written for this activation (by class name). */
  torchClasses?: Record<string, string>;
  /** A JavaScript expression of x (the unit's input), p (the parameters) and u (the unit index). */
  js: string;
  /** JavaScript helper functions the expression needs. */
  jsHelpers?: string[];
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_LAMBDA = 1.0507009873554805;

/** A number as a Python float literal. */
export const py = (v: number): string => (Number.isInteger(v) ? v.toFixed(1) : String(v));

const one = (op: string): OnnxForm[] => [{ emit: (e, x) => e.op(op, [x]) }];

export const ACTIVATIONS: Record<string, ActivationMapping> = {
  identity: { onnx: one('Identity'), torch: () => 'nn.Identity()', js: 'x' },
  step: {
    onnx: [{ emit: (e, x) => e.op('Cast', [e.op('Greater', [x, e.constant(0)])], { to: { int: 1 } }) }],
    torch: () => 'Step()',
    torchHelpers: ['step'],
    js: '(x > 0 ? 1 : 0)',
  },
  sigmoid: { onnx: one('Sigmoid'), torch: () => 'nn.Sigmoid()', js: '1 / (1 + Math.exp(-x))' },
  hard_sigmoid: {
    onnx: [{ emit: (e, x) => e.op('HardSigmoid', [x], { alpha: 1 / 6, beta: 0.5 }) }],
    torch: () => 'nn.Hardsigmoid()',
    js: 'Math.min(Math.max((x + 3) / 6, 0), 1)',
  },
  log_sigmoid: {
    onnx: [
      { emit: (e, x) => e.op('Neg', [e.op('Softplus', [e.op('Neg', [x])])]) },
      { emit: (e, x) => e.op('Log', [e.op('Sigmoid', [x])]), importOnly: true },  // torch.onnx's nn.LogSigmoid
    ],
    torch: () => 'nn.LogSigmoid()',
    js: '-log1pexp(-x)',
    jsHelpers: ['log1pexp'],
  },
  tanh: { onnx: one('Tanh'), torch: () => 'nn.Tanh()', js: 'Math.tanh(x)' },
  hard_tanh: {
    onnx: [{ emit: (e, x) => e.op('Clip', [x, e.constant(-1), e.constant(1)]) }],
    torch: () => 'nn.Hardtanh()',
    js: 'Math.min(Math.max(x, -1), 1)',
  },
  softsign: {
    onnx: [
      ...one('Softsign'),
      { emit: (e, x) => e.op('Div', [x, e.op('Add', [e.op('Abs', [x]), e.constant(1)])]), importOnly: true },  // torch.onnx's
    ],
    torch: () => 'nn.Softsign()',
    js: 'x / (1 + Math.abs(x))',
  },
  relu: { onnx: one('Relu'), torch: () => 'nn.ReLU()', js: '(x > 0 ? x : 0)' },
  relu6: {
    onnx: [{ emit: (e, x) => e.op('Clip', [x, e.constant(0), e.constant(6)]) }],
    torch: () => 'nn.ReLU6()',
    js: 'Math.min(Math.max(x, 0), 6)',
  },
  leaky_relu: {
    onnx: [{ emit: (e, x) => e.op('LeakyRelu', [x], { alpha: { param: 'alpha' } }) }],
    torch: (p) => `nn.LeakyReLU(${py(p.alpha)})`,
    js: '(x > 0 ? x : p.alpha * x)',
  },
  prelu: {
    onnx: [{ emit: (e, x) => e.op('PRelu', [x, e.param('alpha')]) }],
    // The learned α comes with the state dict; a fixed α is a PReLU that does not train.
    torch: (_, l) => `nn.PReLU(${l.learnable === 'unit' ? l.units : 1})${l.learnable === 'none' ? '.requires_grad_(False)' : ''}`,
    torchState: { key: 'weight', param: 'alpha' },
    js: '(x > 0 ? x : (p.alpha.length > 1 ? p.alpha[u] : p.alpha[0]) * x)',
  },
  thresholded_relu: {
    onnx: [{ emit: (e, x) => e.op('ThresholdedRelu', [x], { alpha: { param: 'theta' } }) }],
    torch: (p) => `nn.Threshold(${py(p.theta)}, 0.0)`,
    js: '(x > p.theta ? x : 0)',
  },
  elu: {
    onnx: [{ emit: (e, x) => e.op('Elu', [x], { alpha: { param: 'alpha' } }) }],
    torch: (p) => `nn.ELU(${py(p.alpha)})`,
    js: '(x > 0 ? x : p.alpha * Math.expm1(x))',
  },
  selu: {
    onnx: [{ emit: (e, x) => e.op('Selu', [x], { alpha: SELU_ALPHA, gamma: SELU_LAMBDA }) }],
    torch: () => 'nn.SELU()',
    js: `${SELU_LAMBDA} * (x > 0 ? x : ${SELU_ALPHA} * Math.expm1(x))`,
  },
  celu: {
    onnx: [{ emit: (e, x) => e.op('Celu', [x], { alpha: { param: 'alpha' } }) }],
    torch: (p) => `nn.CELU(${py(p.alpha)})`,
    js: '(x > 0 ? x : p.alpha * Math.expm1(x / p.alpha))',
  },
  gelu: {
    // x/2 (1 + erf(x/√2)), in the order torch.onnx writes nn.GELU().
    onnx: [{
      emit: (e, x) => e.op('Mul', [e.op('Mul', [x, e.op('Add', [e.op('Erf', [e.op('Div', [x, e.constant(Math.SQRT2)])]), e.constant(1)])]), e.constant(0.5)]),
    }],
    torch: () => 'nn.GELU()',
    js: '0.5 * x * (1 + erf(x / Math.SQRT2))',
    jsHelpers: ['erf'],
  },
  gelu_tanh: {
    // x/2 (1 + tanh(√(2/π) (x + 0.044715 x³))), in the order torch.onnx writes nn.GELU(approximate='tanh').
    onnx: [{
      emit: (e, x) => {
        const inner = e.op('Add', [x, e.op('Mul', [e.constant(0.044715), e.op('Mul', [x, e.op('Mul', [x, x])])])]);
        const t = e.op('Tanh', [e.op('Mul', [e.constant(Math.sqrt(2 / Math.PI)), inner])]);
        return e.op('Mul', [e.constant(0.5), e.op('Mul', [x, e.op('Add', [e.constant(1), t])])]);
      },
    }],
    torch: () => "nn.GELU(approximate='tanh')",
    js: `0.5 * x * (1 + Math.tanh(${Math.sqrt(2 / Math.PI)} * (x + 0.044715 * x * x * x)))`,
  },
  swish: {
    onnx: [{ emit: (e, x) => e.op('Mul', [x, e.op('Sigmoid', [e.op('Mul', [x, e.param('beta')])])]) }],
    torch: (_, l) => `Swish(${l.learnable === 'unit' ? l.units : 1}, learnable=${l.learnable !== 'none' ? 'True' : 'False'})`,
    torchState: { key: 'beta', param: 'beta' },
    torchHelpers: ['swish'],
    js: 'x / (1 + Math.exp(-(p.beta.length > 1 ? p.beta[u] : p.beta[0]) * x))',
  },
  silu: {
    onnx: [{ emit: (e, x) => e.op('Mul', [x, e.op('Sigmoid', [x])]) }],
    torch: () => 'nn.SiLU()',
    js: 'x / (1 + Math.exp(-x))',
  },
  hard_swish: {
    onnx: [{ emit: (e, x) => e.op('HardSwish', [x]) }],
    torch: () => 'nn.Hardswish()',
    js: '(x <= -3 ? 0 : x >= 3 ? x : x * (x + 3) / 6)',
  },
  mish: {
    onnx: [
      { emit: (e, x) => e.op('Mish', [x]) },
      // PyTorch 1.13 writes opset ≤ 17, which has no Mish operator.
      { emit: (e, x) => e.op('Mul', [x, e.op('Tanh', [e.op('Softplus', [x])])]), importOnly: true },
    ],
    torch: () => 'nn.Mish()',
    js: 'x * Math.tanh(log1pexp(x))',
    jsHelpers: ['log1pexp'],
  },
  softplus: {
    onnx: [
      // ONNX Softplus is log(1 + e^x): the same function (to float32) for β = 1 and threshold 20.
      { emit: (e, x) => e.op('Softplus', [x]), when: (p) => p.beta === 1 && p.threshold === 20 },
      {
        // βx > threshold ? x : softplus(βx)/β
        emit: (e, x) => {
          const bx = e.op('Mul', [x, e.param('beta')]);
          return e.op('Where', [e.op('Greater', [bx, e.param('threshold')]), x, e.op('Div', [e.op('Softplus', [bx]), e.param('beta')])]);
        },
      },
      // torch.onnx's nn.Softplus(beta): it drops the threshold (read as the default, 20).
      { emit: (e, x) => e.op('Div', [e.op('Softplus', [e.op('Mul', [x, e.param('beta')])]), e.param('beta')]), importOnly: true },
    ],
    torch: (p) => `nn.Softplus(beta=${py(p.beta)}, threshold=${py(p.threshold)})`,
    js: '(p.beta * x > p.threshold ? x : log1pexp(p.beta * x) / p.beta)',
    jsHelpers: ['log1pexp'],
  },
  softmax: {
    onnx: [{ emit: (e, x) => e.op('Softmax', [x], { axis: { int: -1 } }) }],
    torch: () => 'nn.Softmax(dim=-1)',
    js: '',
  },
};


