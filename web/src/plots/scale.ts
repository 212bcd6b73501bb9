// A linear scale for the plots on every page's first paint (the activation plot, axes, softmax bars):
// the part of d3-scale's scaleLinear they use, with the same ticks, nice() and tick labels (the same
// arithmetic as d3-array's ticks and d3-scale's nice and tickFormat, checked against d3 in
// tests/js/scale.test.mjs), without d3-scale's interpolators and colour parsing (about 19 KB of the
// shared chunk). Other charts (heatmap colours, log axes) still use d3-scale.
import { format, precisionFixed } from './format.js';

/** A map from a numeric domain [d0, d1] to a range [r0, r1] in pixels; d3's ScaleLinear satisfies it. */
export interface LinearScale {
  (value: number): number;
  domain(): number[];
  range(): number[];
  invert(pixel: number): number;
  ticks(count?: number): number[];
  tickFormat(count?: number): (value: number) => string;
}

/** The scale {@link linearScale} returns: also settable (domain, range) and nice(). */
export interface MutableLinearScale extends LinearScale {
  domain(): number[];
  domain(d: readonly number[]): MutableLinearScale;
  range(): number[];
  range(r: readonly number[]): MutableLinearScale;
  nice(count?: number): MutableLinearScale;
}

const SQRT50 = Math.sqrt(50), SQRT10 = Math.sqrt(10), SQRT2 = Math.sqrt(2);

/**
 * The tick grid for [start, stop] (start <= stop) with about `count` ticks: ticks are i * inc for i in
 * [i1, i2] when inc > 0, and i / -inc when inc < 0 (steps below 1 are kept as their inverse, exact).
 */
function grid(start: number, stop: number, count: number): [number, number, number] {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const mantissa = step / Math.pow(10, power);
  const factor = mantissa >= SQRT50 ? 10 : mantissa >= SQRT10 ? 5 : mantissa >= SQRT2 ? 2 : 1;
  let i1: number, i2: number, inc: number;
  if (power < 0) {
    inc = Math.pow(10, -power) / factor;
    i1 = Math.round(start * inc);
    i2 = Math.round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = Math.pow(10, power) * factor;
    i1 = Math.round(start / inc);
    i2 = Math.round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && count >= 0.5 && count < 2) return grid(start, stop, count * 2);
  return [i1, i2, inc];
}

function ticksOf(start: number, stop: number, count: number): number[] {
  if (!(count > 0)) return [];
  if (start === stop) return [start];
  const reverse = stop < start;
  const [i1, i2, inc] = reverse ? grid(stop, start, count) : grid(start, stop, count);
  if (!(i2 >= i1)) return [];
  const n = i2 - i1 + 1;
  const out = new Array<number>(n);
  for (let i = 0; i < n; ++i) {
    const k = reverse ? i2 - i : i1 + i;
    out[i] = inc < 0 ? k / -inc : k * inc;
  }
  return out;
}

/** The signed tick step (the increment of {@link grid}, its inverse when below 1). */
function stepOf(start: number, stop: number, count: number): number {
  const reverse = stop < start;
  const inc = (reverse ? grid(stop, start, count) : grid(start, stop, count))[2];
  return (reverse ? -1 : 1) * (inc < 0 ? 1 / -inc : inc);
}

/**
 * v's position in [from0, from1] carried to [to0, to1] (as d3 does it: from the smaller end of `from`,
 * so that the rounding is d3's too; a degenerate `from` maps to the middle of `to`).
 */
function map(v: number, [f0, f1]: number[], [t0, t1]: number[]): number {
  if (f1 < f0) [f0, f1, t0, t1] = [f1, f0, t1, t0];
  const width = f1 - f0;
  const t = width ? (v - f0) / width : Number.isNaN(width) ? NaN : 0.5;
  return t0 * (1 - t) + t1 * t;
}

/** A linear scale, identity on [0, 1] until domain() and range() are set. */
export function linearScale(): MutableLinearScale {
  let d = [0, 1];
  let r = [0, 1];
  const scale = ((v: number) => map(v, d, r)) as MutableLinearScale;
  scale.domain = ((next?: readonly number[]) => {
    if (next === undefined) return [...d];
    d = [+next[0], +next[next.length - 1]];
    return scale;
  }) as MutableLinearScale['domain'];
  scale.range = ((next?: readonly number[]) => {
    if (next === undefined) return [...r];
    r = [+next[0], +next[next.length - 1]];
    return scale;
  }) as MutableLinearScale['range'];
  scale.invert = (p: number) => map(p, r, d);
  scale.ticks = (count = 10) => ticksOf(d[0], d[1], count);
  scale.tickFormat = (count = 10) => {
    const precision = precisionFixed(stepOf(d[0], d[1], count));
    return format(Number.isNaN(precision) ? ',f' : `,.${precision}f`);
  };
  scale.nice = (count = 10) => {
    // Widens the domain to whole steps until the step stops changing (at most ten rounds).
    const flip = d[1] < d[0];
    let start = flip ? d[1] : d[0];
    let stop = flip ? d[0] : d[1];
    let previous: number | undefined;
    for (let round = 0; round < 10; round++) {
      const step = grid(start, stop, count)[2];
      if (step === previous) {
        d = flip ? [stop, start] : [start, stop];
        return scale;
      }
      if (step > 0) {
        start = Math.floor(start / step) * step;
        stop = Math.ceil(stop / step) * step;
      } else if (step < 0) {
        start = Math.ceil(start * step) / step;
        stop = Math.floor(stop * step) / step;
      } else {
        break;
      }
      previous = step;
    }
    return scale;
  };
  return scale;
}
