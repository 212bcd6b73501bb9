// <ap-heatmap>: the decision-boundary map. A canvas sized to its box shows the network's output over
// the plane (plots/heatmap.ts) with the points on top; a click on empty ground asks to add a point
// (blue; shift-click or right-click: orange), a click on a point asks to delete it. In select mode
// (explain mode) a click selects the nearest point instead (`point-select`) and, with the map focused,
// the arrow keys step through the points (`point-step`); the selected point wears a ring. With `domain`
// set (regression) the map and the points use the diverging scale over that range of real values.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';

import type { Snapshot } from '../../engine/worker.js';
import { drawHeatmap, drawPoints, type PlotPoints, toData } from '../../plots/heatmap.js';

/** Detail of `point-add`: where (data coordinates) and which class. */
export interface PointAddDetail { x1: number; x2: number; label: number }
/** Detail of `point-delete`: the index of the point in `points`. */
export interface PointDeleteDetail { index: number }
/** Detail of `point-select`: the nearest point's index. */
export interface PointSelectDetail { index: number }
/** Detail of `point-step`: +1 for the next point, −1 for the previous. */
export interface PointStepDetail { delta: number }

export class ApHeatmap extends LitElement {
  // ---------- Class Properties ----------
  static properties = {
    boundary: { attribute: false },
    points: { attribute: false },
    extent: { attribute: false },
    showTest: { type: Boolean, attribute: 'show-test' },
    discretize: { type: Boolean },
    editable: { type: Boolean },
    label: { type: String },
    selectMode: { type: Boolean, attribute: 'select-mode' },
    selected: { attribute: false },
    domain: { attribute: false },
  };
  declare selectMode: boolean;
  declare selected: number | null;
  /** Real-valued output (regression): the value range of the diverging scale; null for class probabilities. */
  declare domain: [number, number] | null;
  declare boundary: Snapshot['boundary'] | null;
  declare points: PlotPoints | null;
  declare extent: [number, number];
  declare showTest: boolean;
  declare discretize: boolean;
  declare editable: boolean;
  declare label: string;
  private resizer: ResizeObserver | null = null;
  /** The element's width from the ResizeObserver (reading clientWidth per frame would force a layout). */
  private cssWidth = 0;
  /** The points drawn once on a transparent layer, redrawn only when points, size or toggles change. */
  private layer: { canvas: HTMLCanvasElement; key: unknown[] } | null = null;

  constructor() {
    super();
    this.boundary = null;
    this.points = null;
    this.extent = [-6, 6];
    this.showTest = false;
    this.discretize = false;
    this.editable = true;
    this.label = '';
    this.selectMode = false;
    this.selected = null;
    this.domain = null;
  }

  // ---------- Lifecycle Methods ----------
  connectedCallback(): void {
    super.connectedCallback();
    this.resizer = new ResizeObserver((e) => {
      this.cssWidth = e[0].contentRect.width;
      this.draw();
    });
    this.resizer.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.resizer = null;
  }

  protected updated(_: PropertyValues): void {
    this.draw();
  }

  // ---------- Custom Methods ----------
  /** The canvas (for PNG export and pixel tests). */
  get canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  /** Redraws map and points at the canvas's current size. */
  draw(): void {
    const c = this.canvas;
    if (!c) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(1, Math.round((this.cssWidth || 300) * dpr));
    if (c.width !== w || c.height !== w) { c.width = w; c.height = w; }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    if (this.boundary) {
      const b = this.boundary;
      // One channel: the engine calls output ≥ 0.5 class 1, so [0, 1] puts the boundary at the colour's middle.
      drawHeatmap(c, b.values, b.size, { domain: this.domain ?? [0, 1], channels: b.channels, discretize: this.discretize });
    } else {
      ctx.fillStyle = '#e8eaeb';
      ctx.fillRect(0, 0, c.width, c.height);
    }
    if (this.points) ctx.drawImage(this.pointLayer(c.width, dpr), 0, 0);
    const i = this.selected;
    if (this.points && i !== null && i < this.points.y.length) {
      const [lo, hi] = this.extent;
      const px = ((this.points.x[2 * i] - lo) / (hi - lo)) * c.width, py = ((hi - this.points.x[2 * i + 1]) / (hi - lo)) * c.height;
      ctx.lineWidth = 2 * dpr;
      ctx.strokeStyle = '#000';
      ctx.beginPath();
      ctx.arc(px, py, 8 * dpr, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.strokeStyle = '#fff';
      ctx.beginPath();
      ctx.arc(px, py, 10 * dpr, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }

  // ---------- Event Handlers ----------
  private onKey(e: KeyboardEvent): void {
    if (!this.selectMode) return;
    const delta = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    this.dispatchEvent(new CustomEvent<PointStepDetail>('point-step', { detail: { delta }, bubbles: true, composed: true }));
  }

  private onPointer(e: MouseEvent): void {
    if (this.selectMode && this.points) {
      if (e.type === 'contextmenu' || e.button !== 0) return;
      const r = this.canvas!.getBoundingClientRect();
      const [x1, x2] = toData(e.clientX - r.left, e.clientY - r.top, r.width, r.height, this.extent);
      const hit = this.pointAt(x1, x2, Infinity);
      if (hit >= 0) this.dispatchEvent(new CustomEvent<PointSelectDetail>('point-select', { detail: { index: hit }, bubbles: true, composed: true }));
      return;
    }
    if (!this.editable || !this.points) return;
    if (e.type === 'contextmenu') e.preventDefault();
    else if (e.button !== 0) return;
    const c = this.canvas!;
    const r = c.getBoundingClientRect();
    const [x1, x2] = toData(e.clientX - r.left, e.clientY - r.top, r.width, r.height, this.extent);
    const hit = this.pointAt(x1, x2, (8 / r.width) * (this.extent[1] - this.extent[0]));
    if (hit >= 0) {
      this.dispatchEvent(new CustomEvent<PointDeleteDetail>('point-delete', { detail: { index: hit }, bubbles: true, composed: true }));
      return;
    }
    const label = e.type === 'contextmenu' || e.shiftKey ? 0 : 1;
    this.dispatchEvent(new CustomEvent<PointAddDetail>('point-add', { detail: { x1, x2, label }, bubbles: true, composed: true }));
  }

  // ---------- Private Helpers ----------
  private pointLayer(width: number, dpr: number): HTMLCanvasElement {
    const key = [this.points, width, this.showTest, this.extent[0], this.extent[1], this.domain?.[0], this.domain?.[1]];
    if (this.layer && this.layer.key.every((k, i) => k === key[i])) return this.layer.canvas;
    const canvas = this.layer?.canvas ?? document.createElement('canvas');
    canvas.width = width;
    canvas.height = width;
    canvas.getContext('2d')?.clearRect(0, 0, width, width);
    drawPoints(canvas, this.points!, this.extent, { showTest: this.showTest, radius: 3.2 * dpr, valueDomain: this.domain ?? undefined });
    this.layer = { canvas, key };
    return canvas;
  }

  /** Index of the nearest visible point within `radius` (data units), or -1. */
  private pointAt(x1: number, x2: number, radius: number): number {
    const p = this.points!;
    let best = -1;
    let bestD = radius === Infinity ? Infinity : radius * radius;
    for (let i = 0; i < p.y.length; i++) {
      if (p.test[i] && !this.showTest) continue;
      const d = (p.x[2 * i] - x1) ** 2 + (p.x[2 * i + 1] - x2) ** 2;
      if (d <= bestD) { bestD = d; best = i; }
    }
    return best;
  }

  // ---------- Templates and Styles ----------
  render() {
    return html`<canvas role="img" aria-label=${this.label} tabindex=${this.selectMode ? '0' : nothing} @click=${this.onPointer}
      @contextmenu=${this.onPointer} @keydown=${this.onKey}></canvas>`;
  }

  static styles = css`
    :host { display: block; aspect-ratio: 1; min-width: 120px; }
    canvas { width: 100%; height: 100%; display: block; cursor: crosshair; border-radius: 2px; }
  `;
}

customElements.get('ap-heatmap') || customElements.define('ap-heatmap', ApHeatmap);

declare global {
  interface HTMLElementTagNameMap { 'ap-heatmap': ApHeatmap }
}
