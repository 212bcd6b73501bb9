// CSV import of points: "x1,x2,label" per line, an optional header, blank lines and # comments ignored.
// Parsing is all-or-nothing: the first bad line is reported and no point is returned.

/** The outcome: points (x row-major pairs, y labels) or the first error with its 1-based line. */
export type CsvResult =
  | { ok: true; x: Float32Array; y: Float32Array; classes: number }
  | { ok: false; line: number; reason: 'empty' | 'fields' | 'number' | 'label' | 'range'; value?: string; n?: number };

/**
 * Parses CSV text of labelled points. Labels are whole numbers in [0, maxClasses); coordinates must be
 * finite and inside `extent`. The class count is max(label) + 1, at least 2.
 */
export function parseCsv(text: string, extent: [number, number], maxClasses = 8): CsvResult {
  const lines = text.split(/\r\n|\n|\r/);
  const xs: number[] = [];
  const ys: number[] = [];
  let classes = 2;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const cells = raw.split(/[,;\t]/).map((c) => c.trim());
    // A first non-numeric line is a header (e.g. "x1,x2,label").
    if (xs.length === 0 && cells.every((c) => c !== '' && !Number.isFinite(Number(c)))) continue;
    if (cells.length !== 3) return { ok: false, line: i + 1, reason: 'fields', n: cells.length };
    const v = cells.map(Number);
    for (let k = 0; k < 3; k++)
      if (cells[k] === '' || !Number.isFinite(v[k])) return { ok: false, line: i + 1, reason: 'number', value: cells[k] };
    if (!Number.isInteger(v[2]) || v[2] < 0 || v[2] >= maxClasses) return { ok: false, line: i + 1, reason: 'label', value: cells[2] };
    if (v[0] < extent[0] || v[0] > extent[1] || v[1] < extent[0] || v[1] > extent[1]) return { ok: false, line: i + 1, reason: 'range' };
    xs.push(v[0], v[1]);
    ys.push(v[2]);
    classes = Math.max(classes, v[2] + 1);
  }
  if (ys.length === 0) return { ok: false, line: lines.length, reason: 'empty' };
  return { ok: true, x: Float32Array.from(xs), y: Float32Array.from(ys), classes };
}

