// Argument checks shared by the whole API. Every failure is a TypeError or RangeError whose message
// starts with the function and argument it is about, e.g. "activation: name must be a string".

/** Throws a TypeError naming `what` unless `value` is a string. */
export function checkString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  return value;
}

/** Throws unless `value` is a finite number (TypeError for non-numbers, RangeError for NaN/±Infinity). */
export function checkFinite(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be finite, got ${value}`);
  return value;
}

/** Checks an integer in [min, max]. */
export function checkInt(value: unknown, what: string, min: number, max: number): number {
  checkFinite(value, what);
  const v = value as number;
  if (!Number.isInteger(v) || v < min || v > max)
    throw new RangeError(`${what} must be an integer in [${min}, ${max}], got ${v}`);
  return v;
}

/** Accepts a Float32Array, a numeric array or any typed array; returns a Float32Array (no copy if already one). */
export function toFloat32(value: unknown, what: string): Float32Array {
  if (value instanceof Float32Array) return value;
  if (Array.isArray(value)) {
    const out = new Float32Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'number') throw new TypeError(`${what}[${i}] must be a number, got ${describe(v)}`);
      out[i] = v;
    }
    return out;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) &&
      !(value instanceof BigUint64Array))
    return Float32Array.from(value as unknown as ArrayLike<number>);
  throw new TypeError(`${what} must be a Float32Array or an array of numbers, got ${describe(value)}`);
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return String(value);
}
