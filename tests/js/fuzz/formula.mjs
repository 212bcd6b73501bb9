// Arguments for the formula and ONNX entry points of the API fuzzer (./api.mjs): formulas drawn from the
// language's grammar, then maybe mutated (characters deleted, inserted, swapped), nested past any
// sensible depth or made too long; parameter declarations valid or not; ONNX bytes exported from saved
// networks with bits flipped, cut short or grown.
import fc from 'fast-check';

import { anything, field, mix } from './values.mjs';

/** The names the fuzzer defines (and redefines), so that later calls use them. */
export const DEFINED = ['fz_a', 'fz_b', 'fz_c'];
const PARAMS = ['alpha', 'beta', 'k'];
const FN1 = ['exp', 'expm1', 'log', 'log1p', 'sqrt', 'abs', 'sign', 'sin', 'tanh', 'erf', 'sigmoid', 'softplus', 'relu', 'mish', 'gelu'];

/** A formula from the grammar: numbers, x, parameters, constants, + - * / ^, calls, where(). */
const grammar = fc.letrec((tie) => ({
  expr: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('x', 'x', 'pi', 'e', ...PARAMS),
    fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constantFrom(0, 1, 2, 0.5, 1e-300, 1e300)).map((v) => String(v)),
    fc.tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '^', '+', '*', '-', '/', ' < '), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom(...FN1), tie('expr')).map(([f, a]) => `${f}(${a})`),
    fc.tuple(fc.constantFrom('min', 'max', 'elu', 'swish'), tie('expr'), tie('expr')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `where(${c} > 0, ${a}, ${b})`),
    tie('expr').map((a) => `-${a}`)),
})).expr;

const mutation = fc.record({ at: fc.nat(), kind: fc.constantFrom('delete', 'insert', 'swap'),
  ch: fc.constantFrom('(', ')', ',', '+', '*', '^', '.', 'e', 'x', 'y', '9', ' ', '<', '=', '\u00a0', '\0', 'é') });
function mutate(text, m) {
  const i = text.length ? m.at % text.length : 0;
  if (m.kind === 'delete') return text.slice(0, i) + text.slice(i + 1);
  if (m.kind === 'insert') return text.slice(0, i) + m.ch + text.slice(i);
  return text.length > 1 ? text.slice(0, i) + text[(i + 1) % text.length] + text[i] + text.slice(i + 2) : text;
}

/** A formula: from the grammar (maybe mutated), nested deeply, too long, or not a string. */
export const formula = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(grammar, fc.array(mutation, { maxLength: 2 })).map(([f, ms]) => ms.reduce(mutate, f)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('(', '-', 'exp(', 'x^', 'abs(', '-('), fc.constantFrom(50, 300, 3000, 100000))
    .map(([open, n]) => open.repeat(n) + 'x' + (open.endsWith('(') ? ')'.repeat(n) : '')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'x'.repeat(1001), `${'x+'.repeat(150)}x`, 'x + + x', '1e999 * x', 'x $ 2', 'relu', 'softmax(x)') },
  { weight: 1, arbitrary: anything });

const paramSpec = fc.record({ default: field(fc.double({ min: 0, max: 2 })), min: field(fc.constantFrom(0, -1, -10)),
  max: field(fc.constantFrom(2, 10, 100)), learnable: field(fc.boolean()) }, { requiredKeys: ['default', 'min', 'max'] });

/** defineActivation's argument: a name of ours (or a catalogue name, or wild), a formula, its parameters. */
export const definition = mix(fc.record({
  name: field(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...DEFINED) }, { weight: 1, arbitrary: fc.constantFrom('relu', 'Not a name', '', 'x'.repeat(65)) })),
  formula,
  // Mostly every parameter the grammar may use, declared well; sometimes none, or odd names.
  params: fc.oneof({ weight: 6, arbitrary: fc.record(Object.fromEntries(PARAMS.map((p) => [p, paramSpec]))) },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: mix(fc.dictionary(fc.constantFrom(...PARAMS, 'x', 'pi', 'Bad-name'), paramSpec, { maxKeys: 3 })) }),
  label: fc.option(field(fc.string({ maxLength: 10 }))),
}, { requiredKeys: ['name', 'formula'] }).map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== null))));

/** checkFormula's arguments. */
export const preview = fc.tuple(formula, fc.option(mix(fc.subarray(PARAMS)), { freq: 2 }));

/** null 7 times in 8, else a value of `arb`. */
const rarely = (arb) => fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

/** A mutation of exported ONNX bytes: bits flipped, cut, grown, or a wild argument instead. */
export const onnxMutation = fc.oneof(
  { weight: 6, arbitrary: fc.record({ flips: fc.array(fc.tuple(fc.nat(), fc.nat(7)), { maxLength: 3 }), cut: rarely(fc.nat()),
    grow: rarely(fc.uint8Array({ maxLength: 16 })), buffer: fc.boolean() }) },
  { weight: 1, arbitrary: anything.map((wild) => ({ wild })) });

/** Applies an {@link onnxMutation} to a copy of `bytes`. */
export function mutateOnnx(bytes, m) {
  if ('wild' in m) return m.wild;
  let b = bytes.slice();
  for (const [at, bit] of m.flips) b[at % b.length] ^= 1 << bit;
  if (m.cut !== null) b = b.subarray(0, m.cut % (b.length + 1));
  if (m.grow !== null) b = Uint8Array.from([...b, ...m.grow]);
  return m.buffer ? b.slice().buffer : b;
}

