// parseCsv(): labelled points from CSV text, `inputs` feature columns then a label column per line.
// Separators: comma, semicolon or tab. Blank lines and lines starting with # are skipped; the first
// other line is a header when none of its cells is a number. Parsing is all-or-nothing: every bad line
// is collected and reported in one CsvError (a RangeError naming the first line and column).
import { checkInt, checkNumber, checkOptions, checkString, describe } from './errors.js';

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /** Feature columns before the label (default 2: x1, x2). */
  inputs?: number;
  /** Labels must be whole numbers in [0, maxClasses − 1] (default 16, the engine's class limit; 2..16). */
  maxClasses?: number;
  /** If given, every feature must lie in [range[0], range[1]]. */
  range?: [number, number];
}

/** What {@link parseCsv} returns: a dataset (x row-major, inputs per point; y class indices) plus where
 *  each point came from. */
export interface CsvData {
  x: Float32Array;
  y: Float32Array;
  n: number;
  inputs: number;
  /** max(label) + 1, at least 2. */
  classes: number;
  /** The header's cells, or null without a header. */
  header: string[] | null;
  /** The 1-based line of each point. */
  lines: Uint32Array;
}

/** Why a line was refused: a wrong number of cells, a cell that is not a finite number, a label that
 *  is not a class index, a feature outside options.range; 'empty' is a file without points. */
export type CsvReason = 'fields' | 'number' | 'label' | 'range' | 'empty';

/** One bad line: its 1-based line and column (0 for 'empty'), the reason, the cell (if any) and the
 *  number of cells found (for 'fields'). */
export interface CsvProblem {
  line: number;
  column: number;
  reason: CsvReason;
  value?: string;
  cells?: number;
}

/** The error of a file that did not parse: `problems` holds every bad line, in order; the message, line and
 *  column are the first one's. */
export class CsvError extends RangeError {
  readonly problems: CsvProblem[];
  readonly line: number;
  readonly column: number;
  constructor(message: string, problems: CsvProblem[]) {
    super(message);
    this.name = 'RangeError';
    this.problems = problems;
    this.line = problems[0].line;
    this.column = problems[0].column;
  }
}

const KNOWN = ['inputs', 'maxClasses', 'range'];

/** The reason in words, for messages ("\"abc\" is not a finite number"). */
export function describeCsvProblem(p: CsvProblem, inputs: number, maxClasses: number, range?: [number, number]): string {
  switch (p.reason) {
    case 'fields': return `expected ${inputs + 1} values (${inputs} features, then the label), got ${p.cells}`;
    case 'number':
      // A finite double beyond ±3.4e38 would become ±Infinity in float32.
      return Number.isFinite(Number(p.value)) ? `${p.value} is outside the float32 range (|x| < 3.4e38)`
        : `${JSON.stringify(p.value)} is not a finite number`;
    case 'label': return `label ${JSON.stringify(p.value)} must be a whole number from 0 to ${maxClasses - 1}`;
    case 'range': return `${JSON.stringify(p.value)} is outside [${range?.[0]}, ${range?.[1]}]`;
    case 'empty': return 'the file has no points';
  }
}

/**
 * Parses labelled points: `inputs` numbers then a class label per line. Returns typed arrays ready for
 * engine.dataset('custom', { x, y, inputs }) or network.fit. Throws a TypeError for bad arguments and a
 * {@link CsvError} (a RangeError: "parseCsv: line 3, column 2: \"abc\" is not a finite number", plus how
 * many other lines are bad) listing every bad line; nothing is returned then.
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvData {
  checkString(text, 'parseCsv: text');
  const o = checkOptions(options, 'parseCsv: options', KNOWN);
  const inputs = checkInt(o.inputs ?? 2, 'parseCsv: options.inputs', 1, Number.MAX_SAFE_INTEGER);
  const maxClasses = checkInt(o.maxClasses ?? 16, 'parseCsv: options.maxClasses', 2, 16);
  let range: [number, number] | undefined;
  if (o.range !== undefined) {
    if (!Array.isArray(o.range) || o.range.length !== 2)
      throw new TypeError(`parseCsv: options.range must be [min, max], got ${describe(o.range)}`);
    const lo = checkNumber(o.range[0], 'parseCsv: options.range[0]', -Infinity, Infinity);
    const hi = checkNumber(o.range[1], 'parseCsv: options.range[1]', lo, Infinity);
    range = [lo, hi];
  }

  const lines = text.split(/\r\n|\n|\r/);
  const xs: number[] = [];
  const ys: number[] = [];
  const at: number[] = [];
  const problems: CsvProblem[] = [];
  let header: string[] | null = null;
  let seenData = false;
  let classes = 2;
  const width = inputs + 1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const line = i + 1;
    const cells = raw.split(/[,;\t]/).map((c) => c.trim());
    if (!seenData && header === null && cells.every((c) => c !== '' && !Number.isFinite(Number(c)))) {
      header = cells;
      continue;
    }
    seenData = true;
    if (cells.length !== width) {
      problems.push({ line, column: Math.min(cells.length, width) + 1, reason: 'fields', cells: cells.length });
      continue;
    }
    const v = cells.map(Number);
    const bad = cells.findIndex((c, k) => c === '' || !Number.isFinite(Math.fround(v[k])));
    if (bad >= 0) {
      problems.push({ line, column: bad + 1, reason: 'number', value: cells[bad] });
      continue;
    }
    const label = v[inputs];
    if (!Number.isInteger(label) || label < 0 || label >= maxClasses) {
      problems.push({ line, column: width, reason: 'label', value: cells[inputs] });
      continue;
    }
    if (range) {
      const out = v.findIndex((x, k) => k < inputs && (x < range![0] || x > range![1]));
      if (out >= 0) {
        problems.push({ line, column: out + 1, reason: 'range', value: cells[out] });
        continue;
      }
    }
    for (let k = 0; k < inputs; k++) xs.push(v[k]);
    ys.push(label);
    at.push(line);
    classes = Math.max(classes, label + 1);
  }
  if (problems.length === 0 && ys.length === 0) problems.push({ line: lines.length, column: 0, reason: 'empty' });
  if (problems.length > 0) {
    const [first, ...rest] = problems;
    const where = first.reason === 'empty' ? '' : `line ${first.line}, column ${first.column}: `;
    const more = rest.length === 0 ? '' : `; ${rest.length} more bad line${rest.length > 1 ? 's' : ''} ` +
      `(${rest.slice(0, 10).map((p) => p.line).join(', ')}${rest.length > 10 ? ', …' : ''})`;
    throw new CsvError(`parseCsv: ${where}${describeCsvProblem(first, inputs, maxClasses, range)}${more}`, problems);
  }
  return { x: Float32Array.from(xs), y: Float32Array.from(ys), n: ys.length, inputs, classes, header, lines: Uint32Array.from(at) };
}
