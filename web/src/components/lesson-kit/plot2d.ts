// Canvas drawing for the lessons, on top of the site's plot helpers (plots/axes.ts for canvas sizing,
// theme and axes; plots/line-plot.ts for curves): a plot frame, the probability field of a classifier
// (the region plot), labelled points, lines a·x + b·y + c = 0, legends.
import { scaleLinear, scaleLog, type ScaleContinuousNumeric, type ScaleLinear } from 'd3-scale';

import { drawAxes as drawSiteAxes, fitCanvas } from '../../plots/axes.js';
import { drawSeries } from '../../plots/line-plot.js';

import type { Palette } from './lesson-element.js';

type Scale = ScaleContinuousNumeric<number, number>;

/** A plot area on a canvas: scales map data to CSS pixels inside the margins. */
export interface Frame {
  ctx: CanvasRenderingContext2D;
  x: Scale;
  y: Scale;
  left: number; top: number; width: number; height: number;
}

/** Sizes the canvas for the device pixel ratio; returns a cleared context drawing in CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): CanvasRenderingContext2D {
  const ctx = fitCanvas(canvas, Math.max(1, Math.round(cssWidth)), Math.max(1, Math.round(cssHeight)));
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  return ctx;
}

export interface FrameOptions {
  xDomain: [number, number];
  yDomain: [number, number];
  logY?: boolean;
  margin?: { left: number; right: number; top: number; bottom: number };
}

/** A frame over the whole canvas, minus margins for tick labels. */
export function makeFrame(ctx: CanvasRenderingContext2D, cssWidth: number, cssHeight: number, o: FrameOptions): Frame {
  const m = o.margin ?? { left: 34, right: 14, top: 8, bottom: 22 };
  const width = cssWidth - m.left - m.right, height = cssHeight - m.top - m.bottom;
  const y = (o.logY ? scaleLog() : scaleLinear()).domain(o.yDomain).range([m.top + height, m.top]);
  const x = scaleLinear().domain(o.xDomain).range([m.left, m.left + width]);
  return { ctx, x, y, left: m.left, top: m.top, width, height };
}

/**
 * Background, grid, tick labels and frame (the site's axes), then optional axis titles inside the
 * corners. It paints the whole canvas, so call it first and draw the data over it.
 */
export function drawAxes(f: Frame, p: Palette, titles: { x?: string; y?: string } = {}, ticks: number | { x: number; y: number } = 5): void {
  const tk = typeof ticks === 'number' ? { x: ticks, y: ticks } : ticks;
  drawSiteAxes(f.ctx, f.x as ScaleLinear<number, number>, f.y as ScaleLinear<number, number>, p, tk);
  const { ctx } = f;
  ctx.save();
  ctx.font = `11px ${p.font}`;
  ctx.fillStyle = p.muted;
  if (titles.x) { ctx.textAlign = 'right'; ctx.textBaseline = 'bottom'; ctx.fillText(titles.x, f.left + f.width - 4, f.top + f.height - 3); }
  if (titles.y) { ctx.textAlign = 'left'; ctx.textBaseline = 'top'; ctx.fillText(titles.y, f.left + 4, f.top + 3); }
  ctx.restore();
}

/** "#rgb" or "#rrggbb" (the palette's custom properties) as [r, g, b]; grey for anything else. */
function rgb(c: string): [number, number, number] {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c.trim());
  if (!m) return [128, 128, 128];
  const h = m[1].length === 3 ? [...m[1]].map((d) => d + d).join('') : m[1];
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/**
 * The region plot: values in [0, 1] (the probability of class 1) on a gridW x gridH grid over the
 * frame's domain, row 0 at the top (largest y). Colour goes from `neg` (0) through the background
 * (0.5) to `pos` (1); `discrete` paints only the side of 0.5.
 */
export function drawField(f: Frame, values: ArrayLike<number>, gridW: number, gridH: number, p: Palette, discrete = false): void {
  const img = new ImageData(gridW, gridH);
  const neg = rgb(p.neg), pos = rgb(p.pos), bg = rgb(p.bg);
  for (let i = 0; i < gridW * gridH; i++) {
    let v = values[i];
    if (!Number.isFinite(v)) v = 0.5;
    if (discrete) v = v > 0.5 ? 0.8 : 0.2;
    const t = Math.min(1, Math.abs(v - 0.5) * 2) * 0.75;   // 0.75: keep the points readable on top
    const c = v >= 0.5 ? pos : neg;
    img.data[4 * i] = bg[0] + (c[0] - bg[0]) * t;
    img.data[4 * i + 1] = bg[1] + (c[1] - bg[1]) * t;
    img.data[4 * i + 2] = bg[2] + (c[2] - bg[2]) * t;
    img.data[4 * i + 3] = 255;
  }
  const off = document.createElement('canvas');
  off.width = gridW; off.height = gridH;
  off.getContext('2d')!.putImageData(img, 0, 0);
  f.ctx.save();
  f.ctx.imageSmoothingEnabled = !discrete;
  f.ctx.drawImage(off, f.left, f.top, f.width, f.height);
  f.ctx.restore();
}

/** Points (x, y) row-major, coloured by label (0/1); `hollow` draws test points as rings. */
export function drawPoints(f: Frame, xy: ArrayLike<number>, labels: ArrayLike<number>, p: Palette, radius = 3, hollow = false): void {
  const { ctx } = f;
  ctx.save();
  ctx.lineWidth = 1;
  for (let i = 0; i < labels.length; i++) {
    const px = f.x(xy[2 * i]), py = f.y(xy[2 * i + 1]);
    if (px < f.left - radius || px > f.left + f.width + radius || py < f.top - radius || py > f.top + f.height + radius) continue;
    ctx.beginPath();
    ctx.arc(px, py, radius, 0, 2 * Math.PI);
    const c = labels[i] > 0.5 ? p.pos : p.neg;
    if (hollow) { ctx.strokeStyle = c; ctx.stroke(); } else { ctx.fillStyle = c; ctx.fill(); ctx.strokeStyle = p.bg; ctx.stroke(); }
  }
  ctx.restore();
}

/** Saves the context and clips drawing to the frame's plot area; the caller restores it. */
export function clipToFrame(f: Frame): CanvasRenderingContext2D {
  const { ctx } = f;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.top, f.width, f.height);
  ctx.clip();
  return ctx;
}

/** The line a·x + b·y + c = 0, clipped to the frame. Nothing is drawn when a = b = 0. */
export function drawLine(f: Frame, a: number, b: number, c: number, colour: string, width = 2, dash: number[] = []): void {
  const [x0, x1] = f.x.domain(), [y0, y1] = f.y.domain();
  const pts: [number, number][] = [];
  if (Math.abs(b) > 1e-12) {
    for (const x of [x0, x1]) pts.push([x, -(a * x + c) / b]);
  } else if (Math.abs(a) > 1e-12) {
    for (const y of [y0, y1]) pts.push([-(b * y + c) / a, y]);
  } else return;
  const ctx = clipToFrame(f);
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(f.x(pts[0][0]), f.y(pts[0][1]));
  ctx.lineTo(f.x(pts[1][0]), f.y(pts[1][1]));
  ctx.stroke();
  ctx.restore();
}

/** A curve through (xs[i], ys[i]); non-finite values (and non-positive ones on a log axis) break it. */
export function drawPolyline(f: Frame, xs: ArrayLike<number>, ys: ArrayLike<number>, colour: string, width = 2, dash: number[] = []): void {
  const safe = isLog(f.y) ? Array.from(ys, (v) => (v > 0 ? v : NaN)) : ys;
  drawSeries(f.ctx, f.x as ScaleLinear<number, number>, f.y as ScaleLinear<number, number>, [{ xs, ys: safe, colour, width, dash }]);
}

/** d3's log scales have base(); linear ones do not. */
function isLog(s: Scale): boolean {
  return typeof (s as unknown as { base?: unknown }).base === 'function';
}

/** A small legend: coloured swatches (a line, or a cross for `mark: 'cross'`) with labels, top-right inside the frame (or in the right margin). */
export function drawLegend(f: Frame, items: { label: string; colour: string; dash?: number[]; mark?: 'cross' }[], p: Palette,
                           outside = false): void {
  const { ctx } = f;
  ctx.save();
  ctx.font = `11px ${p.font}`;
  const w = Math.max(...items.map((it) => ctx.measureText(it.label).width)) + 30;
  const x = outside ? f.left + f.width + 8 : f.left + f.width - w - 6;
  let y = f.top + 6;
  ctx.globalAlpha = 0.85;
  ctx.fillStyle = p.bg;
  ctx.fillRect(x - 4, y - 3, w + 6, items.length * 15 + 4);
  ctx.globalAlpha = 1;
  ctx.textBaseline = 'middle';
  for (const it of items) {
    ctx.strokeStyle = it.colour;
    ctx.lineWidth = 2;
    ctx.setLineDash(it.dash ?? []);
    ctx.beginPath();
    if (it.mark === 'cross') { ctx.moveTo(x + 6, y + 2); ctx.lineTo(x + 14, y + 10); ctx.moveTo(x + 6, y + 10); ctx.lineTo(x + 14, y + 2); }
    else { ctx.moveTo(x, y + 6); ctx.lineTo(x + 20, y + 6); }
    ctx.stroke();
    ctx.fillStyle = p.fg;
    ctx.fillText(it.label, x + 25, y + 6);
    y += 15;
  }
  ctx.restore();
}

/** The extent [min, max] of finite values, padded; `fallback` when there are none. */
export function extent(values: Iterable<number>, fallback: [number, number] = [0, 1], pad = 0.05): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo > hi) return fallback;
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const d = (hi - lo) * pad;
  return [lo - d, hi + d];
}

/** A colour per layer from the first (warm) to the output (cool), so depth reads as a gradient. */
export function depthColour(layer: number, layers: number, p: Palette): string {
  const u = layers <= 1 ? 1 : layer / (layers - 1);
  return `hsl(${Math.round(15 + 195 * u)} 70% ${p.dark ? 62 : 42}%)`;
}
