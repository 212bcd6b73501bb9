// Loss and accuracy curves on canvas: d3-scale maps, plots/axes.ts paints the axes (shared with the
// other plots), this file the curves. Long histories are drawn with at most one vertex per pixel column (min/max per column), so a
// frame costs O(width) however long training ran.
import { scaleLinear } from 'd3-scale';

import { drawAxes, fitCanvas, type Theme } from './axes.js';

/** One curve: values indexed like the shared x values. */
export interface Series {
  values: ArrayLike<number>;
  colour: string;
  label: string;
  dashed?: boolean;
}

/** Chart options: a fixed y domain (accuracy: [0, 1]) or one fitted to the data from 0 (loss). */
export interface ChartOptions {
  yDomain?: [number, number];
  /** A vertical mark at epoch `x` with a label (where training diverged: the curves end there). */
  marker?: { x: number; label: string; colour: string };
}

/**
 * Draws the curves of `series` against `xs` (epochs) on a canvas of cssWidth × cssHeight CSS pixels,
 * with the site's axes (plots/axes.ts) and a legend.
 */
export function drawLineChart(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number, xs: ArrayLike<number>,
                              series: Series[], theme: Theme, options: ChartOptions = {}): void {
  const ctx = fitCanvas(canvas, cssWidth, cssHeight);
  const m = { left: 40, right: 8, top: 18, bottom: 18 };
  const W = cssWidth;
  const H = cssHeight;
  const n = xs.length;
  const x0 = n ? xs[0] : 0;
  const x1 = n ? Math.max(xs[n - 1], x0 + 1) : 1;
  let yMax = 0;
  if (!options.yDomain) for (const s of series) for (let i = 0; i < s.values.length; i++) {
    const v = s.values[i];
    if (Number.isFinite(v) && v > yMax) yMax = v;
  }
  const x = scaleLinear().domain([x0, x1]).range([m.left, W - m.right]);
  const y = scaleLinear().domain(options.yDomain ?? [0, yMax > 0 ? yMax : 1]).range([H - m.bottom, m.top]).nice(4);
  drawAxes(ctx, x, y, theme, { x: 4, y: 3 });

  const cols = Math.max(1, Math.floor(W - m.left - m.right));
  const clampY = (v: number) => Math.max(m.top - 2, Math.min(H - m.bottom, y(v)));
  for (const s of series) {
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash(s.dashed ? [4, 3] : []);
    ctx.beginPath();
    let started = false;
    const stride = Math.max(1, Math.floor(n / cols));
    for (let i = 0; i < n; i += stride) {
      // With stride > 1, draw the column's min and max so spikes stay visible.
      let lo = Infinity, hi = -Infinity;
      for (let j = i; j < Math.min(n, i + stride); j++) {
        const v = s.values[j];
        if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
      }
      if (lo === Infinity) { started = false; continue; }
      const px = x(xs[i]);
      if (!started) { ctx.moveTo(px, clampY(hi)); started = true; } else ctx.lineTo(px, clampY(hi));
      if (lo !== hi) ctx.lineTo(px, clampY(lo));
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.font = `11px ${theme.font}`;
  if (options.marker) {
    const mx = Math.max(m.left, Math.min(W - m.right, x(options.marker.x)));
    ctx.strokeStyle = options.marker.colour;
    ctx.lineWidth = 1.5;
    ctx.setLineDash([2, 2]);
    ctx.beginPath();
    ctx.moveTo(mx, m.top);
    ctx.lineTo(mx, H - m.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = options.marker.colour;
    ctx.textBaseline = 'middle';
    const w = ctx.measureText(options.marker.label).width;
    ctx.textAlign = mx - 4 - w >= m.left ? 'right' : 'left';
    ctx.fillText(options.marker.label, ctx.textAlign === 'right' ? mx - 4 : mx + 4, (m.top + H - m.bottom) / 2);
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  let lx = m.left + 4;
  for (const s of series) {
    ctx.fillStyle = s.colour;
    ctx.fillRect(lx, 7, 10, 3);
    ctx.fillStyle = theme.fg;
    ctx.fillText(s.label, lx + 13, 2);
    lx += 18 + ctx.measureText(s.label).width + 8;
  }
}
