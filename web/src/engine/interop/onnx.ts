// The subset of the ONNX protobuf schema (onnx/onnx.proto) that an MLP needs, as plain objects, with
// an encoder and a decoder over protobuf.ts. Field numbers are onnx.proto's.
import { ProtoError, type ProtoField, ProtoWriter, readFields, unpackFloats, unpackInts, utf8 } from './protobuf.js';

/** TensorProto.DataType values used here. */
export const FLOAT = 1;
export const INT64 = 7;
export const BOOL = 9;
export const DOUBLE = 11;

export interface Tensor {
  name: string;
  dims: number[];
  dataType: number;
  /** FLOAT and DOUBLE tensors (as float32). */
  floats?: Float32Array;
  /** INT64 and INT32 tensors. */
  ints?: number[];
}

export interface Attribute {
  name: string;
  /** AttributeProto.type: 1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 6 FLOATS, 7 INTS. */
  type: number;
  f?: number;
  i?: number;
  s?: string;
  t?: Tensor;
  floats?: number[];
  ints?: number[];
}

export interface Node {
  name: string;
  op: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Attribute[];
}

/** A graph input or output: element type and shape (a number, a symbolic name, or null for unknown). */
export interface ValueInfo {
  name: string;
  elemType: number;
  dims: Array<number | string | null> | null;
}

export interface Graph {
  name: string;
  nodes: Node[];
  initializers: Tensor[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface Model {
  irVersion: number;
  opsets: Array<{ domain: string; version: number }>;
  producerName: string;
  producerVersion: string;
  docString: string;
  graph: Graph;
  metadata: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Encoding

function writeTensor(w: ProtoWriter, t: Tensor): void {
  w.packedInts(1, t.dims).int(2, t.dataType);
  if (t.floats) w.packedFloats(4, t.floats);
  if (t.ints) w.packedInts(7, t.ints);
  w.string(8, t.name);
}

function writeAttribute(w: ProtoWriter, a: Attribute): void {
  w.string(1, a.name).int(20, a.type);
  if (a.f !== undefined) w.float(2, a.f);
  if (a.i !== undefined) w.int(3, a.i);
  if (a.s !== undefined) w.string(4, a.s);
  if (a.t) w.message(5, (m) => writeTensor(m, a.t!));
  if (a.floats) w.packedFloats(7, a.floats);
  if (a.ints) w.packedInts(8, a.ints);
}

function writeValueInfo(w: ProtoWriter, v: ValueInfo): void {
  w.string(1, v.name).message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, v.elemType);
      if (v.dims)
        tensor.message(2, (shape) => {
          for (const d of v.dims!)
            shape.message(1, (dim) => {
              if (typeof d === 'number') dim.int(1, d);
              else if (typeof d === 'string') dim.string(2, d);
            });
        });
    }));
}

/** Serialises a model to ONNX protobuf bytes. */
export function encodeModel(m: Model): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, m.irVersion).string(2, m.producerName).string(3, m.producerVersion);
  if (m.docString) w.string(6, m.docString);
  w.message(7, (g) => {
    for (const n of m.graph.nodes)
      g.message(1, (nw) => {
        for (const i of n.inputs) nw.string(1, i);
        for (const o of n.outputs) nw.string(2, o);
        nw.string(3, n.name).string(4, n.op);
        for (const a of n.attrs) nw.message(5, (aw) => writeAttribute(aw, a));
        if (n.domain) nw.string(7, n.domain);
      });
    g.string(2, m.graph.name);
    for (const t of m.graph.initializers) g.message(5, (tw) => writeTensor(tw, t));
    for (const v of m.graph.inputs) g.message(11, (vw) => writeValueInfo(vw, v));
    for (const v of m.graph.outputs) g.message(12, (vw) => writeValueInfo(vw, v));
  });
  for (const o of m.opsets) w.message(8, (ow) => ow.string(1, o.domain).int(2, o.version));
  for (const [key, value] of Object.entries(m.metadata)) w.message(14, (e) => e.string(1, key).string(2, value));
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding (unknown fields are skipped, as protobuf readers do)

const nested = (f: ProtoField, what: string): ProtoField[] => {
  if (f.wire !== 2) throw new ProtoError(`${what} is not a message (wire type ${f.wire}) at byte ${f.at}`);
  return readFields(f.data, f.at);
};
const text = (f: ProtoField, what: string): string => {
  if (f.wire !== 2) throw new ProtoError(`${what} is not a string (wire type ${f.wire}) at byte ${f.at}`);
  return utf8(f.data);
};

/** push(...from) without the spread, which exceeds the call stack for a list of ~100,000 values. */
function append(to: number[], from: ArrayLike<number>): void {
  for (let i = 0; i < from.length; i++) to.push(from[i]);
}

function readTensor(fields: ProtoField[]): Tensor {
  const t: Tensor = { name: '', dims: [], dataType: 0 };
  let raw: Uint8Array | undefined;
  const floats: number[] = [];
  const doubles: number[] = [];
  const ints: number[] = [];
  for (const f of fields) {
    if (f.field === 1) append(t.dims, unpackInts(f));
    else if (f.field === 2) t.dataType = f.num;
    else if (f.field === 4) append(floats, unpackFloats(f));
    else if (f.field === 5 || f.field === 7) append(ints, unpackInts(f));
    else if (f.field === 8) t.name = text(f, 'TensorProto.name');
    else if (f.field === 9) raw = f.data;
    else if (f.field === 10) append(doubles, f.wire === 1 ? [f.num] : unpackDoubles(f));
    else if (f.field === 14 && f.num === 1) throw new ProtoError(`tensor "${t.name}" keeps its data in an external file, which loadONNX cannot read`);
  }
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (t.dataType === FLOAT || t.dataType === DOUBLE) {
    if (raw) {
      const size = t.dataType === FLOAT ? 4 : 8;
      if (raw.length !== count * size)
        throw new ProtoError(`tensor "${t.name}" has ${raw.length} bytes of data for ${count} values`);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      t.floats = new Float32Array(count);
      for (let i = 0; i < count; i++) t.floats[i] = size === 4 ? view.getFloat32(4 * i, true) : view.getFloat64(8 * i, true);
    } else t.floats = Float32Array.from(t.dataType === FLOAT ? floats : doubles);
    if (t.floats.length !== count) throw new ProtoError(`tensor "${t.name}" has ${t.floats.length} values for shape [${t.dims}]`);
  } else if (t.dataType === INT64 || t.dataType === 6) {
    if (raw) {
      const size = t.dataType === INT64 ? 8 : 4;
      if (raw.length !== count * size) throw new ProtoError(`tensor "${t.name}" has ${raw.length} bytes of data for ${count} values`);
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      t.ints = Array.from({ length: count }, (_, i) => size === 8 ? Number(view.getBigInt64(8 * i, true)) : view.getInt32(4 * i, true));
    } else t.ints = ints;
    if (t.ints.length !== count) throw new ProtoError(`tensor "${t.name}" has ${t.ints.length} values for shape [${t.dims}]`);
  }
  return t;
}

function unpackDoubles(f: ProtoField): number[] {
  if (f.data.length % 8 !== 0) throw new ProtoError(`a packed double list of ${f.data.length} bytes at byte ${f.at}`);
  const view = new DataView(f.data.buffer, f.data.byteOffset, f.data.byteLength);
  return Array.from({ length: f.data.length / 8 }, (_, i) => view.getFloat64(8 * i, true));
}

function readAttribute(fields: ProtoField[]): Attribute {
  const a: Attribute = { name: '', type: 0 };
  for (const f of fields) {
    if (f.field === 1) a.name = text(f, 'AttributeProto.name');
    else if (f.field === 20) a.type = f.num;
    else if (f.field === 2) a.f = f.num;
    else if (f.field === 3) a.i = f.num;
    else if (f.field === 4) a.s = text(f, 'AttributeProto.s');
    else if (f.field === 5) a.t = readTensor(nested(f, 'AttributeProto.t'));
    else if (f.field === 7) append(a.floats ??= [], unpackFloats(f));
    else if (f.field === 8) append(a.ints ??= [], unpackInts(f));
  }
  return a;
}

function readValueInfo(fields: ProtoField[]): ValueInfo {
  const v: ValueInfo = { name: '', elemType: 0, dims: null };
  for (const f of fields) {
    if (f.field === 1) v.name = text(f, 'ValueInfoProto.name');
    else if (f.field === 2)
      for (const tf of nested(f, 'ValueInfoProto.type')) {
        if (tf.field !== 1) continue;  // sequences, maps, ...: elemType stays 0
        for (const tt of nested(tf, 'TypeProto.tensor_type')) {
          if (tt.field === 1) v.elemType = tt.num;
          else if (tt.field === 2) {
            v.dims = [];
            for (const d of nested(tt, 'TensorShapeProto')) {
              if (d.field !== 1) continue;
              let dim: number | string | null = null;
              for (const x of nested(d, 'TensorShapeProto.Dimension')) {
                if (x.field === 1) dim = x.num;
                else if (x.field === 2) dim = text(x, 'dim_param');
              }
              v.dims.push(dim);
            }
          }
        }
      }
  }
  return v;
}

function readNode(fields: ProtoField[]): Node {
  const n: Node = { name: '', op: '', domain: '', inputs: [], outputs: [], attrs: [] };
  for (const f of fields) {
    if (f.field === 1) n.inputs.push(text(f, 'NodeProto.input'));
    else if (f.field === 2) n.outputs.push(text(f, 'NodeProto.output'));
    else if (f.field === 3) n.name = text(f, 'NodeProto.name');
    else if (f.field === 4) n.op = text(f, 'NodeProto.op_type');
    else if (f.field === 5) n.attrs.push(readAttribute(nested(f, 'NodeProto.attribute')));
    else if (f.field === 7) n.domain = text(f, 'NodeProto.domain');
  }
  return n;
}

/** Parses ONNX protobuf bytes. Throws ProtoError (a RangeError) for bytes that are not a well-formed model. */
export function decodeModel(bytes: Uint8Array): Model {
  const m: Model = {
    irVersion: 0, opsets: [], producerName: '', producerVersion: '', docString: '', metadata: {},
    graph: { name: '', nodes: [], initializers: [], inputs: [], outputs: [] },
  };
  let hasGraph = false;
  for (const f of readFields(bytes)) {
    if (f.field === 1) m.irVersion = f.num;
    else if (f.field === 2) m.producerName = text(f, 'ModelProto.producer_name');
    else if (f.field === 3) m.producerVersion = text(f, 'ModelProto.producer_version');
    else if (f.field === 6) m.docString = text(f, 'ModelProto.doc_string');
    else if (f.field === 8) {
      const o = { domain: '', version: 0 };
      for (const x of nested(f, 'ModelProto.opset_import')) {
        if (x.field === 1) o.domain = text(x, 'OperatorSetIdProto.domain');
        else if (x.field === 2) o.version = x.num;
      }
      m.opsets.push(o);
    } else if (f.field === 14) {
      let key = '', value = '';
      for (const x of nested(f, 'ModelProto.metadata_props')) {
        if (x.field === 1) key = text(x, 'key');
        else if (x.field === 2) value = text(x, 'value');
      }
      m.metadata[key] = value;
    } else if (f.field === 7) {
      hasGraph = true;
      const g = m.graph;
      for (const x of nested(f, 'ModelProto.graph')) {
        if (x.field === 1) g.nodes.push(readNode(nested(x, 'GraphProto.node')));
        else if (x.field === 2) g.name = text(x, 'GraphProto.name');
        else if (x.field === 5) g.initializers.push(readTensor(nested(x, 'GraphProto.initializer')));
        else if (x.field === 11) g.inputs.push(readValueInfo(nested(x, 'GraphProto.input')));
        else if (x.field === 12) g.outputs.push(readValueInfo(nested(x, 'GraphProto.output')));
      }
    }
  }
  if (!hasGraph || m.irVersion <= 0) throw new ProtoError('the bytes hold no ONNX model (no ir_version or no graph)');
  return m;
}
