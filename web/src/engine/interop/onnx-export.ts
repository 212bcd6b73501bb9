// net.export('onnx'): the network as an ONNX model (opset 18) whose single input is the raw points
// (N × 2 in the features form, N × n for `inputs: n`) and whose output is what net.predict returns
// (N × outputs). The derived features are graph nodes (Slice, Mul, Sin, Concat; none with `inputs`),
// dense layers are Gemm, activations follow activations.ts.
import type { NetworkJSON } from '../network.js';
import type { ActivationInfo } from '../activations.js';
import type { ActivationMapping, AttrValue, OnnxEmit, ParamName } from './activations.js';
import { mappingOf } from './formula.js';
import { type Attribute, encodeModel, FLOAT, INT64, type Node, type Tensor } from './onnx.js';

/** The opset written: 18 is the first with Mish (and HardSwish, Celu, Softmax over the last axis). */
export const OPSET = 18;
/** IR version 8 goes with opset 18. */
export const IR_VERSION = 8;
/** metadata_props key holding the network's spec (loss, optimizer, ... that the graph cannot carry). */
export const SPEC_KEY = 'activation-playground/spec';

/** Builds the graph's nodes and initializers with unique names. */
class GraphBuilder {
  nodes: Node[] = [];
  initializers: Tensor[] = [];
  #count = 0;
  scope = '';

  op(type: string, inputs: string[], attrs: Attribute[] = []): string {
    const name = `${this.scope}${type}_${this.#count++}`;
    this.nodes.push({ name, op: type, domain: '', inputs, outputs: [name], attrs });
    return name;
  }

  tensor(name: string, dims: number[], values: ArrayLike<number>, dataType = FLOAT): string {
    const t: Tensor = { name: `${this.scope}${name}`, dims, dataType };
    if (dataType === INT64) t.ints = Array.from(values);
    else t.floats = Float32Array.from(values);
    this.initializers.push(t);
    return t.name;
  }

  /** Renames the tensor `from` (a node output) to `to`. */
  rename(from: string, to: string): void {
    for (const n of this.nodes) n.outputs = n.outputs.map((o) => (o === from ? to : o));
    for (const n of this.nodes) n.inputs = n.inputs.map((i) => (i === from ? to : i));
  }
}

const floatAttr = (name: string, f: number): Attribute => ({ name, type: 1, f });
const intAttr = (name: string, i: number): Attribute => ({ name, type: 2, i });

/** The feature columns from the points: x1, x2 by Slice, the rest from them. */
function features(g: GraphBuilder, names: readonly string[]): string {
  if (names.length === 2 && names[0] === 'x1' && names[1] === 'x2') return 'points';
  g.scope = 'features/';
  const cols: Record<string, string> = {};
  const col = (i: number): string =>
    (cols[i] ??= g.op('Slice', ['points', g.tensor(`start${i}`, [1], [i], INT64), g.tensor(`end${i}`, [1], [i + 1], INT64),
                                g.tensor(`axis${i}`, [1], [1], INT64)]));
  const build: Record<string, () => string> = {
    x1: () => col(0),
    x2: () => col(1),
    'x1^2': () => g.op('Mul', [col(0), col(0)]),
    'x2^2': () => g.op('Mul', [col(1), col(1)]),
    'x1*x2': () => g.op('Mul', [col(0), col(1)]),
    'sin(x1)': () => g.op('Sin', [col(0)]),
    'sin(x2)': () => g.op('Sin', [col(1)]),
  };
  const parts = names.map((f) => build[f]());
  const out = g.op('Concat', parts, [intAttr('axis', 1)]);
  g.scope = '';
  return out;
}

function attribute(name: string, v: AttrValue, params: Record<string, number>): Attribute {
  if (typeof v === 'number') return floatAttr(name, v);
  if ('int' in v) return intAttr(name, v.int);
  return floatAttr(name, params[v.param]);
}

/** Writes a network (its toJSON(), parameters filled in) as ONNX bytes; `stored` is the spec kept in the metadata. */
export function toOnnx(json: NetworkJSON, stored: NetworkJSON['spec'], catalogue: readonly ActivationInfo[]): Uint8Array {
  const { spec } = json;
  const g = new GraphBuilder();
  const maps: ActivationMapping[] = [...spec.layers, spec.output].map((l, i) =>
    mappingOf(l.activation, catalogue, i === spec.layers.length ? 'the output layer' : `hidden layer ${i}`, 'onnx'));
  // With `inputs: n` the points are the first layer's input as they are.
  const width = spec.inputs ?? 2;
  let h = spec.inputs === undefined ? features(g, spec.features) : 'points';
  let inputs = spec.inputs ?? spec.features.length;
  [...spec.layers, spec.output].forEach((l, i) => {
    const w = json.layers[i];
    g.scope = `layer${i}/`;
    const z = g.op('Gemm', [h, g.tensor('weight', [l.units, inputs], w.weights), g.tensor('bias', [l.units], w.biases)],
                   [intAttr('transB', 1)]);
    const params = l.params as Record<string, number>;
    const learned = (name: ParamName): number[] | undefined =>
      l.learnable !== 'none' ? (w as Record<string, number[] | undefined>)[name] : undefined;
    let consts = 0;
    const emit: OnnxEmit = {
      op: (type, ins, attrs = {}) => g.op(type, ins, Object.entries(attrs).map(([k, v]) => attribute(k, v, params))),
      constant: (value) => g.tensor(`c${consts++}`, [], [value]),
      param: (name) => {
        const values = learned(name) ?? [params[name]];
        return g.tensor(`${name}${consts++}`, [values.length], values);
      },
      value: (name) => params[name],
    };
    const form = maps[i].onnx.find((f) => !f.importOnly && (!f.when || f.when(params)))!;
    h = form.emit(emit, z);
    inputs = l.units;
  });
  g.rename(h, 'output');
  const units = spec.output.units;
  return encodeModel({
    irVersion: IR_VERSION,
    opsets: [{ domain: '', version: OPSET }],
    producerName: 'activation-playground',
    producerVersion: '0.1.0',
    docString: `An MLP from Activation Playground: points (N x ${width}) -> N x ${units} (what net.predict returns).`,
    metadata: { [SPEC_KEY]: JSON.stringify(stored) },
    graph: {
      name: 'network',
      nodes: g.nodes,
      initializers: g.initializers,
      inputs: [{ name: 'points', elemType: FLOAT, dims: ['N', width] }],
      outputs: [{ name: 'output', elemType: FLOAT, dims: ['N', units] }],
    },
  });
}
