// Property-based fuzzing of the playground's text parsers: the URL-state table (web/src/state/url-state.ts)
// on random tables and random hashes, the Train settings table (the attributes and URL keys of
// <ap-playground>), and the CSV parser of points, on valid input and on mutations of it. None of them may
// throw on any text; what they accept satisfies the table's constraints and survives a round trip;
// what they refuse is reported (a notice, an error per key, a line number), never dropped silently.
import fc from 'fast-check';

// ---------- the URL state ----------

const KEY = fc.stringMatching(/^[a-z][a-zA-Z0-9-]{0,6}$/);
const bound = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true }));
const WORDS = ['relu', 'tanh', 'a', 'b-c', 'x1', 'Zz', 'ü', ''];

/** A PropSpec of any type, with a default that satisfies it. */
const propSpec = (key) => fc.oneof(
  fc.record({ type: fc.constant('string'), default: fc.string({ maxLength: 6 }) }),
  fc.tuple(fc.constantFrom('number', 'integer'), bound, bound, fc.boolean()).map(([type, a, b, bounded]) => {
    let [min, max] = a <= b ? [a, b] : [b, a];
    if (type === 'integer') [min, max] = [Math.ceil(min), Math.floor(max) + 1];
    const spec = { type, default: type === 'integer' ? Math.ceil(min) : min };
    return bounded ? { ...spec, min, max } : spec;
  }),
  fc.record({ type: fc.constant('boolean'), default: fc.boolean() }),
  fc.subarray(WORDS.filter(Boolean), { minLength: 1 }).map((values) => ({ type: 'enum', values, default: values[0] })),
  fc.tuple(fc.subarray(WORDS.filter(Boolean), { minLength: 1 }), fc.nat(3)).map(([values, maxItems]) => ({
    type: 'list', values, maxItems: maxItems + 1, default: values.slice(0, 1) })),
  fc.record({ type: fc.constant('list'), default: fc.constant([]) }),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([minItems, extra]) => ({
    type: 'numbers', minItems, maxItems: minItems + extra, min: -100, max: 100, default: Array(minItems).fill(0) })),
).map((s) => ({ key, ...s }));

const table = fc.uniqueArray(KEY, { minLength: 1, maxLength: 6 }).chain((keys) => fc.tuple(...keys.map(propSpec)));

/** Raw text for a value: plausible, nearly plausible, or garbage with the hash's own separators in it. */
const rawValue = fc.oneof(
  fc.constantFrom('', '0', '-0', '1', '1.5', '1e3', '1e999', '-1e999', 'Infinity', 'NaN', '0x10', ' 2 ', '+3', '.5', '5.', 'true', 'false',
    'yes', 'off', 'TRUE', 'relu', 'relu,tanh', ',', 'a,,b', '1,2', '1,2,3,4,5', '-6,6', '6,-6', '%', '%E0%A4%A', '%2C', 'a=b', '#', '+',
    '%3d', '%3D1', '%26', 'a%26b=c', '%23', '%2B', '%25'),
  fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.double().map(String), fc.integer().map(String)), { maxLength: 5 }).map((a) => a.join(',')),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }));

/** A hash: key=value pairs over the table's keys and unknown ones, or any string at all. */
// Keys as a link may carry them: plain, any text, percent-encoded (a key that decodes to '=', '&', '#', '+').
const rawKey = fc.oneof(KEY, fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }).map(encodeURIComponent),
  fc.constantFrom('%3d', 'a%3Db', '%3D%3D', '%26', '%23', '%2B', '+', '%', '%25', '%E0%A4'));
const hashFor = (specs) => fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...specs.map((s) => s.key)), rawKey),
    fc.option(rawValue, { freq: 8 })), { maxLength: 8 })
    .chain((pairs) => fc.constantFrom('#', '').map((lead) => lead + pairs.map(([k, v]) => (v === null ? k : `${k}=${v}`)).join('&'))) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) });

/** A window for UrlState: location.hash, history.replaceState, hashchange listeners. */
function fakeWindow(hash) {
  const listeners = [];
  const win = {
    location: { hash, pathname: '/', search: '' },
    history: { state: null, replaceState(_s, _t, url) { const i = url.indexOf('#'); win.location.hash = i < 0 ? '' : url.slice(i); } },
    addEventListener: (type, fn) => { if (type === 'hashchange') listeners.push(fn); },
    navigate(next) { win.location.hash = next; for (const fn of listeners) fn(); },
  };
  return win;
}

const same = (a, b) => (Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((v, i) => same(v, b[i])) : Object.is(a, b));

/** Whether `v` meets the spec's constraints, checked here without the parser. */
function satisfies(spec, v) {
  const inBounds = (x) => typeof x === 'number' && Number.isFinite(x) && (spec.min === undefined || x >= spec.min) &&
    (spec.max === undefined || x <= spec.max);
  const count = (n) => (spec.minItems === undefined || n >= spec.minItems) && (spec.maxItems === undefined || n <= spec.maxItems);
  switch (spec.type) {
    case 'string': return typeof v === 'string';
    case 'number': return inBounds(v);
    case 'integer': return inBounds(v) && Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'enum': return spec.values.includes(v);
    case 'list': return Array.isArray(v) && count(v.length) && v.every((s) => typeof s === 'string' && (!spec.values || spec.values.includes(s)));
    case 'numbers': return Array.isArray(v) && count(v.length) && v.every(inBounds);
  }
  return false;
}

/** Checks a UrlState against its table and the raw hash it read; throws an Error saying what is wrong. */
function checkState(m, state, specs, hash) {
  const raw = m.splitHash(hash);
  const notices = state.currentNotices();
  for (const spec of specs) {
    const v = state.get(spec.key);
    const noticed = notices.some((n) => n.key === spec.key);
    if (!raw.has(spec.key)) {
      if (!same(v, spec.default) || noticed) throw new Error(`${spec.key} is absent from ${JSON.stringify(hash)} but reads ${JSON.stringify(v)}`);
      continue;
    }
    if (same(v, spec.default) && noticed) continue;  // refused, and said so
    if (noticed) throw new Error(`${spec.key}: a notice, yet the value ${JSON.stringify(v)} is not the default`);
    if (!satisfies(spec, v)) throw new Error(`${spec.key} = ${JSON.stringify(v)} from ${JSON.stringify(raw.get(spec.key))} breaks ${JSON.stringify(spec)}`);
    const again = m.parseValue(m.formatValue(v, spec), spec);
    if (!same(again, v)) throw new Error(`${spec.key}: ${JSON.stringify(v)} does not survive formatValue/parseValue (${JSON.stringify(again)})`);
  }
}

/** The URL-state property over one (table, hash, second hash, patch) case. */
export const urlStateCase = table.chain((specs) => fc.record({
  specs: fc.constant(specs), hash: hashFor(specs), next: hashFor(specs), patchKeys: fc.subarray(specs.map((s) => s.key)),
}));

export function checkUrlState(m, { specs, hash, next, patchKeys }) {
  const win = fakeWindow(hash);
  const state = new m.UrlState(win);
  state.registerProps(specs);
  checkState(m, state, specs, hash);
  // Keys no view registered are kept verbatim; a reload of the written hash reads the same values.
  const unknown = [...m.splitHash(hash)].filter(([k]) => !specs.some((s) => s.key === k));
  const reread = (h) => {
    const s = new m.UrlState(fakeWindow(h));
    s.registerProps(specs);
    return s;
  };
  const check = (what) => {
    const written = state.serialize();
    const kept = m.splitHash(written);
    for (const [k, v] of unknown) if (kept.get(k) !== v) throw new Error(`${what}: the unknown key ${JSON.stringify(k)}=${JSON.stringify(v)} was lost`);
    const back = reread(written);
    for (const spec of specs)
      if (!same(back.get(spec.key), state.get(spec.key)))
        throw new Error(`${what}: ${spec.key} reads ${JSON.stringify(back.get(spec.key))} after a reload of ${JSON.stringify(written)}, not ${JSON.stringify(state.get(spec.key))}`);
    // A refused value stays in the link (nothing a link carries is lost), so a reload notices it again; nothing else.
    const had = new Set(state.currentNotices().map((n) => n.key));
    const extra = back.currentNotices().filter((n) => !had.has(n.key));
    if (extra.length) throw new Error(`${what}: reloading ${JSON.stringify(written)} gives new notices ${JSON.stringify(extra)}`);
  };
  check('after reading the hash');
  // The UI sets values (the other keys' defaults), then the address bar changes.
  state.update(Object.fromEntries(patchKeys.map((k) => [k, specs.find((s) => s.key === k).default])));
  check('after update()');
  win.navigate(next);
  checkState(m, state, specs, next);
  unknown.length = 0;
  unknown.push(...[...m.splitHash(next)].filter(([k]) => !specs.some((s) => s.key === k)));
  check('after a hashchange');
}

// ---------- the Train settings (attributes of <ap-playground>, URL keys of the Train view) ----------

export const settingsCase = (m) => fc.dictionary(fc.constantFrom(...m.PROPS.map((p) => p.attr), 'unknown-attr'), rawValue, { maxKeys: 8 });

export function checkSettings(m, attrs) {
  const { settings, errors } = m.parseSettings((a) => attrs[a]);
  // Each given attribute is refused (with an error naming it) exactly when its own parser refuses it.
  for (const p of m.PROPS) {
    if (attrs[p.attr] === undefined) continue;
    let refused = false;
    try {
      p.parse(attrs[p.attr]);
    } catch {
      refused = true;
    }
    if (refused !== errors.some((e) => e.attr === p.attr))
      throw new Error(`${p.attr}="${attrs[p.attr]}": ${refused ? 'refused by its parser but not reported' : 'reported but its parser accepts it'}`);
  }
  for (const e of errors) if (!(e.attr in attrs) || !e.message) throw new Error(`an error for ${e.attr} with message ${JSON.stringify(e.message)}`);
  // What was accepted round-trips through the attribute strings without a complaint.
  const text = m.serialiseSettings(settings);
  const again = m.parseSettings((a) => text[a]);
  if (again.errors.length) throw new Error(`re-reading ${JSON.stringify(text)}: ${JSON.stringify(again.errors)}`);
  if (JSON.stringify(again.settings) !== JSON.stringify(settings))
    throw new Error(`settings change through a round trip: ${JSON.stringify(settings)} -> ${JSON.stringify(again.settings)}`);
}

// ---------- CSV ----------

const coord = fc.oneof(fc.integer({ min: -6, max: 6 }), fc.double({ min: -6, max: 6, noNaN: true }));
const point = fc.tuple(coord, coord, fc.integer({ min: 0, max: 7 }));
const SEPARATORS = [',', ';', '\t', ', '];

/** A valid CSV of points (maybe a header, comments, blank lines, CRLF), then 0 to 3 edits of its text. */
export const csvCase = fc.record({
  points: fc.array(point, { minLength: 0, maxLength: 30 }),
  sep: fc.constantFrom(...SEPARATORS), eol: fc.constantFrom('\n', '\r\n', '\r'), header: fc.boolean(), comment: fc.boolean(),
  edits: fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('flip', 'insert', 'delete', 'line'), bit: fc.nat(6),
    text: fc.constantFrom(',', ';', '\n', '-', '.', 'e', 'x', '9', 'NaN', 'Infinity', ' ', '#', '1e400', '', '\u00a0') }), { maxLength: 3 }),
});

export function csvText({ points, sep, eol, header, comment }) {
  const lines = points.map(([a, b, l]) => [a, b, l].join(sep));
  if (comment) lines.splice(lines.length >> 1, 0, '# a comment', '');
  if (header) lines.unshift(['x1', 'x2', 'label'].join(sep));
  return lines.join(eol);
}

function edit(text, e) {
  const i = text.length ? e.at % (text.length + 1) : 0;
  switch (e.kind) {
    case 'flip': return text.length ? text.slice(0, i % text.length) + String.fromCharCode(text.charCodeAt(i % text.length) ^ (1 << e.bit)) + text.slice((i % text.length) + 1) : text;
    case 'insert': return text.slice(0, i) + e.text + text.slice(i);
    case 'delete': return text.slice(0, i) + text.slice(i + 1);
    default: return `${text.slice(0, i)}\n${e.text}\n${text.slice(i)}`;
  }
}

/** The engine's parseCsv with the Train view's options, as a result: { ok: true, ...data }, or { ok: false }
 *  with the first problem and all of them. Anything thrown but a CsvError is a failure. */
function parseAsTrainView(m, text, EXTENT) {
  try {
    return { ok: true, ...m.parseCsv(text, { inputs: 2, maxClasses: 8, range: EXTENT }) };
  } catch (e) {
    if (!(e instanceof m.CsvError)) throw new Error(`parseCsv threw ${e?.name}: ${e?.message}`);
    return { ok: false, ...e.problems[0], problems: e.problems };
  }
}

/**
 * parseCsv throws nothing but a CsvError. Unedited text parses to exactly its points (as float32). Any
 * text: what is accepted is finite, inside the extent, with whole labels below maxClasses, and `classes`
 * is max(label) + 1 (at least 2); a refusal lists lines that exist, in order, and the lines before the
 * first parse. Accepted points are a valid custom dataset for the engine (`dataset`: engine.dataset bound to it).
 */
export function checkCsv(m, c, dataset) {
  const EXTENT = [-6, 6];
  const original = csvText(c);
  const text = c.edits.reduce(edit, original);
  const r = parseAsTrainView(m, text, EXTENT);
  const lineCount = text.split(/\r\n|\n|\r/).length;
  if (c.edits.length === 0) {
    if (c.points.length === 0) {
      if (r.ok || r.reason !== 'empty') throw new Error(`no points: expected the 'empty' refusal, got ${JSON.stringify(r)}`);
      return;
    }
    if (!r.ok) throw new Error(`a valid CSV is refused: ${JSON.stringify(r)}\n${text}`);
    const want = Float32Array.from(c.points.flatMap(([a, b]) => [a, b]));
    if (r.x.length !== want.length || r.x.some((v, i) => !Object.is(v, want[i]) && !(v === 0 && want[i] === 0)))
      throw new Error(`points read back wrong: ${[...r.x]} vs ${[...want]}`);
    if (r.y.some((v, i) => v !== c.points[i][2])) throw new Error(`labels read back wrong: ${[...r.y]}`);
  }
  if (r.ok) {
    const n = r.y.length;
    if (r.x.length !== 2 * n || n === 0) throw new Error(`${r.x.length} coordinates for ${n} labels`);
    for (const v of r.x) if (!Number.isFinite(v) || v < EXTENT[0] || v > EXTENT[1]) throw new Error(`accepted coordinate ${v}`);
    let top = 0;
    for (const v of r.y) {
      if (!Number.isInteger(v) || v < 0 || v >= 8) throw new Error(`accepted label ${v}`);
      top = Math.max(top, v);
    }
    if (r.classes !== Math.max(2, top + 1)) throw new Error(`classes ${r.classes} for labels up to ${top}`);
    const d = dataset({ x: r.x, y: r.y, classes: r.classes });
    if (d.n !== n) throw new Error(`the engine's custom dataset has ${d.n} points, the CSV ${n}`);
    return;
  }
  r.problems.forEach((p, i) => {
    if (!Number.isInteger(p.line) || p.line < 1 || p.line > lineCount) throw new Error(`refusal at line ${p.line} of ${lineCount}`);
    if (i > 0 && p.line <= r.problems[i - 1].line) throw new Error(`problems out of order: ${JSON.stringify(r.problems)}`);
  });
  if (r.reason !== 'empty') {
    const before = text.split(/\r\n|\n|\r/).slice(0, r.line - 1).join('\n');
    const head = parseAsTrainView(m, before, EXTENT);
    if (!head.ok && head.reason !== 'empty') throw new Error(`refused at line ${r.line}, but line ${head.line} before it is already bad`);
  }
}
