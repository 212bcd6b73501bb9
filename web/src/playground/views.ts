// The view registry: how Explore, Train and Lessons plug into the shell.
//
// Contract (for the helpers who build a view):
//   1. Put the view in web/src/playground/<id>/view.ts. main.ts imports every ./<id>/view.ts, so no
//      other file needs editing (Explore at once, the others when their tab is first shown, or at once
//      if the shell has no placeholder tab for them).
//   2. In that module call
//        registerView({ id: 'train', titleKey: 'shell.tab.train', order: 2, mount(el, ctx) { ... } });
//      `titleKey` is an i18n key (register the strings with registerStrings in web/src/i18n/<area>.ts).
//   3. mount() runs once, the first time the tab is shown; render into `el` (a light-DOM <div>, so the
//      global stylesheet applies). Return { show(), hide() } to pause work while the tab is hidden.
//   4. Register URL keys with ctx.state.registerProps([...]) at module load or in mount(); read them
//      with ctx.state.get(key), write with ctx.state.update({...}); subscribe for back/forward changes.
//   5. Use ctx.engine (the page's one engine), ctx.status(text) for the role="status" region, and
//      ctx.hidden(id) / data-hide-id="id" on an element to honour classroom `hide=` flags.
//      Elements with class "ap-text" disappear under `hideText`.
// 'train' and 'lessons' have placeholders until their real views register.
import type { Engine } from '../engine/index.js';
import { type Lang, lang, onLangChange, setLang, t } from '../i18n/index.js';
import type { UrlState } from '../state/url-state.js';

/** What a view gets from the shell. */
export interface ViewContext {
  /** The page's one engine (shared by every view and component). */
  engine: Promise<Engine>;
  /** The URL-hash state table. */
  state: UrlState;
  /** i18n: t(key, vars), the current language, a subscription to changes. */
  i18n: { t: typeof t; lang: () => Lang; setLang: typeof setLang; onLangChange: typeof onLangChange };
  /** Sets this view's text in the page's role="status" region (shown while the view is active). */
  status(text: string): void;
  /** True when the classroom flag `hide=` lists this control id. */
  hidden(id: string): boolean;
}

/** Optional hooks a mounted view returns. */
export interface ViewHandle {
  /** The tab became active again. */
  show?(): void;
  /** The tab was left (the view stays in the DOM, hidden). */
  hide?(): void;
}

/** A view of the playground. */
export interface ViewDefinition {
  /** Tab id, also the value of `view=` in the hash: 'explore' | 'train' | 'lessons' | ... */
  id: string;
  /** i18n key of the tab title. */
  titleKey: string;
  /** Tab position (smaller first); defaults to the registration order after the built-in ones. */
  order?: number;
  /** True only for the shell's stand-ins; a real registration with the same id replaces it. */
  placeholder?: boolean;
  mount(el: HTMLElement, ctx: ViewContext): void | ViewHandle | Promise<void | ViewHandle>;
}

const registry = new Map<string, ViewDefinition>();
const listeners = new Set<() => void>();

/** Adds a view (or replaces its placeholder). Throws if two real views claim the same id. */
export function registerView(def: ViewDefinition): void {
  const old = registry.get(def.id);
  if (old && !old.placeholder && !def.placeholder) throw new Error(`registerView: "${def.id}" is registered twice`);
  if (old && !old.placeholder && def.placeholder) return;
  registry.set(def.id, { order: old?.order ?? 100 + registry.size, ...def });
  for (const fn of listeners) fn();
}

/** The registered views, in tab order. */
export function views(): ViewDefinition[] {
  return [...registry.values()].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
}

const loaders = new Map<string, { load: () => Promise<unknown>; started?: Promise<unknown> }>();

/**
 * How to load view `id`'s module when its tab is first shown (main.ts: every view but Explore, so the
 * first view does not wait for the others' code). The module then registers the view as usual.
 */
export function registerViewLoader(id: string, load: () => Promise<unknown>): void {
  loaders.set(id, { load });
}

/** Starts loading view `id`'s module (once); null when it has no loader (already part of the page). */
export function loadView(id: string): Promise<unknown> | null {
  const l = loaders.get(id);
  if (!l) return null;
  l.started ??= l.load().catch((e) => { l.started = undefined; throw e; });
  return l.started;
}

/** Ids of the views with a loader that have not registered themselves, not even as a placeholder. */
export function unlistedViews(): string[] {
  return [...loaders.keys()].filter((id) => !registry.has(id));
}

/** Calls fn when a view registers (the shell re-renders its tabs). */
export function onViewsChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export const viewI18n = { t, lang, setLang, onLangChange };
