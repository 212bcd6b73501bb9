// Argument checks shared by the whole API. Every failure is a TypeError (wrong kind of value) or a
// RangeError (right kind, unacceptable value) whose message has three parts:
//   "<function>: <argument> must be <what is accepted>, got <what was passed>"
// e.g. "network.fit: options.batchSize must be an integer in [1, 1000000], got 2.5".
// `what` below is always the "<function>: <argument>" prefix. No check coerces silently: a string
// where a number belongs is a TypeError, never Number("3").

/** A short, bounded description of a value for error messages ("NaN", "a string \"abc\"", "an array of length 3"). */
export function describe(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `the bigint ${value}n`;
    case 'boolean':
      return String(value);
    case 'symbol':
      return String(value);
    case 'function':
      return 'a function';
    case 'string': {
      const s = value.length > 40 ? value.slice(0, 40) + '…' : value;
      return `the string ${JSON.stringify(s)}`;
    }
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  const name = (value as object).constructor?.name;
  return !name || name === 'Object' ? 'an object' : `a ${name}`;
}

/** Throws a TypeError naming `what` unless `value` is a string. */
export function checkString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  return value;
}

/** Throws a TypeError naming `what` unless `value` is a boolean (no truthiness coercion). */
export function checkBoolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be true or false, got ${describe(value)}`);
  return value;
}

/** Throws unless `value` is a finite number (TypeError for non-numbers, RangeError for NaN and ±Infinity). */
export function checkFinite(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite number, got ${value}`);
  return value;
}

/**
 * Checks a finite number in [min, max] (or (min, max] with `minExclusive`), e.g. a learning rate in (0, 10].
 * TypeError for non-numbers, RangeError for NaN, ±Infinity and values outside the interval.
 */
export function checkNumber(value: unknown, what: string, min: number, max: number,
                            { minExclusive = false, maxExclusive = false } = {}): number {
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  const lo = minExclusive ? value > min : value >= min;
  const hi = maxExclusive ? value < max : value <= max;
  if (!Number.isFinite(value) || !lo || !hi) {
    const range = `${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
    throw new RangeError(`${what} must be a finite number in ${range}, got ${describe(value)}`);
  }
  return value;
}

/** Checks an integer in [min, max] (TypeError for non-numbers; RangeError for NaN, fractions and values outside). */
export function checkInt(value: unknown, what: string, min: number, max: number): number {
  if (typeof value !== 'number') throw new TypeError(`${what} must be an integer, got ${describe(value)}`);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${what} must be an integer in [${min}, ${max}], got ${describe(value)}`);
  return value;
}

/** Throws a TypeError unless `value` is a plain object (not null, not an array); returns it typed as a record. */
export function checkObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value))
    throw new TypeError(`${what} must be an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

/**
 * Like {@link checkObject}, and also rejects keys outside `allowed` (a misspelt option would otherwise be
 * ignored without a word): TypeError "<what> has an unknown key "batchsize" (did you mean "batchSize"?); accepted keys:
 * epochs, batchSize, shuffle". The suggestion appears when one accepted key is close (see closest()).
 * `undefined` passes as an empty object.
 */
export function checkOptions(value: unknown, what: string, allowed: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  const obj = checkObject(value, what);
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const near = closest(key, allowed);
    throw new TypeError(`${what} has an unknown key ${JSON.stringify(key)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; ` +
                        `accepted keys: ${allowed.join(', ')}`);
  }
  return obj;
}

/** The accepted key a misspelt one most likely meant: the same letters in another case, or at most two
 *  edits away (one for keys of four letters or fewer); undefined when nothing is that close. */
function closest(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const same = allowed.find((a) => a.toLowerCase() === lower);
  if (same) return same;
  let best: string | undefined, bestDistance = key.length <= 4 ? 2 : 3;
  for (const a of allowed) {
    const d = editDistance(lower, a.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [a, d];
  }
  return best;
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * Checks a name from a fixed list (activations, datasets, features, losses, optimizers...): TypeError if it is
 * not a string, RangeError listing the accepted names otherwise.
 */
export function checkOneOf<T extends string>(value: unknown, what: string, accepted: readonly T[]): T {
  if (typeof value !== 'string')
    throw new TypeError(`${what} must be one of ${accepted.join(', ')}, got ${describe(value)}`);
  if (!accepted.includes(value as T))
    throw new RangeError(`${what} must be one of ${accepted.join(', ')}, got ${describe(value)}`);
  return value as T;
}

/** Options of {@link toFloat32}. */
export interface Float32Check {
  /** Reject NaN and ±Infinity elements (RangeError naming the index). Default false. */
  finite?: boolean;
  /** Required length (RangeError if different). */
  length?: number;
  /** Explains `length` in the error message, e.g. "2 per point for 500 points". */
  lengthWhy?: string;
}

/**
 * What every array argument of the API accepts (see {@link toFloat32}): a Float32Array, any other typed array
 * of numbers (converted to float32 once per call) or a plain array of numbers. BigInt arrays are not numbers.
 */
export type Batch = Float32Array | Float64Array | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array |
  Int32Array | Uint32Array | readonly number[];

/** {@link Batch} in words, for error messages. */
const BATCH_WORDS = 'a Float32Array, another numeric typed array (not BigInt64Array/BigUint64Array) or an array of numbers';

/**
 * Accepts a {@link Batch}: a Float32Array (returned as is, not copied), a plain array of numbers or any numeric
 * typed array (converted once). TypeError for anything else, or for an element that is not a number (naming the index);
 * RangeError for a wrong length or, with `finite`, for a NaN or infinite element.
 */
export function toFloat32(value: unknown, what: string, check: Float32Check = {}): Float32Array {
  let out: Float32Array;
  if (value instanceof Float32Array) {
    out = value;
  } else if (Array.isArray(value)) {
    out = new Float32Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (typeof v !== 'number') throw new TypeError(`${what}[${i}] must be a number, got ${describe(v)}`);
      out[i] = v;
    }
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) &&
             !(value instanceof BigUint64Array)) {
    out = Float32Array.from(value as unknown as ArrayLike<number>);
  } else {
    throw new TypeError(`${what} must be ${BATCH_WORDS}, got ${describe(value)}`);
  }
  if (check.length !== undefined && out.length !== check.length)
    throw new RangeError(`${what} must have length ${check.length}${check.lengthWhy ? ` (${check.lengthWhy})` : ''}, ` +
                         `got length ${out.length}`);
  if (check.finite) {
    for (let i = 0; i < out.length; i++) {
      if (Number.isFinite(out[i])) continue;
      const original = (value as ArrayLike<number>)[i];
      // A finite double beyond ±3.4e38 overflows to ±Infinity in float32: say so rather than "not finite".
      const why = Number.isFinite(original) ? ' within the float32 range (|x| < 3.4e38)' : '';
      throw new RangeError(`${what}[${i}] must be a finite number${why}, got ${describe(original)}`);
    }
  }
  return out;
}

/** The error for a call on a disposed object: a TypeError, as for a detached ArrayBuffer. */
export function disposedError(what: string): TypeError {
  return new TypeError(`${what}: this object was disposed (dispose() frees its WebAssembly memory); create a new one`);
}
