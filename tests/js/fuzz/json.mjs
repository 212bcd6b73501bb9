// Mutations of a valid saved network (toJSON() output) for engine.loadNetwork: bits flipped in the
// JSON text, fields deleted, numbers and values replaced, keys added, arrays cut or grown.
import fc from 'fast-check';

import { anything, wildNumber } from './values.mjs';

/** Replacement values: wild numbers, other JSON-able values, and now and then any JS value. */
const replacement = fc.oneof({ weight: 4, arbitrary: wildNumber }, { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 2 ** 32, 0xffffffff, 'sgd', 'relu', 'softmax', [], {}) },
  { weight: 1, arbitrary: anything });

/** One to three edits; `as` says whether loadNetwork gets the object or its JSON text. */
export const jsonMutation = fc.record({
  edits: fc.array(fc.record({ kind: fc.constantFrom('flip', 'delete', 'replace', 'add', 'cut', 'grow'), at: fc.nat(), bit: fc.nat(7),
    value: replacement }), { minLength: 1, maxLength: 3 }),
  as: fc.constantFrom('object', 'text'),
});

/** Arrays and plain objects: the containers JSON has (a typed array put in by 'replace' is a leaf). */
const container = (v) => Array.isArray(v) || (v !== null && typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v)));

/** Every [parent, key] slot of a JSON tree, depth first. */
function slots(node, out = []) {
  if (container(node))
    for (const key of Object.keys(node)) {
      out.push([node, key]);
      slots(node[key], out);
    }
  return out;
}

/** Applies a {@link jsonMutation} to a copy of `saved`; returns the object, or the text for a flip or `as: 'text'`. */
export function mutateJson(saved, { edits, as }) {
  let json = structuredClone(saved);
  let text = null;
  for (const e of edits) {
    if (e.kind === 'flip') {
      let source = text;
      try {
        source ??= JSON.stringify(json);
      } catch {
        continue;
      }
      const bytes = new TextEncoder().encode(source);
      bytes[e.at % bytes.length] ^= 1 << e.bit;
      text = new TextDecoder().decode(bytes);
      continue;
    }
    if (text !== null) continue;  // after a flip the edits work on the text only
    const all = slots(json);
    const [parent, key] = all[e.at % all.length];
    const arrays = all.filter(([p, k]) => Array.isArray(p[k]));
    switch (e.kind) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
        break;
      case 'replace':
        parent[key] = e.value;
        break;
      case 'add':
        if (parent && !Array.isArray(parent)) parent[`extra${e.bit}`] = e.value;
        else parent.push(e.value);
        break;
      case 'cut':
      case 'grow': {
        if (!arrays.length) break;
        const [p, k] = arrays[e.at % arrays.length];
        if (e.kind === 'cut') p[k] = p[k].slice(0, p[k].length >> 1);
        else p[k] = [...p[k], ...p[k].slice(0, 1 + (e.at % 3))];
        break;
      }
    }
  }
  if (text !== null || as !== 'text') return text ?? json;
  try {
    return JSON.stringify(json);
  } catch {
    return json;  // a BigInt or a cycle put in by 'replace': hand over the object
  }
}

/** The saved networks the mutations start from: every optimizer, learnable parameters, softmax, trained a little. */
export function savedNetworks(engine) {
  const specs = [
    { layers: [{ units: 4, activation: 'tanh' }], seed: 1 },
    { layers: [{ units: 3, activation: 'prelu', learnable: 'unit' }, { units: 2, activation: 'swish', learnable: 'shared' }],
      output: { units: 3, activation: 'softmax' }, optimizer: { name: 'adam', learningRate: 0.01 }, seed: 2 },
    { features: ['x1', 'x2', 'x1*x2', 'sin(x1)'], layers: [{ units: 2, activation: 'elu', params: { alpha: 0.5 } }], loss: 'mse',
      optimizer: { name: 'momentum' }, regularization: { kind: 'l1', rate: 0.001 }, init: 'he', seed: 3 },
  ];
  const data = engine.dataset('spiral', { n: 60, classes: 3, seed: 4 });
  const two = { x: data.x, y: data.y.map((v) => (v > 0 ? 1 : 0)) };
  return specs.map((s) => {
    const net = engine.network(s);
    const d = net.outputSize > 1 ? data : two;
    net.fit(d.x, d.y, { epochs: 2, batchSize: 16 });
    const json = net.toJSON();
    net.dispose();
    return json;
  });
}
