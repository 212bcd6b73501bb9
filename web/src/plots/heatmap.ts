// Heat maps on canvas: a grid of values coloured through a lookup table into ImageData (one
// putImageData per map, no per-pixel canvas calls), and the data points drawn over it. Used for the
// decision boundary and for every neuron's small map in the network diagram.
import { scaleLinear } from 'd3-scale';

/** Class colours: class 0 orange, class 1 blue (as TensorFlow Playground), then more for multi-class. */
export const CLASS_COLOURS = ['#f59322', '#0877bd', '#2ca02c', '#9467bd', '#d62728', '#8c564b', '#e377c2', '#7f7f7f'];
const NEUTRAL = '#e8eaeb';
const LUT_SIZE = 256;

/**
 * A 256-entry table from orange (lo) through light grey (mid) to blue (hi), each entry one packed RGBA
 * pixel as a little-endian Uint32 (ImageData's byte order R, G, B, A), so colouring is one store per pixel.
 */
function divergingLut(): Uint32Array {
  const scale = scaleLinear<string>().domain([0, 0.5, 1]).range([CLASS_COLOURS[0], NEUTRAL, CLASS_COLOURS[1]]);
  const lut = new Uint32Array(LUT_SIZE);
  for (let i = 0; i < LUT_SIZE; i++) {
    const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(scale(i / (LUT_SIZE - 1)))!;
    lut[i] = pack(+m[1], +m[2], +m[3]);
  }
  return lut;
}

function pack(r: number, g: number, b: number): number {
  return ((255 << 24) | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r)) >>> 0;
}
const LUT = divergingLut();

/** The diverging colour (orange, grey, blue) of v on [lo, hi], as CSS: real-valued outputs and targets. */
export function divergingColour(v: number, lo: number, hi: number): string {
  const k = Math.max(0, Math.min(LUT_SIZE - 1, Math.round(((v - lo) / (hi - lo)) * (LUT_SIZE - 1))));
  const p = LUT[Number.isFinite(k) ? k : LUT_SIZE >> 1];
  return `rgb(${p & 255}, ${(p >>> 8) & 255}, ${(p >>> 16) & 255})`;
}

function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
const CLASS_RGB = CLASS_COLOURS.map(rgb);
const NEUTRAL_RGB = rgb(NEUTRAL);

/** How values map to colour. */
export interface HeatmapStyle {
  /** Values at or below domain[0] are orange, at or above domain[1] blue, the middle light grey. */
  domain: [number, number];
  /** Two colours only (the sign of the value around the domain's middle), as TF Playground's toggle. */
  discretize?: boolean;
  /** Values per cell: 1 (a scalar field) or k class probabilities (coloured by the most likely class). */
  channels?: number;
  /** Where this map starts in `values` (several maps may share one array). */
  offset?: number;
}

/**
 * Colours a size × size grid (row-major, row 0 at the top) into an ImageData of the same size.
 * One channel: v ↦ LUT[(v − lo)/(hi − lo)], clamped. k channels: the argmax class's colour mixed with
 * grey by its margin over chance, (p_max − 1/k)/(1 − 1/k).
 */
export function heatmapImage(values: Float32Array, size: number, style: HeatmapStyle, into?: ImageData): ImageData {
  const img = into && into.width === size && into.height === size ? into : new ImageData(size, size);
  const px = new Uint32Array(img.data.buffer, img.data.byteOffset, size * size);
  const channels = style.channels ?? 1;
  const off = style.offset ?? 0;
  const [lo, hi] = style.domain;
  const scale = (LUT_SIZE - 1) / (hi - lo);
  const n = size * size;
  if (channels === 1) {
    for (let i = 0; i < n; i++) {
      let k = (values[off + i] - lo) * scale;
      if (!(k >= 0)) k = 0;          // also maps NaN to the low end instead of poisoning the image
      else if (k > LUT_SIZE - 1) k = LUT_SIZE - 1;
      if (style.discretize) k = k >= (LUT_SIZE - 1) / 2 ? LUT_SIZE - 1 : 0;
      px[i] = LUT[(k + 0.5) | 0];
    }
    return img;
  }
  const chance = 1 / channels;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let pmax = -Infinity;
    for (let c = 0; c < channels; c++) {
      const p = values[off + i * channels + c];
      if (p > pmax) { pmax = p; best = c; }
    }
    const a = style.discretize ? 1 : Math.max(0, Math.min(1, (pmax - chance) / (1 - chance)));
    const col = CLASS_RGB[best % CLASS_RGB.length];
    px[i] = pack(NEUTRAL_RGB[0] + (col[0] - NEUTRAL_RGB[0]) * a, NEUTRAL_RGB[1] + (col[1] - NEUTRAL_RGB[1]) * a,
                 NEUTRAL_RGB[2] + (col[2] - NEUTRAL_RGB[2]) * a);
  }
  return img;
}

const scratch = new Map<number, { canvas: OffscreenCanvas | HTMLCanvasElement; ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D; image: ImageData }>();

function scratchCanvas(size: number) {
  let s = scratch.get(size);
  if (!s) {
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(size, size)
      : Object.assign(document.createElement('canvas'), { width: size, height: size });
    s = { canvas, ctx: canvas.getContext('2d') as CanvasRenderingContext2D, image: new ImageData(size, size) };
    scratch.set(size, s);
  }
  return s;
}

/** Draws a heat map scaled to fill the target canvas (smoothed, like a bilinear upsampling). */
export function drawHeatmap(target: HTMLCanvasElement, values: Float32Array, size: number, style: HeatmapStyle): void {
  const ctx = target.getContext('2d');
  if (!ctx) return;
  const s = scratchCanvas(size);
  s.ctx.putImageData(heatmapImage(values, size, style, s.image), 0, 0);
  ctx.imageSmoothingEnabled = !style.discretize;
  ctx.drawImage(s.canvas, 0, 0, target.width, target.height);
}

/** Points to draw over a heat map. `test` marks held-out points (drawn with a dark ring). */
export interface PlotPoints {
  x: Float32Array;
  y: Float32Array;
  test: Uint8Array;
}

/** Draws points (train with a white ring; test, if shown, with a black ring) in data coordinates. */
export function drawPoints(target: HTMLCanvasElement, pts: PlotPoints, extent: [number, number],
                           options: { showTest: boolean; showTrain?: boolean; radius?: number; valueDomain?: [number, number] }): void {
  const ctx = target.getContext('2d');
  if (!ctx) return;
  const [lo, hi] = extent;
  const sx = target.width / (hi - lo);
  const sy = target.height / (hi - lo);
  const r = options.radius ?? Math.max(2.5, target.width / 130);
  ctx.lineWidth = Math.max(1, r / 3);
  for (let i = 0; i < pts.y.length; i++) {
    const isTest = pts.test[i] === 1;
    if (isTest ? !options.showTest : options.showTrain === false) continue;
    const px = (pts.x[2 * i] - lo) * sx;
    const py = (hi - pts.x[2 * i + 1]) * sy;
    ctx.beginPath();
    ctx.arc(px, py, r, 0, 2 * Math.PI);
    // Real-valued targets (regression) take the map's diverging scale; labels their class colour.
    const vd = options.valueDomain;
    ctx.fillStyle = vd ? divergingColour(pts.y[i], vd[0], vd[1]) : CLASS_COLOURS[pts.y[i] % CLASS_COLOURS.length];
    ctx.fill();
    ctx.strokeStyle = isTest ? '#000' : '#fff';
    ctx.stroke();
  }
}

/** The data coordinates under a canvas pixel (CSS pixels relative to the canvas's box). */
export function toData(cssX: number, cssY: number, cssW: number, cssH: number, extent: [number, number]): [number, number] {
  const [lo, hi] = extent;
  return [lo + (cssX / cssW) * (hi - lo), hi - (cssY / cssH) * (hi - lo)];
}
