// The wild values the fuzzers mix into every argument: each kind of JS value, the numbers that break
// size and range checks (NaN, ±Infinity, -0, 2^31, 2^32, 2^53, 1e300, fractions), typed arrays of
// every element type, arrays with holes of the wrong type, objects with unknown keys.
import fc from 'fast-check';

/** Numbers at the edges: none of them a valid size, and most not a valid anything. */
export const wildNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 0.5, 2.5, -2.5, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 31), 1e7, 1e9, 1e300, -1e300,
    Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 3.5e38, -3.5e38),
  // Random doubles, but never a modest whole number (a valid epochs or grid size would make a call slow, not wrong).
  fc.double().filter((v) => !Number.isInteger(v) || Math.abs(v) > 1e7));

/** Float32Arrays of length n whose elements include NaN, ±Infinity, -0 and extremes. */
export const float32s = (n) => fc.array(fc.oneof(fc.float(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 3.4e38)),
  { minLength: n, maxLength: n }).map((a) => Float32Array.from(a));

const typedArray = fc.tuple(fc.constantFrom(Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Int32Array, Uint32Array, Float64Array,
  Float32Array, BigInt64Array), fc.integer({ min: 0, max: 9 })).map(([T, n]) => new T(n));

/** Any JS value, shallow or a little nested: the "wrong type" half of every argument. */
export const anything = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    wildNumber, fc.integer(), fc.string({ maxLength: 12 }), fc.constantFrom('3', '', 'NaN', 'relu', 'x1', '1e9'),
    fc.boolean(), fc.constant(null), fc.constant(undefined), fc.bigInt(), fc.constant(Symbol.for('fuzz')), fc.constant(() => 1),
    typedArray, fc.constant(new DataView(new ArrayBuffer(8))), fc.constant(new ArrayBuffer(8)), fc.date(),
    fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 3 }),
    fc.constant(Object.create(null)), fc.constant(new Map()), fc.constant(Promise.resolve(1))),
})).value;

/** Mostly `valid`, sometimes anything at all (an argument). */
export const mix = (valid, weight = 8) => fc.oneof({ weight, arbitrary: valid }, { weight: 1, arbitrary: anything });
/** Nearly always `valid` (a field of an options object: one wild field among several is enough). */
export const field = (valid) => mix(valid, 40);
