// <ap-network-diagram>: the network as TF Playground draws it. A column of input features (click to
// switch one on or off), one column per hidden layer (+/− layers and neurons, an activation per layer),
// the output; every neuron shows its output over the plane as a small heat map (hover or focus to
// enlarge); links are coloured by the weight's sign and drawn wider the larger |w| is; a click on a link
// opens an editor for that weight. With an `example` (explain mode) every neuron also shows that
// example's activation (number and colour), a link's tip gives its weight and contribution w·a, a click
// or Enter on a neuron selects it instead of opening its editor (`neuron-select`), and the links whose weights differ from `changed`
// (the weights before a step) are highlighted.
import { css, html, LitElement, nothing } from 'lit';

import type { ExampleSnapshot, LayerWeights, Snapshot } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/train.js';
import { CLASS_COLOURS, divergingColour, drawHeatmap } from '../../plots/heatmap.js';
import { fmt } from '../ap-explain/format.js';
import { LangController } from '../i18n-controller.js';

/** Detail of `spec-change`: the new feature list, hidden layers (units) and per-layer activations. */
export interface SpecChangeDetail { features?: string[]; layers?: number[]; activation?: string[] }
/** Detail of `neuron-select`: layer (0 = first hidden, the last = output) and unit. */
export interface NeuronSelectDetail { layer: number; unit: number }
/** Detail of `weight-change`: layer (0 = first hidden), unit, input index, new value. */
export interface WeightChangeDetail { layer: number; unit: number; input: number; value: number }

const FEATURE_SIZE = 24;
const FEATURE_LABELS: Record<string, string> = {
  'x1': 'x₁', 'x2': 'x₂', 'x1^2': 'x₁²', 'x2^2': 'x₂²', 'x1*x2': 'x₁x₂', 'sin(x1)': 'sin x₁', 'sin(x2)': 'sin x₂',
};
/** The input features the diagram shows, in its order. */
export const DIAGRAM_FEATURES: readonly string[] = Object.keys(FEATURE_LABELS);
/** The grid of the input features' maps: the plane [−6, 6]² at FEATURE_SIZE² (engine.featureGrid's GridSpec). */
export const FEATURE_MAP_GRID = { x: [-6, 6] as [number, number], y: [-6, 6] as [number, number], width: FEATURE_SIZE, height: FEATURE_SIZE };

/** Input features over {@link FEATURE_MAP_GRID} as the engine computes them (engine.featureGrid), feature-major. */
export interface FeatureMaps { features: readonly string[]; values: Float32Array }
/** Activations whose outputs lie in [0, 1]: their maps use that domain, the others [−1, 1]. */
const UNIT_RANGE = new Set(['sigmoid', 'hard_sigmoid', 'step', 'softmax']);

interface Node { x: number; y: number; layer: number; unit: number }
interface EditField { input: number; label: string; value: number }
/** A link from input i to unit u of layer l, drawn from (x0, y0) to (x1, y1). */
interface Link { l: number; u: number; i: number; value: number; x0: number; y0: number; x1: number; y1: number }

/** What the diagram draws: features in use, hidden layers and the output layer. */
export interface DiagramSpec {
  features: readonly string[];
  layers: readonly { units: number; activation: string }[];
  output: { units: number; activation: string };
}

export class ApNetworkDiagram extends LitElement {
  // ---------- Class Properties ----------
  static properties = {
    spec: { attribute: false },
    snapshot: { attribute: false },
    allFeatures: { attribute: false },
    featureMaps: { attribute: false },
    activations: { attribute: false },
    maxLayers: { type: Number, attribute: 'max-layers' },
    maxUnits: { type: Number, attribute: 'max-units' },
    editable: { type: Boolean },
    example: { attribute: false },
    selected: { attribute: false },
    changed: { attribute: false },
    width: { state: true },
    hover: { state: true },
    editing: { state: true },
    linkTip: { state: true },
  };
  declare spec: DiagramSpec | null;
  declare snapshot: Pick<Snapshot, 'neurons' | 'weights'> | null;
  declare allFeatures: string[];
  /** The input features' maps, from the engine; the input nodes stay blank without them. */
  declare featureMaps: FeatureMaps | null;
  declare activations: string[];
  declare maxLayers: number;
  declare maxUnits: number;
  declare editable: boolean;
  /** Explain mode: the selected example's trace, whose activations the neurons show. */
  declare example: ExampleSnapshot | null;
  declare selected: NeuronSelectDetail | null;
  /** The weights before the last step on the example: links whose weight changed are highlighted. */
  declare changed: LayerWeights[] | null;
  declare width: number;
  declare hover: { layer: number; unit: number; x: number; y: number } | null;
  /** The open weight editor: one or more incoming weights (input −1: the bias) of one unit. */
  declare editing: { layer: number; unit: number; fields: EditField[]; x: number; y: number } | null;
  /** The hovered link's name and weight, shown next to the pointer. */
  declare linkTip: { text: string; x: number; y: number } | null;
  private linkCache: Link[] = [];
  private resizer: ResizeObserver | null = null;
  /** The maps each input canvas shows now (they are drawn once per FeatureMaps). */
  private drawnFeatures = new WeakMap<HTMLCanvasElement, FeatureMaps>();

  constructor() {
    super();
    this.spec = null;
    this.snapshot = null;
    this.allFeatures = [...DIAGRAM_FEATURES];
    this.featureMaps = null;
    this.activations = ['tanh', 'relu', 'sigmoid', 'identity'];
    this.maxLayers = 8;
    this.maxUnits = 16;
    this.editable = true;
    this.example = null;
    this.selected = null;
    this.changed = null;
    this.width = 600;
    this.hover = null;
    this.editing = null;
    this.linkTip = null;
    new LangController(this);
  }

  // ---------- Lifecycle Methods ----------
  connectedCallback(): void {
    super.connectedCallback();
    this.resizer = new ResizeObserver((e) => {
      const w = Math.round(e[0].contentRect.width);
      if (w > 0 && Math.abs(w - this.width) > 1) this.width = w;
    });
    this.resizer.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
  }

  protected updated(): void {
    this.drawLinks();
    this.drawMaps();
  }

  // ---------- Custom Methods ----------
  /** Redraws every neuron's map (called after each render; cheap: one putImageData per neuron). */
  drawMaps(): void {
    const spec = this.spec;
    if (!spec) return;
    const n = this.snapshot?.neurons;
    for (const c of this.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas[data-layer]')) {
      const layer = Number(c.dataset.layer);
      const unit = Number(c.dataset.unit);
      if (layer < 0) {
        // Input features do not depend on the network: drawn once per set of maps.
        const maps = this.featureMaps;
        const k = maps ? maps.features.indexOf(c.dataset.feature!) : -1;
        if (!maps || k < 0 || this.drawnFeatures.get(c) === maps) continue;
        this.drawnFeatures.set(c, maps);
        const size = FEATURE_SIZE;
        drawHeatmap(c, maps.values, size, { domain: FEATURE_DOMAIN[c.dataset.feature!] ?? [-6, 6], offset: k * size * size });
      } else if (n && n.layers[layer + 1]) {
        const size = n.size;
        drawHeatmap(c, n.layers[layer + 1], size, { domain: this.domainOf(layer), offset: unit * size * size });
      }
    }
  }

  // ---------- Event Handlers ----------
  private emitSpec(detail: SpecChangeDetail): void {
    this.dispatchEvent(new CustomEvent<SpecChangeDetail>('spec-change', { detail, bubbles: true, composed: true }));
  }

  private toggleFeature(f: string): void {
    const on = this.spec!.features.includes(f);
    const next = on ? this.spec!.features.filter((x) => x !== f) : this.allFeatures.filter((x) => x === f || this.spec!.features.includes(x));
    if (next.length === 0) return;
    this.emitSpec({ features: next });
  }

  private changeLayers(layers: number[], activation = this.spec!.layers.map((l) => l.activation)): void {
    const acts = layers.map((_, i) => activation[Math.min(i, activation.length - 1)] ?? 'tanh');
    this.emitSpec({ layers, activation: acts });
  }

  private openEditor(x: number, y: number, layer: number, unit: number, fields: EditField[]): void {
    if (!this.editable) return;
    this.editing = { layer, unit, fields, x, y };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('.editor input')?.select());
  }

  /** Opens the editor of a neuron's incoming weights and bias (a click, or Enter or Space on the focused neuron). */
  private editNeuron(n: Node): void {
    if (!this.snapshot) return;
    const spec = this.spec!;
    const w = this.snapshot.weights[n.layer];
    const inputs = w.weights.length / w.biases.length;
    const name = (i: number) => n.layer === 0 ? FEATURE_LABELS[spec.features[i]] : t('train.neuron', { layer: n.layer, unit: i + 1 });
    const fields: EditField[] = Array.from({ length: inputs }, (_, i) => ({ input: i, label: name(i), value: w.weights[n.unit * inputs + i] }));
    fields.push({ input: -1, label: t('train.bias'), value: w.biases[n.unit] });
    this.openEditor(n.x, n.y, n.layer, n.unit, fields);
  }

  private selectNeuron(n: Node): void {
    this.dispatchEvent(new CustomEvent<NeuronSelectDetail>('neuron-select', { detail: { layer: n.layer, unit: n.unit }, bubbles: true, composed: true }));
  }

  /** The example's activation of input i of layer l (a feature for the first layer), or undefined. */
  private inputActivation(l: number, i: number): number | undefined {
    const tr = this.example?.trace;
    if (!tr) return undefined;
    return l === 0 ? tr.features[i] : tr.layers[l - 1]?.a[i];
  }

  private applyEdit(e: Event): void {
    e.preventDefault();
    const { layer, unit, fields } = this.editing!;
    const inputs = [...this.renderRoot.querySelectorAll<HTMLInputElement>('.editor input')];
    const values = inputs.map((el) => Number(el.value));
    const bad = inputs.findIndex((el, i) => el.value.trim() === '' || !Number.isFinite(values[i]));
    if (bad >= 0) { inputs[bad].setCustomValidity(t('train.finite')); inputs[bad].reportValidity(); return; }
    this.editing = null;
    fields.forEach((f, i) => {
      if (values[i] === +f.value.toFixed(4)) return;
      this.dispatchEvent(new CustomEvent<WeightChangeDetail>('weight-change', { detail: { layer, unit, input: f.input, value: values[i] }, bubbles: true, composed: true }));
    });
  }

  // ---------- Private Helpers ----------
  private domainOf(layer: number): [number, number] {
    const spec = this.spec!;
    const act = layer < spec.layers.length ? spec.layers[layer].activation : spec.output.activation;
    return layer >= spec.layers.length || UNIT_RANGE.has(act) ? [0, 1] : [-1, 1];
  }

  private layout() {
    const spec = this.spec!;
    const cols = spec.layers.length + 2;
    const maxUnits = Math.max(this.allFeatures.length, ...spec.layers.map((l) => l.units), spec.output.units);
    const node = maxUnits > 10 ? 20 : 28;
    const gap = maxUnits > 10 ? 6 : 10;
    const top = 64;
    const colW = Math.max(node + 20, (this.width - 20) / cols);
    const x = (c: number) => 10 + colW * (c + 0.5);
    const nodes: Node[][] = [];
    nodes.push(this.allFeatures.map((_, i) => ({ x: x(0), y: top + i * (FEATURE_SIZE + gap) + FEATURE_SIZE / 2, layer: -1, unit: i })));
    spec.layers.forEach((l, li) => nodes.push(Array.from({ length: l.units }, (_, u) => ({ x: x(li + 1), y: top + u * (node + gap) + node / 2, layer: li, unit: u }))));
    nodes.push(Array.from({ length: spec.output.units }, (_, u) => ({ x: x(cols - 1), y: top + u * (node + gap) + node / 2, layer: spec.layers.length, unit: u })));
    const height = top + Math.max(this.allFeatures.length * (FEATURE_SIZE + gap), maxUnits * (node + gap)) + 8;
    return { nodes, node, height, x, colW };
  }

  /** Every link's geometry (a cubic from the source's right edge to the target's left edge) and weight. */
  private links(nodes: Node[][], node: number, weights: LayerWeights[] | undefined): Link[] {
    const spec = this.spec!;
    const out: Link[] = [];
    for (let l = 0; l <= spec.layers.length; l++) {
      const to = nodes[l + 1];
      // The first layer's inputs are the active features, in spec order.
      const from = l === 0 ? spec.features.map((f) => nodes[0][this.allFeatures.indexOf(f)]) : nodes[l];
      const w = weights?.[l];
      for (let u = 0; u < to.length; u++)
        for (let i = 0; i < from.length; i++) {
          const a = from[i];
          const b = to[u];
          out.push({ l, u, i, value: w ? w.weights[u * from.length + i] : 0,
                     x0: a.x + (l === 0 ? FEATURE_SIZE : node) / 2, y0: a.y, x1: b.x - node / 2, y1: b.y });
        }
    }
    return out;
  }

  /** Draws the links on one canvas: colour by sign, width and opacity by |w| (cheaper than SVG paths). */
  private drawLinks(): void {
    const c = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.links');
    if (!c || !this.spec) return;
    const { nodes, node, height } = this.layout();
    this.linkCache = this.links(nodes, node, this.snapshot?.weights);
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.round(this.width * dpr);
    const h = Math.round(height * dpr);
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    const ctx = c.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, height);
    const before = this.changed;
    for (const k of this.linkCache) {
      const mx = (k.x0 + k.x1) / 2;
      if (before && before[k.l] && before[k.l].weights[k.u * (before[k.l].weights.length / before[k.l].biases.length) + k.i] !== k.value) {
        // A weight the last step changed: a yellow band under the link.
        ctx.beginPath();
        ctx.moveTo(k.x0, k.y0);
        ctx.bezierCurveTo(mx, k.y0, mx, k.y1, k.x1, k.y1);
        ctx.strokeStyle = '#ffd400';
        ctx.globalAlpha = 0.9;
        ctx.lineWidth = linkWidth(k.value) + 5;
        ctx.stroke();
      }
      ctx.beginPath();
      ctx.moveTo(k.x0, k.y0);
      ctx.bezierCurveTo(mx, k.y0, mx, k.y1, k.x1, k.y1);
      ctx.strokeStyle = k.value >= 0 ? CLASS_COLOURS[1] : CLASS_COLOURS[0];
      ctx.globalAlpha = linkOpacity(k.value);
      ctx.lineWidth = linkWidth(k.value);
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  /** The link whose curve passes within 5 px of (x, y) in the plane, or null. */
  private linkAt(x: number, y: number): Link | null {
    let best: Link | null = null;
    let bestD = 25;
    for (const k of this.linkCache) {
      if (x < Math.min(k.x0, k.x1) - 5 || x > Math.max(k.x0, k.x1) + 5) continue;
      const mx = (k.x0 + k.x1) / 2;
      for (let j = 0; j <= 24; j++) {
        // Cubic Bézier B(t) with control points (x0,y0), (mx,y0), (mx,y1), (x1,y1).
        const t = j / 24, s = 1 - t;
        const bx = s * s * s * k.x0 + 3 * s * s * t * mx + 3 * s * t * t * mx + t * t * t * k.x1;
        const by = (s * s * s + 3 * s * s * t) * k.y0 + (3 * s * t * t + t * t * t) * k.y1;
        const d = (bx - x) ** 2 + (by - y) ** 2;
        if (d < bestD) { bestD = d; best = k; }
      }
    }
    return best;
  }

  private linkName(k: Link): string {
    const spec = this.spec!;
    const from = k.l === 0 ? FEATURE_LABELS[spec.features[k.i]] : t('train.neuron', { layer: k.l, unit: k.i + 1 });
    const to = k.l === spec.layers.length ? t('train.outputNode') : t('train.neuron', { layer: k.l + 1, unit: k.u + 1 });
    return t('train.weight', { from, to });
  }

  private planePoint(e: MouseEvent): [number, number] {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  private onPlaneMove(e: MouseEvent): void {
    const [x, y] = this.planePoint(e);
    const k = this.editable ? this.linkAt(x, y) : null;
    (e.currentTarget as HTMLElement).style.cursor = k ? 'pointer' : '';
    const a = k ? this.inputActivation(k.l, k.i) : undefined;
    const tip = k ? { text: a === undefined ? `${this.linkName(k)}: ${k.value.toFixed(3)}`
      : `${this.linkName(k)}: w = ${fmt(k.value)}, w·a = ${fmt(k.value)} × ${fmt(a)} = ${fmt(k.value * a)}`, x, y } : null;
    if (tip?.text !== this.linkTip?.text) this.linkTip = tip;
  }

  private onPlaneClick(e: MouseEvent): void {
    if (e.target !== e.currentTarget && !(e.target as Element).matches('canvas.links')) return;
    const [x, y] = this.planePoint(e);
    const k = this.linkAt(x, y);
    if (!k) return;
    const spec = this.spec!;
    const label = k.l === 0 ? FEATURE_LABELS[spec.features[k.i]] : t('train.neuron', { layer: k.l, unit: k.i + 1 });
    this.linkTip = null;
    this.openEditor(x, y, k.l, k.u, [{ input: k.i, label, value: k.value }]);
  }

  // ---------- Templates and Styles ----------
  /** Explain mode: the example's activation of neuron n, as a number on its colour. */
  private activationBadge(n: Node) {
    const a = this.example?.trace.layers[n.layer]?.a[n.unit];
    if (a === undefined) return nothing;
    const [lo, hi] = this.domainOf(n.layer);
    return html`<span class="act" data-value=${String(a)} style="background:${divergingColour(a, lo, hi)}">${fmt(a)}</span>`;
  }

  render() {
    const spec = this.spec;
    if (!spec) return nothing;
    const { nodes, node, height, x } = this.layout();
    const layers = spec.layers.map((l) => l.units);
    const acts = spec.layers.map((l) => l.activation);
    const hover = this.hover;
    return html`
      <div class="head">
        ${this.editable ? html`<button aria-label=${t('train.addLayer')} title=${t('train.addLayer')} ?disabled=${layers.length >= this.maxLayers}
          @click=${() => this.changeLayers([...layers, layers.at(-1) ?? 4], [...acts, acts.at(-1) ?? 'tanh'])}>+</button>
        <button aria-label=${t('train.removeLayer')} title=${t('train.removeLayer')} ?disabled=${layers.length === 0}
          @click=${() => this.changeLayers(layers.slice(0, -1), acts.slice(0, -1))}>−</button>` : nothing}
        <span>${t('train.layerCount', { n: layers.length })}</span>
      </div>
      <div class="plane" style="height:${height}px" @mousemove=${this.onPlaneMove} @mouseleave=${() => { this.linkTip = null; }}
        @click=${this.onPlaneClick}>
        <canvas class="links" style="width:${this.width}px;height:${height}px" aria-hidden="true"></canvas>
        ${this.linkTip ? html`<div class="tip" style="left:${Math.min(this.linkTip.x + 12, this.width - 220)}px;top:${this.linkTip.y + 12}px">${this.linkTip.text}</div>` : nothing}
        <div class="col-head" style="left:${x(0)}px">${t('train.features')}</div>
        ${nodes[0].map((n, i) => {
          const f = this.allFeatures[i];
          const on = spec.features.includes(f);
          const style = `left:${n.x - FEATURE_SIZE / 2}px;top:${n.y - FEATURE_SIZE / 2}px`;
          const body = html`<canvas width="24" height="24" data-layer="-1" data-unit=${i} data-feature=${f}></canvas>
            <span class="flabel">${FEATURE_LABELS[f]}</span>`;
          return this.editable
            ? html`<button class="feature ${on ? 'on' : ''}" style=${style} aria-pressed=${on}
                aria-label=${t('train.input', { name: FEATURE_LABELS[f] })} @click=${() => this.toggleFeature(f)}>${body}</button>`
            : html`<div class="feature ${on ? 'on' : ''}" style=${style}>${body}</div>`;
        })}
        ${spec.layers.map((l, li) => html`
          <div class="col-head" style="left:${x(li + 1)}px">
            ${this.editable ? html`<div class="units">
              <button aria-label=${t('train.removeUnit', { n: li + 1 })} ?disabled=${l.units <= 1}
                @click=${() => this.changeLayers(layers.map((u, k) => (k === li ? u - 1 : u)))}>−</button>
              <button aria-label=${t('train.addUnit', { n: li + 1 })} ?disabled=${l.units >= this.maxUnits}
                @click=${() => this.changeLayers(layers.map((u, k) => (k === li ? u + 1 : u)))}>+</button>
            </div>` : nothing}
            <div class="count">${t('train.units', { n: l.units })}</div>
            ${this.editable ? html`<select aria-label=${t('train.layerActivation', { n: li + 1 })}
              @change=${(e: Event) => this.changeLayers(layers, acts.map((a, k) => (k === li ? (e.target as HTMLSelectElement).value : a)))}>
              ${this.activations.map((a) => html`<option value=${a} ?selected=${a === l.activation}>${a}</option>`)}
            </select>` : html`<div class="count">${l.activation}</div>`}
          </div>`)}
        <div class="col-head" style="left:${x(spec.layers.length + 1)}px">${t('train.outputNode')}</div>
        ${nodes.slice(1).flat().map((n) => html`<button type="button" class="neuron ${this.selected?.layer === n.layer && this.selected?.unit === n.unit ? 'selected' : ''}" style="left:${n.x - node / 2}px;top:${n.y - node / 2}px;width:${node}px;height:${node}px"
            aria-label=${n.layer === spec.layers.length ? t('train.outputNode') : t('train.neuron', { layer: n.layer + 1, unit: n.unit + 1 })}
            @mouseenter=${() => { this.hover = { layer: n.layer, unit: n.unit, x: n.x, y: n.y }; }}
            @focus=${() => { this.hover = { layer: n.layer, unit: n.unit, x: n.x, y: n.y }; }}
            @mouseleave=${() => { this.hover = null; }} @blur=${() => { this.hover = null; }}
            aria-pressed=${this.example ? (this.selected?.layer === n.layer && this.selected?.unit === n.unit ? 'true' : 'false') : nothing}
            @click=${() => (this.example ? this.selectNeuron(n) : this.editNeuron(n))}>
            <canvas width=${node * 2} height=${node * 2} data-layer=${n.layer} data-unit=${n.unit}></canvas>${this.activationBadge(n)}</button>`)}
        ${hover ? html`<div class="zoom" style="left:${Math.min(hover.x + node, this.width - 170)}px;top:${Math.max(0, hover.y - 80)}px">
            <canvas width="160" height="160" data-layer=${hover.layer} data-unit=${hover.unit}></canvas></div>` : nothing}
        ${this.editing ? html`<form class="editor" aria-label=${t('train.editWeight')} style="left:${Math.min(this.editing.x, this.width - 220)}px;top:${this.editing.y + 8}px"
            @submit=${this.applyEdit} @keydown=${(e: KeyboardEvent) => { if (e.key === 'Escape') this.editing = null; }}>
            ${this.editing.fields.map((f) => html`<label>${f.input < 0 ? f.label : t('train.weightFrom', { from: f.label })}
              <input type="number" step="any" .value=${String(+f.value.toFixed(4))}></label>`)}
            <div><button type="submit">${t('train.apply')}</button>
            <button type="button" @click=${() => { this.editing = null; }}>${t('train.cancel')}</button></div></form>` : nothing}
      </div>`;
  }

  static styles = css`
    :host { display: block; font: 12px system-ui, sans-serif; color: inherit; }
    .head { display: flex; gap: 6px; align-items: center; margin-bottom: 4px; }
    .plane { position: relative; }
    canvas.links { position: absolute; left: 0; top: 0; }
    .tip { position: absolute; z-index: 2; pointer-events: none; background: Canvas; color: CanvasText; border: 1px solid #888; padding: 2px 6px; white-space: nowrap; font-size: 11px; }
    .col-head { position: absolute; top: 0; transform: translateX(-50%); text-align: center; white-space: nowrap; }
    .col-head select { max-width: 92px; font-size: 11px; }
    .units { display: flex; gap: 2px; justify-content: center; }
    button { min-width: 24px; cursor: pointer; }
    .feature { position: absolute; width: 24px; height: 24px; padding: 0; border: 1px solid #999; background: none; opacity: 0.35; }
    .feature.on { opacity: 1; border-color: #333; }
    .feature canvas { width: 100%; height: 100%; display: block; }
    .flabel { position: absolute; right: 28px; top: 4px; white-space: nowrap; }
    .neuron { position: absolute; border: 1px solid #666; box-sizing: border-box; padding: 0; margin: 0; min-width: 0; background: none; cursor: pointer; }
    .neuron:focus { outline: 2px solid #0877bd; }
    .neuron.selected { outline: 3px solid #ffd400; outline-offset: 1px; }
    .act { position: absolute; left: 50%; bottom: -2px; transform: translate(-50%, 100%); font: 10px ui-monospace, monospace;
      color: #111; padding: 0 2px; border-radius: 2px; white-space: nowrap; pointer-events: none; z-index: 1; }
    .neuron canvas { width: 100%; height: 100%; display: block; }
    .zoom { position: absolute; z-index: 2; border: 1px solid #333; background: #fff; pointer-events: none; box-shadow: 0 2px 8px #0004; }
    .zoom canvas { display: block; width: 160px; height: 160px; }
    .editor { position: absolute; z-index: 3; background: Canvas; color: CanvasText; border: 1px solid #888; padding: 6px; display: flex; flex-direction: column; gap: 4px; box-shadow: 0 2px 8px #0004; }
    .editor label { display: flex; justify-content: space-between; gap: 6px; }
    .editor input { width: 80px; }
  `;
}

/** Link width and opacity grow with |w| (TF Playground's idea). */
function linkWidth(w: number): number {
  return Math.round(10 * Math.min(8, 0.6 + Math.abs(w) * 1.6)) / 10;
}
function linkOpacity(w: number): number {
  return Math.round(20 * Math.min(1, 0.25 + Math.abs(w) / 2)) / 20;
}

/** Colour domain of each input feature over [−6, 6]² (the map's middle is 0, or 18 for squares). */
const FEATURE_DOMAIN: Record<string, [number, number]> = {
  'x1': [-6, 6], 'x2': [-6, 6], 'x1^2': [0, 36], 'x2^2': [0, 36], 'x1*x2': [-36, 36], 'sin(x1)': [-1, 1], 'sin(x2)': [-1, 1],
};

customElements.get('ap-network-diagram') || customElements.define('ap-network-diagram', ApNetworkDiagram);

declare global {
  interface HTMLElementTagNameMap { 'ap-network-diagram': ApNetworkDiagram }
}
