// The playground shell: header with the view tabs, tutorial link and language switch; the notice
// box for ignored link values; one panel per view; the role="status" region. It owns the keys
// `view`, `lang`, `hide` and `hideText` of the URL state and nothing a view shows.
import { html, nothing, render } from 'lit';

import { getEngine } from '../../components/engine-context.js';
import type { Engine } from '../../engine/index.js';
import { browserLang, type Lang, onLangChange, setLang, t } from '../../i18n/index.js';
import '../../i18n/shell.js';
import { type Notice, type UrlState, reasonText } from '../../state/url-state.js';
import { loadView, type ViewContext, type ViewDefinition, type ViewHandle, onViewsChange, registerView, viewI18n, views } from '../views.js';

const LANGS: { id: Lang; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'zh', label: '简体中文' },
];

function placeholder(id: string, titleKey: string, order: number): ViewDefinition {
  return {
    id, titleKey, order, placeholder: true,
    mount(el) {
      // A view loaded on first use: its module replaces this placeholder when it has registered.
      const loading = loadView(id);
      let failed: unknown = null;
      const draw = () => render(failed !== null ? html`<p class="ap-error" role="alert">${t('shell.viewFailed', { error: String(failed) })}</p>`
        : html`<p class="ap-placeholder">${t(loading ? 'shell.viewLoading' : 'shell.placeholder')}</p>`, el);
      draw();
      onLangChange(draw);
      loading?.catch((e) => { console.error(e); failed = e; draw(); });
    },
  };
}

interface Mounted {
  el: HTMLElement;
  handle: ViewHandle | void;
  def: ViewDefinition;
}

/** Builds the shell inside `root` and keeps it in sync with the URL state. */
export class Shell {
  private readonly mounted = new Map<string, Mounted>();
  private readonly viewStatus = new Map<string, string>();
  private engineStatus = '';
  private notices: readonly Notice[] = [];
  private readonly hideStyle = document.createElement('style');

  constructor(private readonly root: HTMLElement, private readonly state: UrlState,
              private readonly engine: Promise<Engine> = getEngine()) {
    registerView(placeholder('train', 'shell.tab.train', 2));
    registerView(placeholder('lessons', 'shell.tab.lessons', 3));
    state.registerProps([
      { key: 'view', type: 'enum', default: 'explore', values: () => views().map((v) => v.id) },
      { key: 'lang', type: 'enum', default: browserLang(), values: LANGS.map((l) => l.id) },
      { key: 'hide', type: 'list', default: [] },
      { key: 'hideText', type: 'boolean', default: false },
    ]);
    document.head.append(this.hideStyle);
    this.engineStatus = t('shell.loading');
  }

  /** Renders, mounts the active view and starts listening. */
  start(): void {
    setLang(this.state.get<Lang>('lang'));
    this.applyFlags();
    this.state.subscribe((changed) => {
      if (changed.has('lang')) setLang(this.state.get<Lang>('lang'));
      if (changed.has('hide') || changed.has('hideText')) this.applyFlags();
      if (changed.has('view')) this.showActive();
      this.draw();
    });
    this.state.onNotices((n) => { this.notices = n; this.draw(); });
    this.notices = this.state.currentNotices();
    onLangChange(() => {
      if (this.engineReady !== null) this.engineStatus = this.readyText(this.engineReady);
      this.draw();
    });
    onViewsChange(() => { this.draw(); this.showActive(); });
    this.engine.then(
      (e) => { this.engineReady = e; this.engineStatus = this.readyText(e); this.draw(); },
      (err) => { this.engineStatus = t('shell.failed', { error: String(err) }); this.draw(); },
    );
    this.draw();
    this.showActive();
  }

  private engineReady: Engine | null = null;

  private readyText(e: Engine): string {
    return t('shell.ready', { simd: t(e.simd ? 'shell.simd.on' : 'shell.simd.off') });
  }

  private active(): string {
    const id = this.state.get<string>('view');
    return views().some((v) => v.id === id) ? id : 'explore';
  }

  private applyFlags(): void {
    const hide = this.state.get<string[]>('hide');
    // Any light-DOM element with data-hide-id="x" disappears when hide= lists x.
    this.hideStyle.textContent = hide
      .filter((id) => /^[\w-]+$/.test(id))
      .map((id) => `[data-hide-id="${id}"]{display:none!important}`)
      .join('\n');
    document.documentElement.toggleAttribute('data-hide-text', this.state.get<boolean>('hideText'));
  }

  private context(id: string): ViewContext {
    return {
      engine: this.engine,
      state: this.state,
      i18n: viewI18n,
      status: (text) => { this.viewStatus.set(id, text); this.draw(); },
      hidden: (control) => this.state.hidden(control),
    };
  }

  private showActive(): void {
    const id = this.active();
    for (const [vid, m] of this.mounted) {
      const on = vid === id;
      if (m.el.hidden === !on) continue;
      m.el.hidden = !on;
      if (on) m.handle?.show?.();
      else m.handle?.hide?.();
    }
    const def = views().find((v) => v.id === id)!;
    const have = this.mounted.get(id);
    if (have && have.def === def) return;
    // First visit, or a real view has replaced the placeholder that was mounted.
    have?.el.remove();
    const panels = this.root.querySelector('.ap-panels')!;
    const el = document.createElement('div');
    el.className = `ap-view ap-view-${id}`;
    el.id = `panel-${id}`;
    el.setAttribute('role', 'tabpanel');
    el.setAttribute('aria-labelledby', `tab-${id}`);
    panels.append(el);
    const entry: Mounted = { el, handle: undefined, def };
    this.mounted.set(id, entry);
    Promise.resolve()
      .then(() => def.mount(el, this.context(id)))
      .then((h) => { entry.handle = h; })
      .catch((err) => {
        console.error(err);
        render(html`<p class="ap-error" role="alert">${t('shell.viewFailed', { error: String(err) })}</p>`, el);
      });
  }

  private selectView(id: string, focus = false): void {
    this.state.set('view', id);
    if (focus) (this.root.querySelector(`#tab-${id}`) as HTMLElement | null)?.focus();
  }

  private onTabKey(e: KeyboardEvent): void {
    const ids = views().map((v) => v.id);
    const i = ids.indexOf(this.active());
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: ids.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.selectView(ids[(next + ids.length) % ids.length], true);
  }

  private draw(): void {
    const active = this.active();
    const lang = this.state.get<Lang>('lang');
    const statusView = this.viewStatus.get(active);
    render(html`
      <header class="ap-header" data-hide-id="header">
        <div class="ap-brand">
          <h1 class="ap-title">${t('shell.title')}</h1>
          <p class="ap-text ap-tagline">${t('shell.tagline')}</p>
        </div>
        <nav class="ap-tabs" role="tablist" aria-label=${t('shell.views')} data-hide-id="tabs"
             @keydown=${(e: KeyboardEvent) => this.onTabKey(e)}>
          ${views().map((v) => html`
            <button role="tab" id="tab-${v.id}" aria-controls="panel-${v.id}"
                    aria-selected=${v.id === active ? 'true' : 'false'} tabindex=${v.id === active ? 0 : -1}
                    @click=${() => this.selectView(v.id)}>${t(v.titleKey)}</button>`)}
        </nav>
        <a class="ap-tutorial" href="./tutorial.html" data-hide-id="tutorial">${t('shell.tutorial')}</a>
        <div class="ap-lang" role="group" aria-label=${t('shell.language')} data-hide-id="lang">
          ${LANGS.map((l) => html`
            <button lang=${l.id === 'zh' ? 'zh-CN' : 'en'} aria-pressed=${l.id === lang ? 'true' : 'false'}
                    @click=${() => this.state.set('lang', l.id)}>${l.label}</button>`)}
        </div>
      </header>
      ${this.notices.length ? html`
        <div class="ap-notices" role="alert">
          <p>${t('shell.notices')}</p>
          <ul>${this.notices.map((n) => html`<li><code>${t('shell.notice', { key: n.key, raw: n.raw, reason: reasonText(n.reason) })}</code></li>`)}</ul>
          <button @click=${() => this.state.clearNotices()}>${t('shell.dismiss')}</button>
        </div>` : nothing}
      <main class="ap-panels"></main>
      <footer class="ap-footer">
        <p role="status" class="ap-status" aria-live="polite">
          <span class="ap-status-engine">${this.engineStatus}</span>${statusView ? html` · <span class="ap-status-view">${statusView}</span>` : nothing}
        </p>
      </footer>
    `, this.root);
    // lit keeps <main> across renders, so mounted panels survive; re-attach any the first render missed.
    const panels = this.root.querySelector('.ap-panels')!;
    for (const m of this.mounted.values()) if (m.el.parentElement !== panels) panels.append(m.el);
  }
}
