// <ap-heatmap>: the decision-boundary map. A canvas sized to its box shows the network's output over
// the plane (plots/heatmap.ts) with the points on top; a click on empty ground asks to add a point
// (blue; shift-click or right-click: orange), a click on a point asks to delete it.
import { css, html, LitElement, type PropertyValues } from 'lit';

import type { Snapshot } from '../../engine/worker.js';
import { drawHeatmap, drawPoints, type PlotPoints, toData } from '../../plots/heatmap.js';

/** Detail of `point-add`: where (data coordinates) and which class. */
export interface PointAddDetail { x1: number; x2: number; label: number }
/** Detail of `point-delete`: the index of the point in `points`. */
export interface PointDeleteDetail { index: number }

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
  };
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
      drawHeatmap(c, b.values, b.size, { domain: [0, 1], channels: b.channels, discretize: this.discretize });
    } else {
      ctx.fillStyle = '#e8eaeb';
      ctx.fillRect(0, 0, c.width, c.height);
    }
    if (this.points) ctx.drawImage(this.pointLayer(c.width, dpr), 0, 0);
  }

  // ---------- Event Handlers ----------
  private onPointer(e: MouseEvent): void {
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
    const key = [this.points, width, this.showTest, this.extent[0], this.extent[1]];
    if (this.layer && this.layer.key.every((k, i) => k === key[i])) return this.layer.canvas;
    const canvas = this.layer?.canvas ?? document.createElement('canvas');
    canvas.width = width;
    canvas.height = width;
    canvas.getContext('2d')?.clearRect(0, 0, width, width);
    drawPoints(canvas, this.points!, this.extent, { showTest: this.showTest, radius: 3.2 * dpr });
    this.layer = { canvas, key };
    return canvas;
  }

  /** Index of the nearest visible point within `radius` (data units), or -1. */
  private pointAt(x1: number, x2: number, radius: number): number {
    const p = this.points!;
    let best = -1;
    let bestD = radius * radius;
    for (let i = 0; i < p.y.length; i++) {
      if (p.test[i] && !this.showTest) continue;
      const d = (p.x[2 * i] - x1) ** 2 + (p.x[2 * i + 1] - x2) ** 2;
      if (d <= bestD) { bestD = d; best = i; }
    }
    return best;
  }

  // ---------- Templates and Styles ----------
  render() {
    return html`<canvas role="img" aria-label=${this.label} @click=${this.onPointer} @contextmenu=${this.onPointer}></canvas>`;
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
