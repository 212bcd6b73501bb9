// All playground state in the URL hash, driven by one table (TensorFlow Playground's PROPS idea).
//
// Each view registers the keys it owns (`registerProps([...])`); one parser and one serializer then
// cover every key. A hash looks like
//     #view=explore&act=sigmoid,tanh&params=elu.alpha=0.5&x=-6,6&lang=zh&hide=picker&hideText=true
// Only values that differ from their default are written, so links stay short. Keys nobody has
// registered (yet) are kept verbatim, so nothing a link carries is lost. A value that does not parse
// or is out of range falls back to the default and is reported as a {@link Notice}; the page keeps
// working and the notice says what was ignored.

import { t } from '../i18n/index.js';
import '../i18n/state.js';

/** The kinds of value a key can hold. */
export type PropType = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'list' | 'numbers';

/** One row of the table. */
export interface PropSpec {
  /** The key in the hash, e.g. "act". Unique across views. */
  key: string;
  type: PropType;
  /** The value used when the key is absent or invalid. */
  default: unknown;
  /** Allowed values of an 'enum', or of each item of a 'list' (a function when only known later). */
  values?: readonly string[] | (() => readonly string[] | null);
  /** Bounds of a 'number' / 'integer', or of each item of 'numbers'. */
  min?: number;
  max?: number;
  /** Item count of 'list' / 'numbers' (inclusive bounds). */
  minItems?: number;
  maxItems?: number;
  /** Extra check on the parsed value; returns a reason when it is not acceptable. */
  check?: (value: unknown) => Reason | string | null;
}

/** Why a value was ignored: an i18n key (state.*) and its placeholders, so notices follow the language. */
export interface Reason {
  key: string;
  vars?: Record<string, string | number>;
}

/** A value from the hash that was ignored, and why. */
export interface Notice {
  key: string;
  raw: string;
  reason: Reason | string;
}

/** The text of a notice's reason in the current language. */
export function reasonText(reason: Reason | string): string {
  return typeof reason === 'string' ? reason : t(reason.key, reason.vars);
}

/** Thrown by the parsers; carries the reason (its message is the English text, for logs). */
class ParseError extends Error {
  constructor(readonly reason: Reason) {
    super(reasonText(reason));
  }
}

function fail(key: string, vars: Record<string, string | number> = {}): never {
  throw new ParseError({ key: `state.${key}`, vars });
}

type Listener = (changed: ReadonlySet<string>) => void;

// ---------- value parsing, one function per type (the table's engine) ----------

const TRUE = new Set(['true', '1', 'yes', 'on', '']);
const FALSE = new Set(['false', '0', 'no', 'off']);

function parseNumber(raw: string, spec: PropSpec, integer: boolean): number {
  const s = raw.trim();
  // Number('') is 0 and Number('0x10') is 16: accept only plain decimal notation.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) fail('notNumber', { raw });
  const v = Number(s);
  if (!Number.isFinite(v)) fail('notFinite', { raw });
  if (integer && !Number.isInteger(v)) fail('notInteger', { raw });
  if (spec.min !== undefined && v < spec.min) fail('belowMin', { value: v, min: spec.min });
  if (spec.max !== undefined && v > spec.max) fail('aboveMax', { value: v, max: spec.max });
  // "-0" means 0: a -0 would be written back as "0" (String(-0)) and differ from itself after a reload.
  return v === 0 ? 0 : v;
}

function allowed(spec: PropSpec): readonly string[] | null {
  return typeof spec.values === 'function' ? spec.values() : spec.values ?? null;
}

function checkCount(n: number, spec: PropSpec): void {
  if (spec.minItems !== undefined && n < spec.minItems) fail('tooFew', { min: spec.minItems, n });
  if (spec.maxItems !== undefined && n > spec.maxItems) fail('tooMany', { max: spec.maxItems, n });
}

/** Parses one raw hash value by its spec; throws an Error whose message (and `reason`) says why not. */
export function parseValue(raw: string, spec: PropSpec): unknown {
  let value: unknown;
  switch (spec.type) {
    case 'string':
      value = raw;
      break;
    case 'number':
    case 'integer':
      value = parseNumber(raw, spec, spec.type === 'integer');
      break;
    case 'boolean': {
      const s = raw.trim().toLowerCase();
      if (TRUE.has(s)) value = true;
      else if (FALSE.has(s)) value = false;
      else fail('notBoolean', { raw });
      break;
    }
    case 'enum': {
      const ok = allowed(spec);
      if (ok && !ok.includes(raw)) fail('notOneOf', { raw, allowed: ok.join(', ') });
      value = raw;
      break;
    }
    case 'list': {
      // Items are trimmed and empty ones dropped ("a,,b " is a, b): an empty item could not be written back.
      const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
      checkCount(items.length, spec);
      const ok = allowed(spec);
      const bad = ok ? items.filter((s) => !ok.includes(s)) : [];
      if (bad.length) fail('unknownItems', { items: bad.map((s) => `"${s}"`).join(', '), allowed: ok!.join(', ') });
      value = items;
      break;
    }
    case 'numbers': {
      const items = raw === '' ? [] : raw.split(',');
      checkCount(items.length, spec);
      value = items.map((s) => parseNumber(s, spec, false));
      break;
    }
  }
  const reason = spec.check?.(value);
  if (typeof reason === 'string' && reason) throw new Error(reason);
  if (reason && typeof reason === 'object') throw new ParseError(reason);
  return value;
}

/** The hash text of a value (inverse of {@link parseValue}). */
export function formatValue(value: unknown, spec: PropSpec): string {
  switch (spec.type) {
    case 'list':
    case 'numbers':
      return (value as unknown[]).map(String).join(',');
    default:
      return String(value);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  return Object.is(a, b);
}

// Keep the separators we use readable in the address bar; escape everything else.
function encode(s: string): string {
  return encodeURIComponent(s).replace(/%2C/gi, ',').replace(/%3D/gi, '=').replace(/%3A/gi, ':');
}

// A key also escapes '=': the first '=' of a pair ends its key ("#%3D" is the key "=", not an empty one).
function encodeKey(s: string): string {
  return encode(s).replace(/=/g, '%3D');
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Splits "a=1&b=x=y" into ordered [key, value] pairs (a value may itself contain '='). A pair with an
 *  empty key ("=x", "&&") carries nothing and is dropped; for a key given twice the last value counts. */
export function splitHash(hash: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    if (!key) continue;
    out.set(key, eq < 0 ? '' : decode(part.slice(eq + 1)));
  }
  return out;
}

// ---------- the state object ----------

/**
 * The page's state: a table of registered keys, their current values, and the raw text of every key
 * in the hash (registered or not). Reads are synchronous; writes update the hash with
 * `history.replaceState` (no history entry per slider tick) and notify subscribers.
 */
export class UrlState {
  private readonly specs = new Map<string, PropSpec>();
  private readonly values = new Map<string, unknown>();
  /** Raw hash text per key, including keys no view has registered (kept, never dropped). */
  private raw = new Map<string, string>();
  private readonly listeners = new Set<Listener>();
  private readonly noticeListeners = new Set<(n: readonly Notice[]) => void>();
  private notices: Notice[] = [];
  private lastHash = '';

  constructor(private readonly win: Window | null = typeof window === 'undefined' ? null : window) {
    this.raw = splitHash(this.win?.location.hash ?? '');
    this.lastHash = this.win?.location.hash ?? '';
    this.win?.addEventListener('hashchange', () => this.onHashChange());
  }

  /** Adds rows to the table; their values are parsed from the current hash at once. */
  registerProps(specs: readonly PropSpec[]): void {
    for (const spec of specs) {
      if (this.specs.has(spec.key)) throw new Error(`url-state: key "${spec.key}" is registered twice`);
      this.specs.set(spec.key, spec);
      this.values.set(spec.key, this.parseKey(spec));
    }
    this.emitNotices();
  }

  /** The spec of a key, if registered. */
  spec(key: string): PropSpec | undefined {
    return this.specs.get(key);
  }

  /** True when the hash carries a value for `key` (as opposed to the default applying). */
  inHash(key: string): boolean {
    return this.raw.has(key);
  }

  /** The current value of a registered key. */
  get<T = unknown>(key: string): T {
    if (!this.specs.has(key)) throw new Error(`url-state: key "${key}" is not registered`);
    return this.values.get(key) as T;
  }

  /** Sets several keys at once, writes the hash and notifies subscribers of the keys that changed. */
  update(patch: Record<string, unknown>): void {
    const changed = new Set<string>();
    for (const [key, value] of Object.entries(patch)) {
      const spec = this.specs.get(key);
      if (!spec) throw new Error(`url-state: key "${key}" is not registered`);
      if (sameValue(this.values.get(key), value)) continue;
      this.values.set(key, value);
      if (sameValue(value, spec.default)) this.raw.delete(key);
      else this.raw.set(key, formatValue(value, spec));
      // A value the user set replaces one the hash had wrong: its notice no longer applies.
      this.notices = this.notices.filter((n) => n.key !== key);
      changed.add(key);
    }
    if (!changed.size) return;
    this.writeHash();
    this.emitNotices();
    for (const fn of this.listeners) fn(changed);
  }

  /** Sets one key. */
  set(key: string, value: unknown): void {
    this.update({ [key]: value });
  }

  /** Calls fn(changedKeys) after every change (from the UI or from the address bar). Returns an unsubscribe. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The hash for the current state (only non-default values; unregistered keys kept as they came). */
  serialize(): string {
    const parts: string[] = [];
    for (const [key, raw] of this.raw) parts.push(raw === '' && !this.specs.has(key) ? encodeKey(key) : `${encodeKey(key)}=${encode(raw)}`);
    return parts.length ? `#${parts.join('&')}` : '';
  }

  /** Values of the registered keys as a plain object (for JSON, tests and debugging). */
  snapshot(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }

  /**
   * Records that a value was ignored after parsing (checks a view can only do later, e.g. activation
   * names once the engine's catalogue is known). Shown with the other notices.
   */
  report(key: string, raw: string, reason: Reason | string): void {
    this.notices.push({ key, raw, reason });
    this.emitNotices();
  }

  /** Current notices (values from the hash that were ignored). */
  currentNotices(): readonly Notice[] {
    return this.notices;
  }

  /** Forgets the notices (the user dismissed them). */
  clearNotices(): void {
    this.notices = [];
    this.emitNotices();
  }

  /** Calls fn with the notices whenever they change. Returns an unsubscribe. */
  onNotices(fn: (n: readonly Notice[]) => void): () => void {
    this.noticeListeners.add(fn);
    return () => this.noticeListeners.delete(fn);
  }

  /** True when `hide` lists `id` (classroom mode: the control is not shown). */
  hidden(id: string): boolean {
    return this.specs.has('hide') && (this.get<string[]>('hide')).includes(id);
  }

  private parseKey(spec: PropSpec): unknown {
    const raw = this.raw.get(spec.key);
    if (raw === undefined) return spec.default;
    try {
      return parseValue(raw, spec);
    } catch (e) {
      this.notices = this.notices.filter((n) => n.key !== spec.key);
      this.notices.push({ key: spec.key, raw, reason: e instanceof ParseError ? e.reason : (e as Error).message });
      return spec.default;
    }
  }

  private writeHash(): void {
    if (!this.win) return;
    const hash = this.serialize();
    this.lastHash = hash;
    const url = `${this.win.location.pathname}${this.win.location.search}${hash}`;
    this.win.history.replaceState(this.win.history.state, '', url || this.win.location.pathname);
  }

  private onHashChange(): void {
    const hash = this.win!.location.hash;
    if (hash === this.lastHash) return;
    this.lastHash = hash;
    this.raw = splitHash(hash);
    this.notices = [];
    const changed = new Set<string>();
    for (const spec of this.specs.values()) {
      const next = this.parseKey(spec);
      if (!sameValue(next, this.values.get(spec.key))) {
        this.values.set(spec.key, next);
        changed.add(spec.key);
      }
    }
    this.emitNotices();
    if (changed.size) for (const fn of this.listeners) fn(changed);
  }

  private emitNotices(): void {
    for (const fn of this.noticeListeners) fn(this.notices);
  }
}

let shared: UrlState | null = null;

/** The page's one UrlState (created on first use). */
export function urlState(): UrlState {
  shared ??= new UrlState();
  return shared;
}
