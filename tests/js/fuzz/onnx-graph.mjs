// Structural mutations of ONNX graphs for engine.loadONNX: exported models decoded with the package's
// own protobuf reader (interop/onnx.js), edited as graphs (an input rewired, a node deleted, duplicated,
// moved or given another operator or domain, an attribute of another type or value, an initializer
// dropped, reshaped, renamed or given non-finite values, names duplicated, the graph's input, output,
// opset or stored spec changed) and encoded again, so that the graph checks (cycles, dangling inputs,
// tensors computed twice, arities, orphan outputs, shapes) are reached on purpose rather than by a
// lucky bit flip. The property of every case:
//   - loadONNX returns a network that works (it predicts, and its own export loads back to a network
//     that predicts the same bits), or throws a TypeError/RangeError "loadONNX: <what is wrong>";
//   - a failed load leaves the heap as it was (a repeated failure leaves it exactly as the first did:
//     the engine keeps the text of its last C++ error, which may grow once);
//   - the witness network predicts bit for bit what it predicted before.
import fc from 'fast-check';

import { checkThrown, sameBits } from './contract.mjs';

/** The models the mutations start from: Gemm/activation chains over every input form and output kind. */
const SPECS = [
  { layers: [{ units: 3, activation: 'tanh' }], seed: 1 },
  { features: ['x1', 'x2', 'x1*x2', 'sin(x1)', 'x2^2'], layers: [{ units: 4, activation: 'prelu', learnable: 'unit' },
    { units: 3, activation: 'elu', params: { alpha: 0.5 } }], output: { units: 3, activation: 'softmax' }, seed: 2 },
  { inputs: 3, layers: [{ units: 2, activation: 'swish', learnable: 'shared' }], output: { units: 2, activation: 'identity' },
    loss: 'mse', seed: 3 },
  { layers: [{ units: 3, activation: 'gelu' }, { units: 2, activation: 'softplus', params: { beta: 2, threshold: 5 } }], seed: 4 },
  { features: ['x1', 'x2', 'x1^2', 'sin(x2)'], layers: [{ units: 2, activation: 'leaky_relu', params: { alpha: 0.2 } },
    { units: 2, activation: 'selu' }, { units: 2, activation: 'hard_tanh' }], seed: 5 },
];

const OPS = ['Gemm', 'MatMul', 'Add', 'Mul', 'Sin', 'Tanh', 'Sigmoid', 'Relu', 'Identity', 'Flatten', 'Softmax', 'Constant', 'Slice',
  'Concat', 'LeakyRelu', 'PRelu', 'Elu', 'Erf', 'Div', 'Exp', 'Conv', ''];
const ATTRS = ['alpha', 'beta', 'gamma', 'transA', 'transB', 'axis', 'value', 'value_float', 'bogus'];
const INTS = [0, 1, 2, 3, -1, -2, 7, 512, 513, 4097, 2 ** 31 - 1, 2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER, -(2 ** 53) + 1];
const FLOATS = [0, -0, 1, -1, 0.5, 2, 1e-45, 3.4e38, 1e39, NaN, Infinity, -Infinity];
const INPUT_DIMS = [null, [], [null], [null, 3], [null, 2, 1], ['N', 2], [0, 2], [-1, 2], [null, 7], [1, 1], [2 ** 31, 2]];

const edit = fc.record({
  kind: fc.constantFrom('rewire-input', 'rewire-output', 'delete-node', 'duplicate-node', 'move-node', 'op', 'domain', 'attr-type',
    'attr-value', 'attr-add', 'attr-drop', 'init-drop', 'init-dims', 'init-reshape', 'init-values', 'init-type', 'init-rename',
    'init-duplicate', 'node-name', 'input-dims', 'input-elem', 'input-add', 'input-drop', 'output', 'opset', 'metadata'),
  a: fc.nat(), b: fc.nat(), c: fc.nat(),
});

/** One to three edits of one of the models. */
export const graphMutation = fc.record({ model: fc.nat(), edits: fc.array(edit, { minLength: 1, maxLength: 3 }) });

const pick = (list, i) => list[i % list.length];

/** Every tensor name the graph mentions, and a few it does not. */
function names(g) {
  const all = new Set(['', 'nowhere']);
  for (const n of g.nodes) for (const t of [...n.inputs, ...n.outputs]) all.add(t);
  for (const t of g.initializers) all.add(t.name);
  for (const v of [...g.inputs, ...g.outputs]) all.add(v.name);
  return [...all];
}

/** Another shape with the same number of values: the wrong shape that still decodes. */
function reshape(dims, c) {
  const count = dims.reduce((x, y) => x * y, 1);
  return pick([[...dims].reverse(), [count], [count, 1], [1, ...dims], [...dims, 1], [1, count]], c);
}

/** A stored spec (metadata) that disagrees with the graph, is not JSON, or is gone. */
function respec(text, c) {
  let spec = null;
  try {
    spec = JSON.parse(text);
  } catch { /* not JSON (an earlier edit) */ }
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return pick([undefined, '{', 'null', '[]', '{}'], c);
  const variants = [undefined, '{', 'null', '[]', '{}', JSON.stringify({ ...spec, layers: 3 }), JSON.stringify({ ...spec, inputs: 2 }),
    JSON.stringify({ ...spec, output: { ...(spec.output ?? {}), units: 2 } }),
    JSON.stringify({ ...spec, layers: Array.isArray(spec.layers) ? spec.layers.map((l) => ({ ...l, activation: 'relu', learnable: 'unit' })) : [] }),
    JSON.stringify({ ...spec, optimizer: 7, seed: -1 })];
  return pick(variants, c);
}

/** Applies one edit to the decoded model `m` in place (an edit that has nothing to act on does nothing). */
function apply(m, { kind, a, b, c }) {
  const g = m.graph;
  const node = g.nodes.length ? g.nodes[a % g.nodes.length] : null;
  const attr = node?.attrs.length ? node.attrs[b % node.attrs.length] : null;
  const init = g.initializers.length ? g.initializers[a % g.initializers.length] : null;
  switch (kind) {
    case 'rewire-input': if (node?.inputs.length) node.inputs[b % node.inputs.length] = pick(names(g), c); break;
    case 'rewire-output': if (node?.outputs.length) node.outputs[b % node.outputs.length] = pick(names(g), c); break;
    case 'delete-node': if (node) g.nodes.splice(a % g.nodes.length, 1); break;
    case 'duplicate-node': if (node) {
      const copy = structuredClone(node);
      if (b % 2) copy.outputs = copy.outputs.map((o) => `${o}_copy`);
      g.nodes.splice(c % (g.nodes.length + 1), 0, copy);
    } break;
    case 'move-node': if (node) g.nodes.splice(c % g.nodes.length, 0, ...g.nodes.splice(a % g.nodes.length, 1)); break;
    case 'op': if (node) node.op = pick(OPS, c); break;
    case 'domain': if (node) node.domain = pick(['com.microsoft', 'ai.onnx', 'ai.onnx.ml', ''], c); break;
    case 'attr-type': if (attr) {
      // The value moves to the field of the new type (an int alpha, a float transB, a string axis...).
      const v = attr.i ?? attr.f ?? 0;
      for (const k of ['f', 'i', 's', 't', 'floats', 'ints']) delete attr[k];
      attr.type = pick([1, 2, 3, 4, 6, 7, 0], c);
      if (attr.type === 1) attr.f = v;
      else if (attr.type === 2) attr.i = Math.trunc(v);
      else if (attr.type === 3) attr.s = String(v);
      else if (attr.type === 6) attr.floats = [v, v];
      else if (attr.type === 7) attr.ints = [Math.trunc(v)];
    } break;
    case 'attr-value': if (attr) {
      if (attr.type === 2 || attr.i !== undefined) attr.i = pick(INTS, c);
      else attr.f = pick(FLOATS, c);
    } break;
    case 'attr-add': if (node) node.attrs.push(c % 2 ? { name: pick(ATTRS, b), type: 2, i: pick(INTS, c) } : { name: pick(ATTRS, b), type: 1, f: pick(FLOATS, c) }); break;
    case 'attr-drop': if (attr) node.attrs.splice(b % node.attrs.length, 1); break;
    case 'init-drop': if (init) g.initializers.splice(a % g.initializers.length, 1); break;
    case 'init-dims': if (init) {
      // The values follow the new shape (cut or padded), so that the tensor still decodes.
      const dims = init.dims.length ? [...init.dims] : [1];
      dims[b % dims.length] = pick([0, 1, 2, 3, 4, 5, 6, 7, 9, 64], c);
      const count = dims.reduce((x, y) => x * y, 1);
      const f = new Float32Array(count);
      f.set(init.floats?.subarray(0, count) ?? []);
      init.dims = dims;
      if (init.floats) init.floats = f;
    } break;
    case 'init-reshape': if (init) init.dims = reshape(init.dims, c); break;
    case 'init-values': if (init?.floats?.length) init.floats[b % init.floats.length] = pick(FLOATS, c); break;
    case 'init-type': if (init) init.dataType = pick([7, 11, 6, 9, 0, 10], c); break;
    case 'init-rename': if (init) init.name = pick(names(g), c); break;
    case 'init-duplicate': if (init) g.initializers.push({ ...structuredClone(init), ...(b % 2 ? { floats: init.floats?.map(() => 1) } : {}) }); break;
    case 'node-name': if (node) node.name = pick(g.nodes, c).name; break;
    case 'input-dims': if (g.inputs.length) g.inputs[0].dims = structuredClone(pick(INPUT_DIMS, c)); break;
    case 'input-elem': if (g.inputs.length) g.inputs[0].elemType = pick([0, 11, 7, 10, 1], c); break;
    case 'input-add': g.inputs.push({ name: pick(names(g), c), elemType: 1, dims: [null, 2] }); break;
    case 'input-drop': if (g.inputs.length) g.inputs.splice(b % g.inputs.length, 1); break;
    case 'output':
      if (c % 3 === 0) g.outputs.push({ name: pick(names(g), b), elemType: 1, dims: null });
      else if (c % 3 === 1 && g.outputs.length) g.outputs[0].name = pick(names(g), b);
      else g.outputs = [];
      break;
    case 'opset':
      if (c % 4 === 0) m.opsets = [];
      else if (m.opsets.length) m.opsets[0] = { domain: pick(['', 'ai.onnx', 'com.microsoft'], b), version: pick([1, 10, 11, 13, 17, 18, 99], c) };
      break;
    case 'metadata': {
      const key = Object.keys(m.metadata)[0];
      if (key === undefined) break;
      const v = respec(m.metadata[key], c);
      if (v === undefined) delete m.metadata[key];
      else m.metadata[key] = v;
      break;
    }
  }
}

/**
 * The loadONNX property over structurally mutated graphs (see the file comment). `onnx` is the package's
 * interop/onnx.js (decodeModel, encodeModel); `engineCheck(what)` (optional) checks the engine (stack, heap) after a load.
 */
export function onnxGraphContext(engine, onnx, checkWitness, { engineCheck } = {}) {
  const models = SPECS.map((spec) => {
    const net = engine.network(spec);
    const bytes = net.export('onnx');
    net.dispose();
    return onnx.decodeModel(bytes);
  });
  const probe = (n) => Float32Array.from({ length: 5 * n }, (_, i) => Math.sin(i * 2.3) * 3);
  const stats = { loaded: 0, refused: 0 };

  function check({ model, edits }) {
    const m = structuredClone(models[model % models.length]);
    for (const e of edits) apply(m, e);
    const bytes = onnx.encodeModel(m);
    // Described only for a message (fast-check reports the counterexample too).
    const what = () => `loadONNX(model ${model % models.length} after ${fc.stringify(edits).slice(0, 400)})`;
    const before = engine.memory().allocatedBytes;
    let net;
    try {
      net = engine.loadONNX(bytes);
    } catch (e) {
      stats.refused++;
      checkThrown(e, /^loadONNX: /, what);
      const after = engine.memory().allocatedBytes;
      if (after !== before) {
        try { engine.loadONNX(bytes); } catch { /* the same refusal */ }
        const again = engine.memory().allocatedBytes;
        if (again !== after) throw new Error(`${what()} failed and left ${after - before} bytes allocated, ${again - after} more when repeated (${e.message})`);
      }
    }
    if (net) {
      stats.loaded++;
      try {
        const x = probe(net.spec.inputs ?? 2);
        const y = net.predict(x);
        if (y.length !== 5 * net.outputSize) throw new Error(`${what()} loaded a network whose predict gives ${y.length} values for 5 points`);
        const again = engine.loadONNX(net.export('onnx'));
        try {
          if (!sameBits(again.predict(x), y)) throw new Error(`${what()} loaded a network whose own export loads back to other predictions`);
        } finally {
          again.dispose();
        }
      } finally {
        net.dispose();
      }
    }
    checkWitness('loadONNX (onnx-graph)');
    engineCheck?.('loadONNX (onnx-graph)');
  }
  return { check, stats };
}
