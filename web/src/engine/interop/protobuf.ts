// A small Protocol Buffers wire-format writer and reader: just what the ONNX files need (varints,
// length-delimited fields, packed repeats, fixed32 floats). No schema compiler: onnx.ts names the fields.

/** Appends protobuf fields to a growing byte buffer. */
export class ProtoWriter {
  #buf = new Uint8Array(256);
  #len = 0;

  #reserve(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  #byte(b: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = b;
  }

  /** A varint; negative values as 64-bit two's complement (10 bytes), as protobuf's int64. */
  #varint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`protobuf: ${value} is not a safe integer`);
    if (value < 0) {
      let v = BigInt.asUintN(64, BigInt(value));
      while (v >= 0x80n) {
        this.#byte(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
      }
      this.#byte(Number(v));
      return;
    }
    while (value >= 0x80) {
      this.#byte((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    this.#byte(value);
  }

  #tag(field: number, wire: number): void {
    this.#varint(field * 8 + wire);
  }

  /** An int32/int64/enum field. */
  int(field: number, value: number): this {
    this.#tag(field, 0);
    this.#varint(value);
    return this;
  }

  /** A float field (fixed32). */
  float(field: number, value: number): this {
    this.#tag(field, 5);
    this.#reserve(4);
    new DataView(this.#buf.buffer).setFloat32(this.#len, value, true);
    this.#len += 4;
    return this;
  }

  bytes(field: number, data: Uint8Array): this {
    this.#tag(field, 2);
    this.#varint(data.length);
    this.#reserve(data.length);
    this.#buf.set(data, this.#len);
    this.#len += data.length;
    return this;
  }

  string(field: number, text: string): this {
    return this.bytes(field, new TextEncoder().encode(text));
  }

  /** An embedded message, written by `body` into its own writer. */
  message(field: number, body: (w: ProtoWriter) => void): this {
    const w = new ProtoWriter();
    body(w);
    return this.bytes(field, w.finish());
  }

  /** A packed repeated int64 field. */
  packedInts(field: number, values: readonly number[]): this {
    const w = new ProtoWriter();
    for (const v of values) w.#varint(v);
    return this.bytes(field, w.finish());
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const data = new Uint8Array(values.length * 4);
    const view = new DataView(data.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
    return this.bytes(field, data);
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** One field as read: its number, wire type and value (a number for varints and fixed32/64, bytes otherwise). */
export interface ProtoField {
  field: number;
  wire: number;
  /** Varint value (int64 as a JS number; exact below 2^53) or the raw bits of fixed32/fixed64 read as float/double. */
  num: number;
  /** Length-delimited payload. */
  data: Uint8Array;
  /** Offset of the field in the outermost buffer, for error messages. */
  at: number;
}

/** A malformed or truncated protobuf message. */
export class ProtoError extends RangeError {}

/** Reads every field of one message. Throws ProtoError for truncated or malformed bytes. */
export function readFields(data: Uint8Array, base = 0): ProtoField[] {
  const out: ProtoField[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  const fail = (why: string): never => {
    throw new ProtoError(`${why} at byte ${base + pos}`);
  };
  const varint = (): number => {
    const r = decodeVarint(data, pos);
    if (r === 'end') return fail('the data ends inside a number (truncated file)');
    if (r === 'long') return fail('a number longer than 10 bytes (not a protobuf file)');
    pos = r[1];
    return r[0];
  };
  while (pos < data.length) {
    const at = base + pos;
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (field < 1) fail(`field number ${field} (not a protobuf file)`);
    const f: ProtoField = { field, wire, num: 0, data: EMPTY, at };
    if (wire === 0) f.num = varint();
    else if (wire === 1) {
      if (pos + 8 > data.length) fail('the data ends inside a 64-bit value (truncated file)');
      f.num = view.getFloat64(pos, true);
      pos += 8;
    } else if (wire === 5) {
      if (pos + 4 > data.length) fail('the data ends inside a 32-bit value (truncated file)');
      f.num = view.getFloat32(pos, true);
      pos += 4;
    } else if (wire === 2) {
      const len = varint();
      if (len < 0 || pos + len > data.length) fail(`a field of ${len} bytes runs past the end (truncated file)`);
      f.data = data.subarray(pos, pos + len);
      pos += len;
    } else fail(`wire type ${wire} (not a protobuf file, or a kind of field ONNX does not use)`);
    out.push(f);
  }
  return out;
}

const EMPTY = new Uint8Array(0);

/** One varint at `pos`: [value (int64 as a JS number), next position], or why it cannot be read. */
function decodeVarint(d: Uint8Array, pos: number): [number, number] | 'end' | 'long' {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= d.length) return 'end';
    const b = d[pos++];
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return [Number(BigInt.asIntN(64, result)), pos];
    shift += 7n;
  }
  return 'long';
}

/** Decodes a packed (or single) repeated varint field. */
export function unpackInts(f: ProtoField): number[] {
  if (f.wire === 0) return [f.num];
  const out: number[] = [];
  for (let pos = 0; pos < f.data.length;) {
    const r = decodeVarint(f.data, pos);
    if (typeof r === 'string') throw new ProtoError(`a packed list of numbers is malformed at byte ${f.at}`);
    out.push(r[0]);
    pos = r[1];
  }
  return out;
}

/** Decodes a packed (or single) repeated float field. */
export function unpackFloats(f: ProtoField): Float32Array {
  if (f.wire === 5) return Float32Array.of(f.num);
  if (f.data.length % 4 !== 0) throw new ProtoError(`a packed float list of ${f.data.length} bytes (not a multiple of 4) at byte ${f.at}`);
  const view = new DataView(f.data.buffer, f.data.byteOffset, f.data.byteLength);
  const out = new Float32Array(f.data.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

export const utf8 = (data: Uint8Array): string => new TextDecoder().decode(data);
