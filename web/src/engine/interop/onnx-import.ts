// engine.loadONNX(bytes), the reading half: an ONNX graph -> a network spec and its weights, which the
// engine then builds through engine.network + setWeights (their checks are the checks). Reads the files
// net.export('onnx') writes and the plain MLPs torch.onnx.export writes for an nn.Sequential: Gemm (or
// MatMul + Add) layers, the activation forms of activations.ts (matched as patterns: the same code that
// writes a form reads it), Identity/Flatten, and our feature nodes, over any input width (inputForm).
// Anything else is a RangeError naming the node and its operator.
import type { ActivationInfo } from '../activations.js';
import { describe } from '../errors.js';
import type { Limits } from '../limits.js';
import type { Feature, LayerSpec, NetworkSpec } from '../network.js';
import { ACTIVATIONS, type AttrValue, type OnnxEmit, type ParamName } from './activations.js';
import { SPEC_KEY } from './onnx-export.js';
import { checkGraph, nodeName } from './onnx-graph.js';
import { type Attribute, decodeModel, FLOAT, type Model, type Node, type Tensor } from './onnx.js';
import { ProtoError } from './protobuf.js';

/** What a graph maps to: a spec for engine.network and the weights for setWeights. */
export interface ImportedNetwork {
  spec: NetworkSpec;
  layers: Array<{ weights: Float32Array; biases: Float32Array; alpha?: Float32Array; beta?: Float32Array }>;
}

const fail = (why: string): never => {
  throw new RangeError(`loadONNX: ${why}`);
};

// ---------------------------------------------------------------------------------------------
// Patterns: an activation's ONNX form, written through the OnnxEmit interface into a tree

type Pattern =
  | { kind: 'x' }
  | { kind: 'const'; value: number }
  | { kind: 'param'; name: ParamName }
  | { kind: 'op'; op: string; inputs: Pattern[]; attrs: Record<string, AttrValue> };

function patternOf(emit: (e: OnnxEmit, x: string) => string): Pattern {
  const pats: Pattern[] = [{ kind: 'x' }];
  const add = (p: Pattern): string => String(pats.push(p) - 1);
  const e: OnnxEmit = {
    op: (op, inputs, attrs = {}) => add({ kind: 'op', op, inputs: inputs.map((i) => pats[Number(i)]), attrs }),
    constant: (value) => add({ kind: 'const', value }),
    param: (name) => add({ kind: 'param', name }),
    value: () => NaN,  // only formula activations read values, and they are not imported
  };
  return pats[Number(emit(e, '0'))];
}

/** Every activation's forms as patterns, in catalogue order (the first that matches wins). */
const PATTERNS: Array<{ activation: string; pattern: Pattern }> = Object.entries(ACTIVATIONS).flatMap(([activation, m]) =>
  m.onnx.map((f) => ({ activation, pattern: patternOf(f.emit) })));

/** ONNX's defaults for the attributes the forms use (opset 18). */
const ATTR_DEFAULTS: Record<string, Record<string, number>> = {
  LeakyRelu: { alpha: 0.01 }, Elu: { alpha: 1 }, Celu: { alpha: 1 }, ThresholdedRelu: { alpha: 1 },
  Selu: { alpha: 1.67326319217681884765625, gamma: 1.05070102214813232421875 },
  HardSigmoid: { alpha: 0.2, beta: 0.5 }, Softmax: { axis: -1 },
};
const COMMUTATIVE = new Set(['Add', 'Mul']);
/** Operators that may appear at all; any other is reported before anything else is looked at. */
const KNOWN_OPS = new Set(['Gemm', 'MatMul', 'Add', 'Identity', 'Flatten', 'Constant', 'Slice', 'Concat', 'Sin', 'Mul']);
const collectOps = (p: Pattern): void => {
  if (p.kind !== 'op') return;
  KNOWN_OPS.add(p.op);
  p.inputs.forEach(collectOps);
};
PATTERNS.forEach((p) => collectOps(p.pattern));

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

interface Bindings {
  x?: string;
  params: Partial<Record<ParamName, Float32Array>>;
  used: Set<Node>;
}

/** The graph with its constants, producers and the nodes that pass a tensor through. */
class GraphView {
  readonly constants = new Map<string, Tensor>();
  readonly producer = new Map<string, Node>();
  readonly used = new Set<Node>();

  constructor(readonly model: Model) {
    for (const t of model.graph.initializers) this.constants.set(t.name, t);
    for (const n of model.graph.nodes) {
      for (const o of n.outputs) this.producer.set(o, n);
      if (n.op === 'Constant') {
        this.constants.set(n.outputs[0], constantValue(n));
        this.used.add(n);
      }
    }
  }

  /** Follows Identity and Flatten (axis 1 on 2-D data: no change) back to the tensor they pass on. */
  resolve(name: string, used: Set<Node> = this.used): string {
    for (;;) {
      const n = this.producer.get(name);
      if (!n || !(n.op === 'Identity' || (n.op === 'Flatten' && (attr(n, 'axis')?.i ?? 1) === 1))) return name;
      used.add(n);
      name = n.inputs[0];
    }
  }

  floats(name: string): Float32Array | undefined {
    const t = this.constants.get(name);
    return t?.floats;
  }

  match(p: Pattern, tensor: string, b: Bindings): Bindings | null {
    const used = new Set(b.used);
    const name = this.resolve(tensor, used);
    const next = { ...b, used };
    if (p.kind === 'x') {
      if (this.constants.has(name)) return null;
      if (next.x === undefined) return { ...next, x: name };
      return next.x === name ? next : null;
    }
    if (p.kind === 'const') {
      const v = this.floats(name);
      return v && v.length === 1 && close(v[0], p.value) ? next : null;
    }
    if (p.kind === 'param') return bindParam(next, p.name, this.floats(name));
    const node = this.producer.get(name);
    if (!node || node.op !== p.op || (node.domain !== '' && node.domain !== 'ai.onnx')) return null;
    let cur: Bindings | null = { ...next, used: new Set([...used, node]) };
    const defaults = ATTR_DEFAULTS[p.op] ?? {};
    for (const a of node.attrs) if (!(a.name in p.attrs)) return null;
    for (const [key, want] of Object.entries(p.attrs)) {
      const a = attr(node, key);
      const have = a ? (a.type === 2 ? a.i : a.f) : defaults[key];
      if (have === undefined) return null;
      if (typeof want === 'number') {
        if (!close(have, want)) return null;
      } else if ('int' in want) {
        // Softmax over axis 1 of a 2-D tensor is over its last axis.
        if (have !== want.int && !(p.op === 'Softmax' && want.int === -1 && have === 1)) return null;
      } else cur = bindParam(cur!, want.param, Float32Array.of(have));
      if (!cur) return null;
    }
    const orders = COMMUTATIVE.has(p.op) && p.inputs.length === 2 ? [[0, 1], [1, 0]] : [p.inputs.map((_, i) => i)];
    if (node.inputs.length !== p.inputs.length) return null;
    for (const order of orders) {
      let r: Bindings | null = cur;
      for (let i = 0; i < order.length && r; i++) r = this.match(p.inputs[i], node.inputs[order[i]], r);
      if (r) return r;
    }
    return null;
  }
}

function bindParam(b: Bindings, name: ParamName, values: Float32Array | undefined): Bindings | null {
  if (!values || values.length === 0) return null;
  const had = b.params[name];
  if (had) return had.length === values.length && had.every((v, i) => v === values[i]) ? b : null;
  return { ...b, params: { ...b.params, [name]: values } };
}

const attr = (n: Node, name: string): Attribute | undefined => n.attrs.find((a) => a.name === name);

function constantValue(n: Node): Tensor {
  const a = n.attrs[0];
  if (n.attrs.length !== 1 || !a) return fail(`${nodeName(n)} must have exactly one value attribute`);
  const name = n.outputs[0];
  if (a.name === 'value' && a.t) return { ...a.t, name };
  if (a.name === 'value_float') return { name, dims: [], dataType: FLOAT, floats: Float32Array.of(a.f ?? 0) };
  if (a.name === 'value_floats') return { name, dims: [a.floats?.length ?? 0], dataType: FLOAT, floats: Float32Array.from(a.floats ?? []) };
  if (a.name === 'value_int') return { name, dims: [], dataType: 7, ints: [a.i ?? 0] };
  if (a.name === 'value_ints') return { name, dims: [a.ints?.length ?? 0], dataType: 7, ints: a.ints ?? [] };
  return fail(`${nodeName(n)} has a ${a.name} value, which loadONNX cannot read`);
}

// ---------------------------------------------------------------------------------------------
// Layers

interface Dense {
  input: string;
  units: number;
  inputs: number;
  weights: Float32Array;
  biases: Float32Array;
  nodes: Node[];
}

/** The dense layer whose output is `name`: Gemm(A, B, C) or MatMul(A, B) (+ Add(·, C)), B and C constants. */
function denseAt(g: GraphView, name: string): Dense | null {
  let node = g.producer.get(name);
  if (!node) return null;
  let bias: Float32Array | undefined;
  const nodes: Node[] = [];
  if (node.op === 'Add') {
    const [a, b] = node.inputs;
    const [mm, c] = g.constants.has(b) ? [a, b] : [b, a];
    const inner = g.producer.get(g.resolve(mm));
    if (!inner || inner.op !== 'MatMul' || !g.constants.has(c)) return null;
    bias = g.floats(c);
    nodes.push(node);
    node = inner;
  }
  if (node.op !== 'Gemm' && node.op !== 'MatMul') return null;
  nodes.push(node);
  const b = g.constants.get(node.inputs[1]);
  if (!b?.floats || b.dims.length !== 2)
    return fail(`${nodeName(node)} needs a constant 2-D weight matrix as its second input`);
  const transB = node.op === 'Gemm' && (attr(node, 'transB')?.i ?? 0) === 1;
  if (node.op === 'Gemm' && (attr(node, 'transA')?.i ?? 0) !== 0) return fail(`${nodeName(node)} has transA = 1, which loadONNX cannot map`);
  const [units, inputs] = transB ? b.dims : [b.dims[1], b.dims[0]];
  const alpha = node.op === 'Gemm' ? attr(node, 'alpha')?.f ?? 1 : 1;
  const beta = node.op === 'Gemm' ? attr(node, 'beta')?.f ?? 1 : 1;
  // Our weights are units × inputs, row-major: B itself with transB, its transpose otherwise.
  const weights = new Float32Array(units * inputs);
  for (let u = 0; u < units; u++)
    for (let i = 0; i < inputs; i++) weights[u * inputs + i] = alpha * b.floats[transB ? u * inputs + i : i * units + u];
  if (node.op === 'Gemm' && node.inputs[2]) {
    bias = g.floats(node.inputs[2]);
    if (!bias) return fail(`${nodeName(node)} needs a constant bias as its third input`);
  }
  const biases = new Float32Array(units);
  if (bias) {
    if (bias.length !== units && bias.length !== 1)
      return fail(`${nodeName(nodes[0])} adds a bias of ${bias.length} values to ${units} units`);
    for (let u = 0; u < units; u++) biases[u] = beta * bias[bias.length === 1 ? 0 : u];
  }
  return { input: g.resolve(node.inputs[0]), units, inputs, weights, biases, nodes };
}

// ---------------------------------------------------------------------------------------------
// Features: the graph nodes between the input and the first layer

const FEATURE_OF: Record<string, Feature> = {
  c0: 'x1', c1: 'x2', 'c0*c0': 'x1^2', 'c1*c1': 'x2^2', 'c0*c1': 'x1*x2', 'c1*c0': 'x1*x2', 'sin(c0)': 'sin(x1)', 'sin(c1)': 'sin(x2)',
};

/** The columns a tensor holds, as expressions of the input's columns c0, c1, ... */
function columns(g: GraphView, name: string, input: string, width: number): string[] {
  name = g.resolve(name);
  if (name === input) return Array.from({ length: width }, (_, i) => `c${i}`);
  const n = g.producer.get(name);
  if (!n) return fail(`tensor "${name}" feeds the first layer but is neither the input nor computed from it`);
  const unsupported = (): never =>
    fail(['Slice', 'Concat', 'Mul', 'Sin'].includes(n.op)
      ? `${nodeName(n)} computes a feature loadONNX cannot map (it reads x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2))`
      : `${nodeName(n)} is not part of an activation or dense layer loadONNX can map`);
  g.used.add(n);
  const ints = (i: number): number[] | undefined => (n.inputs[i] ? g.constants.get(n.inputs[i])?.ints : undefined);
  if (n.op === 'Slice') {
    const cols = columns(g, n.inputs[0], input, width);
    const [start, end, axes, steps] = [ints(1), ints(2), n.inputs[3] ? ints(3) : [1], n.inputs[4] ? ints(4) : [1]];
    if (!start || !end || !axes || !steps || start.length !== 1 || (axes[0] !== 1 && axes[0] !== -1) || steps[0] !== 1) unsupported();
    const clamp = (v: number) => Math.max(0, Math.min(cols.length, v < 0 ? v + cols.length : v));
    return cols.slice(clamp(start![0]), clamp(end![0]));
  }
  if (n.op === 'Concat') {
    const axis = attr(n, 'axis')?.i;
    if (axis !== 1 && axis !== -1) unsupported();
    return n.inputs.flatMap((i) => columns(g, i, input, width));
  }
  if (n.op === 'Mul' || n.op === 'Sin') {
    const parts = n.inputs.map((i) => columns(g, i, input, width));
    if (parts.some((p) => p.length !== 1)) unsupported();
    return [n.op === 'Sin' ? `sin(${parts[0][0]})` : `${parts[0][0]}*${parts[1][0]}`];
  }
  return unsupported();
}

// ---------------------------------------------------------------------------------------------

/** The shortest decimal that rounds to the same float32 (0.10000000149 -> 0.1). */
function nice(v: number): number {
  for (let p = 1; p <= 9; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === Math.fround(v)) return d;
  }
  return v;
}

function checkBytes(bytes: unknown): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new TypeError(`loadONNX: bytes must be a Uint8Array or an ArrayBuffer, got ${describe(bytes)}`);
}

/** The spec our exporter stored, or undefined (for other producers' files). */
function storedSpec(model: Model): Record<string, unknown> | undefined {
  const text = model.metadata[SPEC_KEY];
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch { /* reported below */ }
  return fail(`metadata_props "${SPEC_KEY}" is not a JSON object`);
}

/**
 * Maps a model's graph to a spec and weights; RangeError/TypeError for anything it cannot map. `limits`:
 * the engine's, so that an input wider than the engine takes is refused naming the graph input.
 */
export function readOnnx(bytesIn: unknown, catalogue: readonly ActivationInfo[], limits: Pick<Limits, 'maxInputs'>): ImportedNetwork {
  const bytes = checkBytes(bytesIn);
  let model: Model;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    if (e instanceof ProtoError) return fail(`bytes are not a valid ONNX model: ${e.message}`);
    throw e;
  }
  const opset = model.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (!opset || opset.version < 11) fail(`the model must import the default ONNX opset, version 11 or later (got ${opset ? opset.version : 'none'})`);
  checkGraph(model.graph);
  const g = new GraphView(model);
  for (const n of model.graph.nodes)
    if ((n.domain !== '' && n.domain !== 'ai.onnx') || !KNOWN_OPS.has(n.op))
      fail(`${nodeName(n)} is not supported${n.domain ? ` (domain "${n.domain}")` : ''}: loadONNX reads MLPs, dense layers ` +
           '(Gemm, or MatMul + Add) with the elementwise activations in the README\'s table');

  const inputs = model.graph.inputs.filter((v) => !g.constants.has(v.name));
  if (inputs.length !== 1) fail(`the model must have one input (the points), got ${inputs.length}`);
  const input = inputs[0];
  if (input.elemType !== FLOAT) fail(`input "${input.name}" must hold float32 values (element type 1), got element type ${input.elemType}`);
  if (input.dims && input.dims.length !== 2)
    fail(`input "${input.name}" has shape [${input.dims.map((d) => d ?? '?').join(', ')}] (${input.dims.length}-D): ` +
         'loadONNX needs a 2-D input, points × coordinates');
  if (model.graph.outputs.length !== 1) fail(`the model must have one output, got ${model.graph.outputs.length}`);

  // From the output back to the input: activation (a pattern ending at the tensor), then its dense layer.
  const found: Found[] = [];
  let t = g.resolve(model.graph.outputs[0].name);
  for (;;) {
    const layer = layerAt(g, t);
    if (!layer) {
      if (found.length) break;  // the features (or the input) feed the first layer
      const n = g.producer.get(t);
      return fail(n ? `${nodeName(n)} is not part of an activation or dense layer loadONNX can map`
                    : `the output "${t}" is not computed by a dense layer`);
    }
    layer.used.forEach((n) => g.used.add(n));
    found.unshift(layer);
    t = layer.dense.input;
    if (t === input.name) break;
  }

  const width = typeof input.dims?.[1] === 'number' ? (input.dims[1] as number) : found[0].dense.inputs;
  const cols = columns(g, t, input.name, width);
  if (cols.length !== found[0].dense.inputs)
    fail(`the first layer takes ${found[0].dense.inputs} inputs but ${cols.length} feature columns reach it`);
  for (const n of model.graph.nodes) if (!g.used.has(n)) fail(`${nodeName(n)} is not part of the MLP loadONNX can map`);
  found.forEach((l, i) => {
    if (i > 0 && l.dense.inputs !== found[i - 1].dense.units)
      fail(`${nodeName(l.dense.nodes[l.dense.nodes.length - 1])} takes ${l.dense.inputs} inputs after a layer of ${found[i - 1].dense.units} units`);
  });
  const stored = storedSpec(model);
  // The engine would refuse `inputs: width` too, but in its own terms (spec.inputs): say which input it is.
  if (width > limits.maxInputs)
    fail(`input "${input.name}" has shape [${(input.dims ?? ['N', width]).map((d) => d ?? '?').join(', ')}]: ${width} columns, ` +
         `more than the ${limits.maxInputs} input columns a network takes (engine.limits.maxInputs)`);
  return assemble(found, inputForm(input.name, width, t === input.name, cols, stored), stored, catalogue);
}

/**
 * The spec's input form. The first layer reading the n input columns as they are is `inputs: n`, except
 * that 2 columns are the playground's features ['x1', 'x2'] (the 2-D view takes them) unless our own file
 * says `inputs: 2`. Feature nodes between the input and the first layer need 2-D points (x1, x2).
 */
function inputForm(name: string, width: number, raw: boolean, cols: string[],
                   stored: Record<string, unknown> | undefined): { features: Feature[] } | { inputs: number } {
  if (raw && (width !== 2 || stored?.inputs === 2)) return { inputs: width };
  if (width !== 2)
    fail(`input "${name}" has ${width} columns; feature nodes (x1^2, sin(x1), ...) need 2-D points (x1, x2)`);
  return { features: cols.map((c) => FEATURE_OF[c] ?? fail(`a feature column computes ${c}, which is not one of the playground's features`)) };
}

type Found = { dense: Dense; activation: string; params: Partial<Record<ParamName, Float32Array>>; used: Set<Node> };

/** The layer whose output is `t`: a dense layer alone (identity), or an activation form over one. */
function layerAt(g: GraphView, t: string): Found | null {
  const plain = denseAt(g, t);
  if (plain) return { dense: plain, activation: 'identity', params: {}, used: new Set(plain.nodes) };
  for (const { activation, pattern } of PATTERNS) {
    const b = g.match(pattern, t, { params: {}, used: new Set() });
    const dense = b?.x !== undefined ? denseAt(g, b.x) : null;
    if (b && dense) return { dense, activation, params: b.params, used: new Set([...b.used, ...dense.nodes]) };
  }
  return null;
}

/** The spec and weights from the layers found, with what our exporter stored for the rest. */
function assemble(found: Found[],
                  form: { features: Feature[] } | { inputs: number }, stored: Record<string, unknown> | undefined,
                  catalogue: readonly ActivationInfo[]): ImportedNetwork {
  const storedLayers = stored && Array.isArray(stored.layers) && stored.output
    ? [...(stored.layers as LayerSpec[]), stored.output as LayerSpec] : [];
  const agrees = storedLayers.length === found.length &&
    storedLayers.every((l, i) => l?.units === found[i].dense.units &&
      (l.activation === found[i].activation || (l.activation === 'linear' && found[i].activation === 'identity')));
  const layers: ImportedNetwork['layers'] = [];
  const specs: LayerSpec[] = found.map((l, i) => {
    const mine = agrees ? storedLayers[i] : undefined;
    const spec: LayerSpec = { units: l.dense.units, activation: mine?.activation ?? l.activation };
    const weights: ImportedNetwork['layers'][number] = { weights: l.dense.weights, biases: l.dense.biases };
    const params: Record<string, number> = {};
    const learnedName = l.activation === 'prelu' ? 'alpha' : l.activation === 'swish' ? 'beta' : undefined;
    for (const [name, values] of Object.entries(l.params) as Array<[ParamName, Float32Array]>) {
      const stored = (mine?.params as Record<string, number> | undefined)?.[name];
      if (name === learnedName) {
        // One value, or one per unit (then it was learned per unit).
        if (values.length !== 1 && values.length !== l.dense.units)
          fail(`layer ${i}'s ${l.activation} has ${values.length} values of ${name} for ${l.dense.units} units`);
        let learnable = values.length > 1 ? 'unit' : l.activation === 'prelu' ? 'shared' : 'none';
        if (mine?.learnable && (mine.learnable === 'unit' ? values.length === l.dense.units : values.length === 1)) learnable = mine.learnable as string;
        spec.learnable = learnable as LayerSpec['learnable'];
        if (learnable === 'none') params[name] = stored !== undefined && Math.fround(stored) === values[0] ? stored : nice(values[0]);
        else {
          weights[name as 'alpha' | 'beta'] = values;
          if (stored !== undefined) params[name] = stored;
        }
      } else params[name] = stored !== undefined && Math.fround(stored) === Math.fround(values[0]) ? stored : nice(values[0]);
    }
    // A parameter our file's spec left to its default stays left out (so the spec round-trips).
    if (mine) for (const [name, v] of Object.entries(params)) {
      const def = catalogue.find((a) => a.name === spec.activation)?.params[name]?.default;
      if (!(name in (mine.params ?? {})) && def !== undefined && Math.fround(def) === Math.fround(v)) delete params[name];
    }
    if (Object.keys(params).length) spec.params = params;
    layers.push(weights);
    return spec;
  });
  const output = specs[specs.length - 1];
  const spec: NetworkSpec = {
    ...form,
    layers: specs.slice(0, -1),
    output,
    loss: output.activation === 'softmax' ? 'cross_entropy' : output.activation === 'sigmoid' && output.units === 1 ? 'bce' : 'mse',
  };
  if (stored) for (const key of ['loss', 'optimizer', 'regularization', 'init', 'seed'] as const)
    if (stored[key] !== undefined) (spec as Record<string, unknown>)[key] = stored[key];
  return { spec, layers };
}
