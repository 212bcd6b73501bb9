// Curves on a canvas: sampling grids, series drawing, a palette that stays distinct
// in light and dark themes, and PNG export. Shared by the activation plot and other line charts.
import type { LinearScale } from './scale.js';

/** One curve: y[i] over x[i], in data units. */
export interface Series {
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  colour: string;
  width?: number;
  dash?: number[];
}

// Okabe–Ito-based palette (distinguishable with the common colour-vision deficiencies), with a
// lighter variant of each for dark backgrounds. The first entry is the one sigmoid gets by default.
const LIGHT = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#7a5c00', '#56b4e9', '#8e44ad', '#c0392b', '#2f4f4f', '#e69f00'];
const DARK = ['#4fa8e8', '#ff8c42', '#2fd1a0', '#f29ad0', '#e6c229', '#8fd3ff', '#c39bd3', '#ff6f61', '#a3c4bc', '#ffc04d'];

/** The i-th series colour for the theme. */
export function seriesColour(i: number, dark: boolean): string {
  const p = dark ? DARK : LIGHT;
  return p[((i % p.length) + p.length) % p.length];
}

/** n evenly spaced points from a to b inclusive. */
export function linspace(a: number, b: number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = a + ((b - a) * i) / (n - 1);
  return out;
}

/**
 * Strokes each series inside the plotting area. Non-finite points break the line instead of
 * drawing a spike, and y values far outside the view are clamped so canvas paths stay sane.
 */
export function drawSeries(ctx: CanvasRenderingContext2D, x: LinearScale, y: LinearScale,
                           series: readonly Series[]): void {
  const [x0, x1] = x.range();
  const [y0, y1] = y.range();
  const lo = y1 - (y0 - y1) * 4;
  const hi = y0 + (y0 - y1) * 4;
  ctx.save();
  ctx.beginPath();
  ctx.rect(x0, y1, x1 - x0, y0 - y1);
  ctx.clip();
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  for (const s of series) {
    // One subpath per run of finite points (the path d3-shape's line() draws: a run of one point is a
    // closed zero-length subpath).
    ctx.beginPath();
    let run = 0;
    for (let i = 0; i < s.xs.length; i++) {
      if (!Number.isFinite(s.ys[i])) {
        if (run === 1) ctx.closePath();
        run = 0;
        continue;
      }
      const px = x(s.xs[i]);
      const py = Math.min(hi, Math.max(lo, y(s.ys[i])));
      if (run++ === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    if (run === 1) ctx.closePath();
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = s.width ?? 2;
    ctx.setLineDash(s.dash ?? []);
    ctx.stroke();
  }
  ctx.restore();
}

/** Saves a canvas as a PNG download named `filename`. */
export function downloadPng(canvas: HTMLCanvasElement, filename: string): Promise<void> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) { reject(new Error('the canvas could not be encoded as PNG')); return; }
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      resolve();
    }, 'image/png');
  });
}
