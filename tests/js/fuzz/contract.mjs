// The error contract every fuzzer checks, written once.

/**
 * A thrown value is acceptable when it is a TypeError or a RangeError (exactly those classes: never a
 * WebAssembly.RuntimeError from an abort, a number from a C++ throw or a plain Error; with `syntax`,
 * also a SyntaxError that carries its column)
 * whose message starts with `prefix` (the function) followed by the argument it names, e.g.
 * "network.fit: options.batchSize must be ...". Throws an Error describing `call` otherwise (a string, or a
 * function that makes it: most calls of a fuzzer throw, and describing their arguments costs more than the check).
 */
export function checkThrown(e, prefix, described, { syntax = false } = {}) {
  const cls = e?.constructor;
  const call = () => (typeof described === 'function' ? described() : described);
  // A formula that does not parse is a SyntaxError with the 1-based column of the problem.
  const syntaxOk = syntax && cls === SyntaxError && Number.isInteger(e.column) && e.column >= 1;
  if (cls !== TypeError && cls !== RangeError && !syntaxOk)
    throw new Error(`${call()} threw ${cls?.name ?? typeof e} ${String(e?.message ?? e).slice(0, 300)}` +
                    `${cls === SyntaxError ? ` with column ${e.column}` : ''}, not a TypeError or RangeError${syntax ? ' or a SyntaxError with a column' : ''}`);
  const m = prefix.exec(e.message);
  if (!m) throw new Error(`${call()} threw ${cls.name} "${e.message.slice(0, 300)}" whose message does not start with ${prefix}`);
  // After the function: the argument (a path such as options.x[3] or spec.layers[0].units, or "this object").
  const rest = e.message.slice(m[0].length);
  if (!/^(this object\b|[A-Za-z_$][\w$]*(\[\d+\]|\.[\w$]+)*\b)/.test(rest))
    throw new Error(`${call()} threw ${cls.name} "${e.message.slice(0, 300)}" that names no argument after the function`);
  if (e.message.length > 2000) throw new Error(`${call()} threw a ${e.message.length}-character message`);
}

/** Same length and the same bits (NaN payloads and -0 included). */
export function sameBits(a, b) {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
