// Tiny i18n: English and Simplified Chinese. Each area of the UI registers its own table of strings
// (web/src/i18n/<area>.ts) so that no single file is everybody's merge conflict.
export type Lang = 'en' | 'zh';
export type Strings = Record<string, string>;

const tables: Record<Lang, Strings> = { en: {}, zh: {} };
const listeners = new Set<(lang: Lang) => void>();
let current: Lang = 'en';

/** Adds strings; keys are dotted, e.g. "explore.derivative". A key must exist in both languages. */
export function registerStrings(en: Strings, zh: Strings): void {
  Object.assign(tables.en, en);
  Object.assign(tables.zh, zh);
}

/** The string for `key` in the current language, with {name} placeholders filled from `vars`. */
export function t(key: string, vars: Record<string, string | number> = {}): string {
  const s = tables[current][key] ?? tables.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
}

export function lang(): Lang {
  return current;
}

/** Switches language and notifies listeners (components re-render their text). */
export function setLang(next: Lang): void {
  if (next !== 'en' && next !== 'zh') throw new RangeError(`setLang: lang must be "en" or "zh", got "${next}"`);
  if (next === current) return;
  current = next;
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const fn of listeners) fn(next);
}

/** The browser's preferred language mapped to one we have. */
export function browserLang(): Lang {
  const langs = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  return langs.some((l) => /^zh\b/i.test(l)) ? 'zh' : 'en';
}

/** Calls fn on every language change; returns a function that unsubscribes. */
export function onLangChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
