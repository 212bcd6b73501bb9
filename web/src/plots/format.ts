// The number formats of the plots' tick labels and read-outs, written as d3-format's default locale writes
// them (d3-format 3.1: the minus sign U+2212, ',' between thousands, '.' before decimals), for the
// specifiers the first-paint code uses: '.P~g' (P significant digits, insignificant zeros dropped),
// ',.Pf' and ',f' (fixed, grouped), '.P%' (per cent). d3-format itself (about 5 KB of every page's
// shared chunk) is left to the charts that load later; tests/js/format.test.mjs checks these against it.

const SPEC = /^(,)?(?:\.(\d+))?(~)?([fg%])$/;
const MINUS = '\u2212';

/** Drops insignificant zeros ("1.500" to "1.5", "2.000e+21" to "2e+21"), as d3-format's `~` does. */
function trimZeros(s: string): string {
  let i0 = -1, i1 = -1;
  out: for (let i = 1; i < s.length; ++i) {
    switch (s[i]) {
      case '.': i0 = i1 = i; break;
      case '0': if (i0 === 0) i0 = i; i1 = i; break;
      default: if (!+s[i]) break out; if (i0 > 0) i0 = 0; break;
    }
  }
  return i0 > 0 ? s.slice(0, i0) + s.slice(i1 + 1) : s;
}

/** "1234567" to "1,234,567". */
function group(digits: string): string {
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) out = digits.slice(Math.max(0, i - 3), i) + (out && ',' + out);
  return out;
}

/** A formatter for `spec` (one of the forms above; another is a RangeError naming it). */
export function format(spec: string): (value: number) => string {
  const m = SPEC.exec(spec);
  if (!m) throw new RangeError(`format: spec must be ',.Pf', ',f', '.P~g', '.Pg' or '.P%', got ${JSON.stringify(spec)}`);
  const [, comma, digits, trim, type] = m;
  const given = digits === undefined ? 6 : +digits;
  const p = type === 'g' ? Math.max(1, Math.min(21, given)) : Math.max(0, Math.min(20, given));
  const body = type === 'g' ? (x: number) => x.toPrecision(p)
    : type === 'f' ? (x: number) => x.toFixed(p) : (x: number) => (x * 100).toFixed(p);
  const suffix = type === '%' ? '%' : '';
  return (value: number) => {
    value = +value;
    let negative = value < 0 || 1 / value < 0;
    let s = Number.isNaN(value) ? 'NaN' : body(Math.abs(value));
    if (trim) s = trimZeros(s);
    if (negative && +s === 0) negative = false;  // a negative value that rounds to zero has no sign
    let i = 0;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    return (negative ? MINUS : '') + (comma ? group(s.slice(0, i)) : s.slice(0, i)) + s.slice(i) + suffix;
  };
}

/** The decimals a fixed format needs to tell apart values `step` apart (d3-format's precisionFixed): NaN for 0 or a non-finite step. */
export function precisionFixed(step: number): number {
  const x = Math.abs(step);
  if (!Number.isFinite(x) || x === 0) return NaN;
  return Math.max(0, -+x.toExponential().split('e')[1]);
}
