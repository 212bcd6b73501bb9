// The structural checks loadONNX makes on a decoded graph before it maps anything: every tensor a node
// reads exists, no tensor has two producers, each operator the importer indexes has the inputs it needs,
// and the nodes form no cycle. After them the importer's walks (back from the output, through
// Identity/Flatten, through the feature nodes) only ever move upstream in a finite DAG, so they end.
import type { Graph, Node } from './onnx.js';

const fail = (why: string): never => {
  throw new RangeError(`loadONNX: ${why}`);
};
export const nodeName = (n: Node): string => `node "${n.name || n.outputs[0] || '?'}" (${n.op})`;

/** How many inputs the operators that the importer reads by position take (ONNX's arities, opset 11+). */
const ARITY: Record<string, [number, number]> = {
  Identity: [1, 1], Flatten: [1, 1], Sin: [1, 1], Add: [2, 2], Mul: [2, 2], MatMul: [2, 2], Gemm: [2, 3],
  Concat: [1, Infinity], Slice: [3, 5], Constant: [0, 0],
};

/** Throws a RangeError naming the node and what is wrong; returns the producer of every node output. */
export function checkGraph(g: Graph): Map<string, Node> {
  const producer = new Map<string, Node>();
  const sources = new Set<string>([...g.initializers.map((t) => t.name), ...g.inputs.map((v) => v.name)]);
  for (const n of g.nodes) {
    if (n.outputs.length === 0 || n.outputs.some((o) => o === ''))
      fail(`${nodeName(n)} has ${n.outputs.length === 0 ? 'no output' : 'an output with an empty name'}`);
    for (const o of n.outputs) {
      const other = producer.get(o);
      if (other) fail(`tensor "${o}" is computed by both ${nodeName(other)} and ${nodeName(n)}`);
      if (sources.has(o)) fail(`${nodeName(n)} computes tensor "${o}", which is already a graph input or initializer`);
      producer.set(o, n);
    }
  }
  for (const n of g.nodes) {
    const arity = ARITY[n.op];
    if (arity && (n.inputs.length < arity[0] || n.inputs.length > arity[1]))
      fail(`${nodeName(n)} has ${n.inputs.length} inputs; ${n.op} takes ` +
           `${arity[0] === arity[1] ? arity[0] : arity[1] === Infinity ? `${arity[0]} or more` : `${arity[0]} to ${arity[1]}`}`);
    n.inputs.forEach((i, k) => {
      // An empty name is ONNX's way to leave an optional input out; a required one must be there.
      if (i === '') {
        if (!arity || k < arity[0]) fail(`${nodeName(n)} leaves its input ${k} out, which ${n.op} needs`);
      } else if (!sources.has(i) && !producer.has(i))
        fail(`${nodeName(n)} reads tensor "${i}", which no node, initializer or graph input provides`);
    });
  }
  for (const v of g.outputs)
    if (!sources.has(v.name) && !producer.has(v.name)) fail(`the graph output "${v.name}" is a tensor that nothing computes`);
  findCycle(g.nodes, producer);
  return producer;
}

/** Depth-first over the inputs, without recursion (a long chain must not exhaust the stack). */
function findCycle(nodes: Node[], producer: Map<string, Node>): void {
  const state = new Map<Node, 1 | 2>();  // 1: on the current path, 2: done
  for (const start of nodes) {
    if (state.has(start)) continue;
    const path: Array<{ node: Node; next: number }> = [{ node: start, next: 0 }];
    state.set(start, 1);
    while (path.length) {
      const top = path[path.length - 1];
      if (top.next === top.node.inputs.length) {
        state.set(top.node, 2);
        path.pop();
        continue;
      }
      const up = producer.get(top.node.inputs[top.next++]);
      if (!up || state.get(up) === 2) continue;
      if (state.get(up) === 1) {
        const cycle = [...path.slice(path.findIndex((p) => p.node === up)).map((p) => nodeName(p.node)), nodeName(up)];
        const shown = cycle.length > 6 ? [...cycle.slice(0, 3), '...', ...cycle.slice(-2)] : cycle;
        fail(`${nodeName(up)} is in a cycle (${shown.join(' reads ')}); an ONNX graph has none`);
      }
      state.set(up, 1);
      path.push({ node: up, next: 0 });
    }
  }
}
