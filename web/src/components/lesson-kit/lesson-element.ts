// Base class of the lesson components (ap-linear-collapse, ap-xor-threshold-net, ...). It gives each
// element what issue 7 asks of an embeddable component:
//   - the page's shared engine (one WASM module however many elements are on the page);
//   - attributes parsed in one place: a bad attribute shows an inline error, nothing is thrown;
//   - its width from the container (ResizeObserver), colours from prefers-color-scheme;
//   - text re-rendered on a language switch.
import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';

import type { Engine } from '../../engine/index.js';
import { readTheme, type Theme } from '../../plots/axes.js';
import { downloadPng, seriesColour } from '../../plots/line-plot.js';
import { onLangChange, t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { getEngine as sharedEngine } from '../engine-context.js';

/** The site theme (plots/axes.ts) plus the lessons' class colours and series colours. */
export interface Palette extends Theme {
  /** Class 0 / negative output, class 1 / positive output. */
  neg: string; pos: string;
  /** Series colours for charts (the same sequence as the activation plots). */
  series: string[];
}

export abstract class LessonElement extends LitElement {
  // ---------------- Class Properties ----------------
  static styles = css`
    /* The page's --ap-* theme variables win when it sets them; these fallbacks serve a bare page. */
    :host {
      display: block; box-sizing: border-box; max-width: 100%;
      --_fg: var(--ap-fg, #1d2330); --_muted: var(--ap-muted, #5b6475); --_grid: var(--ap-grid, #d9dde5);
      --_bg: var(--ap-bg, #ffffff); --_panel: var(--ap-surface, #f4f6fa); --_error: var(--ap-error, #b3261e);
      --_accent: var(--ap-accent, #0877bd);
      --ap-neg: #f59322; --ap-pos: #0877bd;
      color: var(--_fg); background: var(--_bg); font: 14px/1.45 var(--ap-font, system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif);
    }
    @media (prefers-color-scheme: dark) {
      :host {
        --_fg: var(--ap-fg, #e4e7ee); --_muted: var(--ap-muted, #9aa3b5); --_grid: var(--ap-grid, #3a4150);
        --_bg: var(--ap-bg, #161a22); --_panel: var(--ap-surface, #202633); --_error: var(--ap-error, #ff8a80);
        --_accent: var(--ap-accent, #4aa3e0);
        --ap-neg: #f5a04a; --ap-pos: #4aa3e0;
      }
    }
    .ap-error { color: var(--_error); border: 1px solid currentColor; border-radius: 6px; padding: 0.5em 0.75em; margin: 0.25em 0; }
    .ap-loading { color: var(--_muted); padding: 0.5em 0; }
    .row { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
    .controls { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; margin: 6px 0; }
    .caption { color: var(--_muted); font-size: 12.5px; margin: 2px 0 6px; }
    canvas { display: block; max-width: 100%; }
    figure { margin: 0; width: fit-content; max-width: 100%; }
    figcaption { color: var(--_muted); font-size: 12.5px; text-align: center; width: 0; min-width: 100%; }
    button, select, input { font: inherit; color: inherit; }
    button { background: var(--_panel); border: 1px solid var(--_grid); border-radius: 6px; padding: 3px 10px; cursor: pointer; }
    button:hover { border-color: var(--_accent); }
    select, input[type=number] { background: var(--_bg); border: 1px solid var(--_grid); border-radius: 4px; padding: 1px 4px; }
    input[type=number] { width: 4.5em; }
    table { border-collapse: collapse; }
    th, td { padding: 2px 10px; text-align: center; border-bottom: 1px solid var(--_grid); }
    progress { width: 220px; }
    .legend { list-style: none; display: flex; flex-wrap: wrap; gap: 2px 10px; padding: 0; margin: 4px 0; font-size: 12px; max-width: 420px; }
    .legend .swatch { display: inline-block; width: 14px; height: 3px; margin-right: 4px; vertical-align: middle; }
    .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
  `;

  /** The shared engine once loaded. */
  protected engine: Engine | null = null;
  /** The message shown instead of the lesson when attributes or the engine fail. */
  protected problem: string | null = null;
  /** The element's content width in CSS pixels (from its container). */
  protected width = 0;

  private resizeObserver: ResizeObserver | null = null;
  private unsubscribeLang: (() => void) | null = null;
  private colourQuery: MediaQueryList | null = null;
  private readonly onColourChange = () => this.requestUpdate();
  private attributesDirty = true;
  private readyDirty = true;

  /** The attributes the subclass reads (with getAttribute) in configure(); a change re-runs configure(). */
  static lessonAttributes: readonly string[] = [];

  static get observedAttributes(): string[] {
    return [...super.observedAttributes, ...this.lessonAttributes];
  }

  // ---------------- Lifecycle Methods ----------------
  connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0].contentRect.width);
      if (w > 0 && Math.abs(w - this.width) >= 2) { this.width = w; this.requestUpdate(); }
    });
    this.resizeObserver.observe(this);
    this.unsubscribeLang = onLangChange(() => this.requestUpdate());
    this.colourQuery = matchMedia('(prefers-color-scheme: dark)');
    this.colourQuery.addEventListener('change', this.onColourChange);
    if (!this.engine) {
      sharedEngine({ training: true }).then((engine) => {
        this.engine = engine;
        this.readyDirty = true;
        this.requestUpdate();
      }, (e: unknown) => {
        this.problem = `engine failed to load: ${e instanceof Error ? e.message : String(e)}`;
        this.requestUpdate();
      });
    } else {
      this.readyDirty = true;
    }
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.unsubscribeLang?.();
    this.colourQuery?.removeEventListener('change', this.onColourChange);
    this.stop();
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (old !== value) { this.attributesDirty = true; this.requestUpdate(); }
  }

  protected willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (!this.engine || !(this.attributesDirty || this.readyDirty)) return;
    const attrsChanged = this.attributesDirty;
    this.attributesDirty = this.readyDirty = false;
    this.stop();
    try {
      this.problem = null;
      this.configure(this.engine, attrsChanged);
    } catch (e) {
      this.problem = e instanceof Error ? e.message : String(e);
    }
  }

  protected render(): TemplateResult {
    if (this.problem) return html`<div class="ap-error" role="alert">${this.localName}: ${this.problem}</div>`;
    if (!this.engine) return html`<div class="ap-loading">…</div>`;
    try {
      return this.renderLesson();
    } catch (e) {
      this.stop();
      this.problem = e instanceof Error ? e.message : String(e);
      return html`<div class="ap-error" role="alert">${this.localName}: ${this.problem}</div>`;
    }
  }

  protected updated(changed: PropertyValues): void {
    super.updated(changed);
    if (this.problem || !this.engine) return;
    this.guard(() => this.draw());
  }

  // ---------------- Custom Methods ----------------
  /** Reads the attributes (throwing RangeError on a bad one) and builds networks. Called with the engine loaded. */
  protected abstract configure(engine: Engine, attributesChanged: boolean): void;
  /** The lesson's DOM. */
  protected abstract renderLesson(): TemplateResult;
  /** Paints the canvases; called after every render. */
  protected draw(): void {}
  /** Stops any running animation or training (on disconnect and before reconfiguring). */
  protected stop(): void {}

  /** Runs fn; an exception becomes the inline error instead of escaping to the page. */
  protected guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.stop();
      this.problem = e instanceof Error ? e.message : String(e);
      this.requestUpdate();
    }
  }

  /** The current colours. */
  protected palette(): Palette {
    const theme = readTheme(this);
    const s = getComputedStyle(this);
    return {
      ...theme,
      neg: s.getPropertyValue('--ap-neg').trim() || '#f59322',
      pos: s.getPropertyValue('--ap-pos').trim() || '#0877bd',
      series: Array.from({ length: 6 }, (_, i) => seriesColour(i, theme.dark)),
    };
  }

  /** A "Save PNG" button that downloads the lesson's canvases, side by side, as one image. */
  protected pngButton(): TemplateResult {
    return html`<button id="png" @click=${this.savePng}>${t('lessons.png')}</button>`;
  }

  private savePng(): void {
    const canvases = [...this.renderRoot.querySelectorAll('canvas')].filter((c) => c.width > 0);
    if (!canvases.length) return;
    const out = document.createElement('canvas');
    out.width = canvases.reduce((w, c) => w + c.width, 0);
    out.height = Math.max(...canvases.map((c) => c.height));
    const ctx = out.getContext('2d')!;
    ctx.fillStyle = this.palette().bg;
    ctx.fillRect(0, 0, out.width, out.height);
    let x = 0;
    for (const c of canvases) { ctx.drawImage(c, x, 0); x += c.width; }
    downloadPng(out, `${this.localName}.png`).catch((e: unknown) => this.guard(() => { throw e; }));
  }

  /** A canvas in the shadow root by id. */
  protected canvas(id: string): HTMLCanvasElement | null {
    return this.renderRoot.querySelector<HTMLCanvasElement>(`#${id}`);
  }
}
