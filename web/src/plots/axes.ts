// Axes, grid and theme for canvas plots. The scale (plots/scale.ts, or d3-scale's) computes the ticks and
// their labels; this file only paints them, so every plot of the site (activation curves, loss charts) looks the same.
import type { LinearScale } from './scale.js';

/** Colours and fonts a plot paints with, read from the --ap-* CSS variables. */
export interface Theme {
  bg: string;
  fg: string;
  muted: string;
  grid: string;
  border: string;
  font: string;
  dark: boolean;
}

/** Space around the plotting area, in CSS pixels. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const DEFAULT_MARGIN: Margin = { top: 12, right: 16, bottom: 30, left: 46 };

/** The theme in effect for `el` (works inside shadow roots: custom properties inherit through them). */
export function readTheme(el: Element): Theme {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const dark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    bg: v('--ap-bg', dark ? '#14171c' : '#ffffff'),
    fg: v('--ap-fg', dark ? '#e4e7ec' : '#1d2330'),
    muted: v('--ap-muted', dark ? '#9aa3b2' : '#5b6475'),
    grid: v('--ap-grid', dark ? '#2a3039' : '#e6e8ec'),
    border: v('--ap-border', dark ? '#39404c' : '#d5d9e0'),
    font: v('--ap-font', 'system-ui, sans-serif'),
    dark,
  };
}

/**
 * Sizes a canvas to `cssWidth` x `cssHeight` CSS pixels at the device pixel ratio and returns its
 * context, scaled so that drawing code works in CSS pixels.
 */
export function fitCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): CanvasRenderingContext2D {
  const dpr = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const h = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** Fills the background and paints grid lines, the x = 0 / y = 0 axes, tick labels and a frame. */
export function drawAxes(ctx: CanvasRenderingContext2D, x: LinearScale, y: LinearScale,
                         theme: Theme, ticks: { x?: number; y?: number } = {}): void {
  const [x0, x1] = x.range();
  const [y0, y1] = y.range(); // y0 is the bottom (larger pixel value)
  const xt = x.ticks(ticks.x ?? 8);
  const yt = y.ticks(ticks.y ?? 6);
  const fx = x.tickFormat(ticks.x ?? 8);
  const fy = y.tickFormat(ticks.y ?? 6);

  ctx.save();
  ctx.fillStyle = theme.bg;
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);

  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.grid;
  ctx.beginPath();
  for (const t of xt) { const px = Math.round(x(t)) + 0.5; ctx.moveTo(px, y1); ctx.lineTo(px, y0); }
  for (const t of yt) { const py = Math.round(y(t)) + 0.5; ctx.moveTo(x0, py); ctx.lineTo(x1, py); }
  ctx.stroke();

  // The coordinate axes through the origin, when visible, a shade stronger than the grid.
  ctx.strokeStyle = theme.muted;
  ctx.globalAlpha = 0.6;
  ctx.beginPath();
  const [dx0, dx1] = x.domain();
  const [dy0, dy1] = y.domain();
  if (dx0 <= 0 && dx1 >= 0) { const px = Math.round(x(0)) + 0.5; ctx.moveTo(px, y1); ctx.lineTo(px, y0); }
  if (dy0 <= 0 && dy1 >= 0) { const py = Math.round(y(0)) + 0.5; ctx.moveTo(x0, py); ctx.lineTo(x1, py); }
  ctx.stroke();
  ctx.globalAlpha = 1;

  ctx.strokeStyle = theme.border;
  ctx.strokeRect(x0 + 0.5, y1 + 0.5, x1 - x0 - 1, y0 - y1 - 1);

  ctx.fillStyle = theme.muted;
  ctx.font = `11px ${theme.font}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of xt) ctx.fillText(fx(t).replace('-', '−'), x(t), y0 + 5);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yt) ctx.fillText(fy(t).replace('-', '−'), x0 - 5, y(t));
  ctx.restore();
}
