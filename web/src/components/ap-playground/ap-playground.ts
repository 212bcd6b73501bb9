// <ap-playground>: the Train view as one element, TF Playground's controls on our engine. Attributes
// mirror the URL state (dataset, noise, ratio, features, layers, activation, output, loss, optimizer,
// learning-rate, batch-size, regularization, reg-rate, seed, speed, discretize, show-test) plus
// `controls` (which controls show, e.g. "play,reset"), `hide-controls`, `autoplay` and
// `status="external"` (no own role=status region; the text still leaves as `ap-status` events).
// Explain mode (the "Explain" toggle): a click on the map selects a point, the diagram shows that
// example's activations, and <ap-explain> the selected neuron's arithmetic from the engine's trace.
// Training runs in a Web Worker (engine/worker.ts); this element only draws snapshots, one per frame.
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';

import {
  type ActivationDefinition, createTrainWorker, CsvError, type CsvData, type Feature, type LayerWeights, parseCsv, type Points, type ReplyResult,
  type Snapshot, type TrainWorker,
} from '../../engine/index.js';
import '../../i18n/explain.js';
import { onLangChange, t } from '../../i18n/index.js';
import '../../i18n/train.js';
import {
  changeKind, classesOf, cloneSettings, EXTENT, generateSpec, HIDDEN_ACTIVATIONS, MAX_LAYERS, MAX_UNITS, networkSpec,
  normalise, parseSettings, PROPS, serialiseSettings, settingsFromSpec, stopCondition, type TrainSettingsState, type TrainSpec,
} from '../../train-model/settings.js';
import '../ap-confusion/ap-confusion.js';
import '../ap-explain/ap-explain.js';
import type { NeuronRef } from '../ap-explain/ap-explain.js';
import '../ap-heatmap/ap-heatmap.js';
import type { ApHeatmap, PointAddDetail, PointDeleteDetail, PointSelectDetail, PointStepDetail } from '../ap-heatmap/ap-heatmap.js';
import '../ap-loss-chart/ap-loss-chart.js';
import type { ChartHistory } from '../ap-loss-chart/ap-loss-chart.js';
import '../ap-network-diagram/ap-network-diagram.js';
import {
  DIAGRAM_FEATURES, FEATURE_MAP_GRID, type FeatureMaps, type NeuronSelectDetail, type SpecChangeDetail, type WeightChangeDetail,
} from '../ap-network-diagram/ap-network-diagram.js';
import '../ap-train-controls/ap-train-controls.js';
import { CONTROL_IDS, type TrainActionDetail } from '../ap-train-controls/ap-train-controls.js';
import { workerEngineOptions } from '../engine-context.js';
import { LangController } from '../i18n-controller.js';

/** Detail of `ap-settings`: the settings and their non-default attribute strings (for the URL). */
export interface SettingsEventDetail { settings: TrainSettingsState; attributes: Record<string, string> }

const STATUS_INTERVAL_MS = 400;
/** CSV labels are class indices below this (the view colours up to 8 classes). */
const CSV_CLASSES = 8;
/** A loss for the read-outs: 3 decimals, "—" when there is none, "diverged" once training diverged. */
function readout(v: number | undefined, diverged: boolean | undefined): string {
  if (diverged) return t('train.divergedValue');
  return v !== undefined && Number.isFinite(v) ? v.toFixed(3) : '—';
}

const emptyHistory = (): ChartHistory => ({ epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [] });

export class ApPlayground extends LitElement {
  // ---------- Class Properties ----------
  static get observedAttributes(): string[] {
    return [...super.observedAttributes, ...PROPS.map((p) => p.attr), 'controls', 'hide-controls', 'autoplay', 'status'];
  }
  static properties = {
    settings: { state: true },
    snapshot: { state: true },
    historyVersion: { state: true },
    points: { state: true },
    custom: { state: true },
    running: { state: true },
    statusText: { state: true },
    problem: { state: true },
    notices: { state: true },
    ready: { state: true },
    formulas: { attribute: false },
    featureMaps: { state: true },
    explain: { state: true },
    neuron: { state: true },
    stepBefore: { state: true },
  };
  /** Explain mode: clicks on the map select a point; the Explain panel shows the selected neuron. */
  declare explain: boolean;
  declare neuron: NeuronRef | null;
  /** The weights before the last "Step this example" (the panel shows old → new), or null. */
  declare stepBefore: LayerWeights[] | null;
  declare settings: TrainSettingsState;
  declare snapshot: Snapshot | null;
  /** The whole loss/accuracy history, appended in place; `historyVersion` counts the changes. */
  private history: ChartHistory = emptyHistory();
  declare historyVersion: number;
  declare points: Points | null;
  declare custom: boolean;
  declare running: boolean;
  declare statusText: string;
  declare problem: string;
  declare notices: string[];
  declare ready: boolean;
  /** Formula activations to offer in every layer's list (engine.defineActivation definitions); the
   *  worker's engine defines them before it builds the network. */
  declare formulas: ActivationDefinition[];
  /** The diagram's input-feature maps, computed once by the worker's engine. */
  declare featureMaps: FeatureMaps | null;

  private worker: TrainWorker | null = null;
  private workerPromise: Promise<TrainWorker> | null = null;
  private spec: TrainSpec | null = null;
  private generation = -1;
  private frameScheduled = false;
  private lastStatus = 0;
  private attrsDirty = false;
  private busy: Promise<unknown> = Promise.resolve();
  private static active: ApPlayground | null = null;
  private offLang: (() => void) | null = null;

  constructor() {
    super();
    this.settings = parseSettings(() => null).settings;
    this.snapshot = null;
    this.historyVersion = 0;
    this.points = null;
    this.custom = false;
    this.running = false;
    this.statusText = t('train.loading');
    this.problem = '';
    this.notices = [];
    this.ready = false;
    this.formulas = [];
    this.featureMaps = null;
    this.explain = false;
    this.neuron = null;
    this.stepBefore = null;
    new LangController(this);
  }

  protected updated(changed: PropertyValues): void {
    super.updated?.(changed);
    // A redefined formula that a layer uses: rebuild the network with it.
    if (changed.has('formulas') && changed.get('formulas') !== undefined && this.worker &&
        this.formulas.some((f) => this.settings.activation.includes(f.name)))
      void this.configure(false);
  }

  // ---------- Lifecycle Methods ----------
  connectedCallback(): void {
    super.connectedCallback();
    ApPlayground.active ??= this;
    document.addEventListener('keydown', this.onKey);
    this.offLang = onLangChange(() => this.updateStatus());
    this.readAttributes();
    void this.boot();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.onKey);
    this.offLang?.();
    if (ApPlayground.active === this) ApPlayground.active = null;
    this.worker?.terminate();
    this.worker = null;
    this.workerPromise = null;
    this.running = false;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (old === value || !this.isConnected) return;
    // Several attributes often change together (a URL change): apply them once, in a microtask.
    if (this.attrsDirty) return;
    this.attrsDirty = true;
    queueMicrotask(() => {
      this.attrsDirty = false;
      const prev = this.settings;
      this.readAttributes();
      void this.applyChange(prev, this.settings);
    });
  }

  // ---------- Custom Methods ----------
  /** Starts training. */
  async play(): Promise<void> {
    const w = await this.whenReady();
    if (this.snapshot?.diverged) return;
    this.stepBefore = null;
    await w.start();
    this.running = true;
  }

  /** Stops training. */
  async pause(): Promise<void> {
    const w = this.worker;
    this.running = false;
    if (!w) return;
    this.take((await w.pause()).snapshot);
  }

  /** Trains one epoch (or `epochs`). */
  async step(epochs = 1): Promise<void> {
    const w = await this.whenReady();
    if (this.running) await this.pause();
    this.take((await w.step(epochs)).snapshot);
  }

  /** New weights from the seed; clears history and divergence. */
  async reset(): Promise<void> {
    const w = await this.whenReady();
    const wasRunning = this.running;
    this.running = false;
    this.take((await w.reset()).snapshot);
    if (wasRunning && this.hasAttribute('autoplay')) await this.play();
  }

  /** The current settings (a copy). */
  getSettings(): TrainSettingsState {
    return cloneSettings(this.settings);
  }

  /** The decision-boundary canvas (PNG export, tests). */
  get heatmapCanvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector<ApHeatmap>('ap-heatmap')?.canvas ?? null;
  }

  // ---------- Event Handlers ----------
  private onKey = (e: KeyboardEvent): void => {
    if (e.key !== ' ' || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return;
    if (ApPlayground.active !== this || !this.visible('play') || this.offsetParent === null) return;
    const target = e.composedPath()[0] as HTMLElement | undefined;
    if (target && /^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(target.tagName)) return;
    if (target?.isContentEditable) return;
    e.preventDefault();
    void (this.running ? this.pause() : this.play());
  };

  private onPointerDown = (): void => {
    ApPlayground.active = this;
  };

  private async onSettings(e: CustomEvent<Partial<TrainSettingsState>>): Promise<void> {
    const prev = this.settings;
    const next = { ...cloneSettings(prev), ...e.detail } as TrainSettingsState;
    this.settings = normalise(next, this.classes(next));
    this.emitSettings();
    await this.applyChange(prev, this.settings);
  }

  private async onSpec(e: CustomEvent<SpecChangeDetail>): Promise<void> {
    const d = e.detail;
    const patch: Partial<TrainSettingsState> = {};
    if (d.features) patch.features = d.features;
    if (d.layers) patch.layers = d.layers.slice(0, MAX_LAYERS).map((u) => Math.max(1, Math.min(MAX_UNITS, u)));
    if (d.activation) patch.activation = d.activation.length ? d.activation : this.settings.activation.slice(0, 1);
    await this.onSettings(new CustomEvent('settings-change', { detail: patch }));
  }

  private async onAction(e: CustomEvent<TrainActionDetail>): Promise<void> {
    const { action, text } = e.detail;
    try {
      switch (action) {
        case 'play': await this.play(); break;
        case 'pause': await this.pause(); break;
        case 'step': await this.step(1); break;
        case 'reset': await this.reset(); break;
        case 'regenerate':
          this.custom = false;
          await this.configure(true);
          break;
        case 'clear': await this.replacePoints({ x: new Float32Array(0), y: new Float32Array(0), test: new Uint8Array(0), classes: this.points?.classes ?? 2 }); break;
        case 'csv': await this.importCsv(text ?? ''); break;
        case 'export-json': await this.exportJson(); break;
        case 'export-onnx': await this.exportAs('onnx'); break;
        case 'export-pytorch': await this.exportAs('pytorch'); break;
        case 'export-js': await this.exportAs('js'); break;
        case 'import-json': await this.importJson(text ?? ''); break;
        case 'import-onnx': await this.importJson(e.detail.bytes ?? new Uint8Array(0)); break;
        case 'export-png': this.exportPng(); break;
      }
    } catch (err) {
      this.problem = t('train.error', { message: (err as Error).message });
    }
  }

  private async onPointAdd(e: CustomEvent<PointAddDetail>): Promise<void> {
    const p = this.points;
    if (!p) return;
    const { x1, x2, label } = e.detail;
    const n = p.y.length;
    const x = new Float32Array(2 * n + 2);
    x.set(p.x);
    x[2 * n] = x1; x[2 * n + 1] = x2;
    const y = new Float32Array(n + 1);
    y.set(p.y);
    y[n] = Math.min(label, p.classes - 1);
    const test = new Uint8Array(n + 1);
    test.set(p.test);
    await this.replacePoints({ x, y, test, classes: p.classes });
  }

  private async onPointDelete(e: CustomEvent<PointDeleteDetail>): Promise<void> {
    const p = this.points;
    if (!p) return;
    const i = e.detail.index;
    const keep = (a: Float32Array | Uint8Array, w: number) => {
      const out = new (a.constructor as Float32ArrayConstructor)(a.length - w);
      out.set(a.subarray(0, i * w));
      out.set(a.subarray((i + 1) * w), i * w);
      return out;
    };
    await this.replacePoints({ x: keep(p.x, 2), y: keep(p.y, 1), test: keep(p.test, 1) as unknown as Uint8Array, classes: p.classes });
  }

  /** Explain mode: selects point `index` (its trace then comes with every snapshot). */
  private async selectPoint(index: number | null): Promise<void> {
    const w = await this.whenReady();
    this.stepBefore = null;
    this.take((await w.select(index)).snapshot);
  }

  private onPointSelect(e: CustomEvent<PointSelectDetail>): void {
    void this.selectPoint(e.detail.index).catch((err) => { this.problem = t('train.error', { message: (err as Error).message }); });
  }

  /** Previous or next point (arrow keys on the map, or the buttons). */
  private stepPoint(delta: number): void {
    const n = this.points?.y.length ?? 0;
    if (!n) return;
    const cur = this.snapshot?.example?.index ?? (delta > 0 ? -1 : 0);
    void this.selectPoint((cur + delta + n) % n).catch((err) => { this.problem = t('train.error', { message: (err as Error).message }); });
  }

  private onNeuronSelect(e: CustomEvent<NeuronSelectDetail>): void {
    this.neuron = { layer: e.detail.layer, unit: e.detail.unit };
  }

  /** "Step this example": one optimizer step on the selected point; the panel then shows old → new. */
  private async onExplainStep(): Promise<void> {
    const w = await this.whenReady();
    try {
      if (this.running) await this.pause();
      const r = await w.stepExample();
      this.take(r.snapshot);
      this.stepBefore = r.before ?? null;
    } catch (err) {
      this.problem = t('train.error', { message: (err as Error).message });
    }
  }

  private async toggleExplain(): Promise<void> {
    this.explain = !this.explain;
    if (!this.explain) {
      this.neuron = null;
      await this.selectPoint(null);
    }
  }

  private async onWeight(e: CustomEvent<WeightChangeDetail>): Promise<void> {
    const w = await this.whenReady();
    const { layer, unit, input, value } = e.detail;
    try {
      this.take((await w.setWeight(layer, unit, input, value)).snapshot);
    } catch (err) {
      this.problem = t('train.error', { message: (err as Error).message });
    }
  }

  // ---------- Private Helpers ----------
  private visible(id: string): boolean {
    const only = this.getAttribute('controls');
    const hide = (this.getAttribute('hide-controls') ?? '').split(',').map((s) => s.trim());
    if (hide.includes(id)) return false;
    if (only === null) return true;
    return only.split(',').map((s) => s.trim()).includes(id);
  }

  /** Hidden-layer activations to offer: those of the settings table the worker's engine has. */
  private activationNames(): string[] {
    const have = this.worker?.activations ?? [];
    return [...HIDDEN_ACTIVATIONS.filter((a) => have.includes(a)), ...this.formulas.map((f) => f.name)];
  }

  private visibleSet(): Set<string> {
    return new Set(CONTROL_IDS.filter((id) => this.visible(id)));
  }

  private readAttributes(): void {
    const { settings, errors } = parseSettings((a) => this.getAttribute(a));
    const classes = this.custom && this.points ? this.points.classes : classesOf(settings.dataset);
    this.settings = normalise(settings, classes);
    this.notices = errors.map((e) => t('train.badAttribute', { name: e.attr, reason: e.message }));
  }

  private classes(s: TrainSettingsState): number {
    return this.custom && this.points ? this.points.classes : classesOf(s.dataset);
  }

  private emitSettings(): void {
    this.dispatchEvent(new CustomEvent<SettingsEventDetail>('ap-settings', {
      detail: { settings: cloneSettings(this.settings), attributes: serialiseSettings(this.settings) }, bubbles: true, composed: true,
    }));
  }

  private whenReady(): Promise<TrainWorker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.workerPromise ??= workerEngineOptions().then((engine) => createTrainWorker({ shared: true, ...engine })).then((w) => {
      if (!this.isConnected) { w.terminate(); throw new Error('ap-playground: disconnected'); }
      this.worker = w;
      w.onSnapshot = (s) => this.onPushed(s);
      return w;
    });
    return this.workerPromise;
  }

  private async boot(): Promise<void> {
    try {
      const w = await this.whenReady();
      await this.configure(true);
      const features = [...DIAGRAM_FEATURES] as Feature[];
      this.featureMaps = { features, values: await w.featureGrid(FEATURE_MAP_GRID, features) };
      this.ready = true;
      if (this.hasAttribute('autoplay')) await this.play();
    } catch (err) {
      if (this.isConnected) this.problem = t('train.error', { message: (err as Error).message });
    }
  }

  /** Serialises worker requests that rebuild state, so two quick changes cannot interleave. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn, fn);
    this.busy = run.catch(() => {});
    return run;
  }

  /** Builds the network from the settings; new data if `regenerate` or there are no points yet. */
  private configure(regenerate: boolean): Promise<void> {
    return this.serial(async () => {
      const w = await this.whenReady();
      const s = this.settings;
      const wasRunning = this.running;
      this.running = false;
      const data = regenerate || !this.points ? { generate: generateSpec(s) } : { points: this.points };
      const spec = networkSpec(s, regenerate || !this.points ? classesOf(s.dataset) : this.points.classes);
      const r = await w.configure({ network: spec, data, batchSize: s.batchSize, epochsPerTick: s.speed, stop: stopCondition(s), activations: this.formulas,
                                    grid: { extent: EXTENT, size: 100, neuronSize: neuronGridSize(spec) } });
      this.stepBefore = null;
      this.neuron = null;
      this.spec = spec;
      this.problem = '';
      if (r.points) this.points = r.points;
      this.take(r.snapshot);
      if (wasRunning) await this.play();
    });
  }

  /** Applies a settings change: new data, new network, a live setting, or only a redraw. */
  private async applyChange(prev: TrainSettingsState, next: TrainSettingsState): Promise<void> {
    const kinds = new Set<string>();
    for (const p of PROPS) if (p.format(prev[p.key] as never) !== p.format(next[p.key] as never)) kinds.add(changeKind(p.key));
    if (!this.worker || !this.ready) return;
    try {
      if (kinds.has('data')) {
        // A seed change on custom points keeps them (it re-seeds the weights only).
        const keep = this.custom && !(prev.dataset !== next.dataset || prev.noise !== next.noise);
        if (!keep) this.custom = false;
        if (prev.ratio !== next.ratio && this.points && keep)
          this.points = { ...this.points, test: await this.worker.holdOut(this.points.y.length, 1 - next.ratio / 100, next.seed) };
        await this.configure(!keep);
      } else if (kinds.has('network')) {
        await this.configure(false);
      } else if (kinds.has('live')) {
        const regRate = next.regularization === 'none' ? 0 : next.regRate;
        await this.worker.set({ learningRate: next.learningRate, batchSize: next.batchSize, epochsPerTick: next.speed, regularizationRate: regRate,
                                stop: stopCondition(next) });
        this.spec = networkSpec(next, this.classes(next));
      }
    } catch (err) {
      this.problem = t('train.error', { message: (err as Error).message });
    }
  }

  /** Uses new points (clicks, CSV, clear) with the current network. */
  private async replacePoints(points: Points): Promise<void> {
    const w = await this.whenReady();
    this.custom = true;
    this.points = points;
    const copy = { x: points.x.slice(), y: points.y.slice(), test: points.test.slice(), classes: points.classes };
    this.take((await w.setPoints(copy)).snapshot);
  }

  private async importCsv(text: string): Promise<void> {
    let r: CsvData;
    try {
      r = parseCsv(text, { inputs: 2, maxClasses: CSV_CLASSES, range: EXTENT });
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      // The first bad line, in the page's language.
      const p = e.problems[0];
      const reason = p.reason === 'empty' ? t('train.csvEmpty')
        : p.reason === 'fields' ? t('train.csvFields', { n: p.cells ?? 0 })
        : p.reason === 'number' ? t('train.csvNumber', { value: p.value ?? '' })
        : p.reason === 'label' ? t('train.csvLabel', { value: p.value ?? '', max: CSV_CLASSES - 1 })
        : t('train.csvRange', { lo: EXTENT[0], hi: EXTENT[1] });
      this.problem = t('train.csvError', { line: p.line, reason });
      return;
    }
    const n = r.y.length;
    const w = await this.whenReady();
    const points: Points = { x: r.x, y: r.y, test: await w.holdOut(n, 1 - this.settings.ratio / 100, this.settings.seed), classes: r.classes };
    const prevClasses = this.points?.classes ?? 2;
    this.custom = true;
    this.points = points;
    if (r.classes !== prevClasses) {
      this.settings = normalise(this.settings, r.classes);
      await this.configure(false);
    } else {
      await this.replacePoints(points);
    }
    this.problem = '';
    this.statusText = t('train.csvDone', { n });
  }

  private async exportJson(): Promise<void> {
    const w = await this.whenReady();
    const { json } = await w.exportNetwork();
    download(new Blob([json!], { type: 'application/json' }), 'network.json');
  }

  /** ONNX, PyTorch or JavaScript: the file net.export(format) writes, as a download. */
  private async exportAs(format: 'onnx' | 'pytorch' | 'js'): Promise<void> {
    const w = await this.whenReady();
    const r = await w.exportNetwork(format);
    const [type, name] = format === 'onnx' ? ['application/octet-stream', 'network.onnx']
      : format === 'pytorch' ? ['text/x-python', 'network.py'] : ['text/javascript', 'network.mjs'];
    // A copy: the reply's bytes are typed over ArrayBufferLike, which Blob does not take (a SharedArrayBuffer view).
    download(new Blob([r.bytes ? new Uint8Array(r.bytes) : r.text ?? ''], { type }), name);
  }

  /** A network file: JSON text, or ONNX bytes. */
  private async importJson(file: string | Uint8Array): Promise<void> {
    const w = await this.whenReady();
    let r: ReplyResult;
    try {
      r = await this.serial(() => (typeof file === 'string' ? w.importNetwork(file) : w.importOnnx(file)));
    } catch (err) {
      this.problem = t('train.importJsonError', { reason: (err as Error).message });
      return;
    }
    this.running = false;
    if (r.spec) {
      this.spec = r.spec;
      this.settings = settingsFromSpec(this.settings, r.spec);
      this.emitSettings();
    }
    this.problem = '';
    this.take(r.snapshot);
  }

  private exportPng(): void {
    this.heatmapCanvas?.toBlob((b) => { if (b) download(b, 'decision-boundary.png'); }, 'image/png');
  }

  /** A pushed snapshot (while running): keep the latest, draw it on the next frame, then ask for more. */
  private onPushed(s: Snapshot): void {
    this.take(s);
    if (this.frameScheduled) return;
    this.frameScheduled = true;
    requestAnimationFrame(() => {
      this.frameScheduled = false;
      if (this.running) this.worker?.frame();
    });
  }

  /** Stores a snapshot: history appended (or replaced for a new generation), status and banner updated. */
  private take(s: Snapshot | undefined): void {
    if (!s) return;
    if (s.generation < this.generation) return;
    if (s.history.from === 0 || s.generation !== this.generation) this.history = emptyHistory();
    const h = this.history;
    h.epoch.push(...s.history.epoch);
    h.trainLoss.push(...s.history.trainLoss);
    h.testLoss.push(...s.history.testLoss);
    h.trainAccuracy.push(...s.history.trainAccuracy);
    h.testAccuracy.push(...s.history.testAccuracy);
    this.generation = s.generation;
    this.historyVersion++;
    this.snapshot = s;
    if (s.diverged || !s.running) this.running = this.running && !s.diverged && s.running;
    const now = performance.now();
    if (!this.running || now - this.lastStatus > STATUS_INTERVAL_MS || s.diverged) {
      this.lastStatus = now;
      this.updateStatus();
    }
  }

  /** The role=status text from the latest snapshot (also re-made when the language changes). */
  private updateStatus(): void {
    const s = this.snapshot;
    if (!s) return;
    // A diverged network has no loss or accuracy: the status says so rather than show a number.
    const text = s.diverged ? t('train.statusDiverged', { epoch: s.epoch }) : t('train.status', {
      epoch: s.epoch, trainLoss: readout(s.trainLoss, false), testLoss: readout(s.testLoss, false),
      testAccuracy: Number.isFinite(s.testAccuracy) ? `${(100 * s.testAccuracy).toFixed(1)}%` : '—',
    });
    if (text === this.statusText) return;
    this.statusText = text;
    this.dispatchEvent(new CustomEvent<string>('ap-status', { detail: text, bubbles: true, composed: true }));
  }

  // ---------- Templates and Styles ----------
  render() {
    const s = this.settings;
    const snap = this.snapshot;
    const vis = this.visibleSet();
    const editable = vis.has('layers') || vis.has('features');
    const spec = this.spec;
    const external = this.getAttribute('status') === 'external';
    const regression = s.problem === 'regression';
    const explain = this.explain && vis.has('explain');
    const stopped = snap?.stopped;
    const stopValue = (v: number) => (stopped?.reason === 'epoch' ? String(v) : v.toFixed(3));
    return html`
      <div class="root" @pointerdown=${this.onPointerDown} @settings-change=${this.onSettings} @train-action=${this.onAction}
        @spec-change=${this.onSpec} @weight-change=${this.onWeight} @point-add=${this.onPointAdd} @point-delete=${this.onPointDelete}>
        ${this.notices.length ? html`<div class="notice" role="alert">${this.notices.map((n) => html`<div>${n}</div>`)}</div>` : nothing}
        <ap-train-controls class="run" section="run" .settings=${s} .visible=${vis} .activations=${this.activationNames()} ?running=${this.running} epoch=${snap?.epoch ?? 0}></ap-train-controls>
        ${snap?.diverged ? html`<div class="diverged" role="alert">${t('train.diverged', { epoch: snap.epoch })}</div>` : nothing}
        ${this.problem ? html`<div class="problem" role="alert">${this.problem}</div>` : nothing}
        ${stopped ? html`<div class="notice stopped" role="alert">${t(`stop.reached.${stopped.reason}`, { value: stopValue(stopped.value), limit: stopValue(stopped.limit) })}</div>` : nothing}
        <div class="columns">
          <section class="data" aria-label=${t('train.data')}>
            <h2>${t('train.data')}</h2>
            <ap-train-controls section="data" .settings=${s} .visible=${vis} ?custom=${this.custom}></ap-train-controls>
          </section>
          <section class="net" aria-label=${t('train.hiddenLayers')}>
            <ap-network-diagram .spec=${spec} .snapshot=${snap} .featureMaps=${this.featureMaps} .activations=${this.activationNames()} .editable=${editable}
              .example=${explain ? snap?.example ?? null : null} .selected=${explain ? this.neuron : null} .changed=${explain ? this.stepBefore : null}
              @neuron-select=${this.onNeuronSelect} max-layers=${MAX_LAYERS} max-units=${MAX_UNITS}></ap-network-diagram>
            <p class="help">${t('train.neuronHelp')}</p>
            ${explain ? html`<ap-explain .example=${snap?.example ?? null} .weights=${snap?.weights ?? null} .spec=${spec} .neuron=${this.neuron}
              .stepBefore=${this.stepBefore} ?running=${this.running} @explain-step=${this.onExplainStep}></ap-explain>` : nothing}
          </section>
          <section class="out" aria-label=${t('train.outputPanel')}>
            <h2>${t('train.outputPanel')}</h2>
            <dl class="numbers">
              <dt>${t('train.testLoss')}</dt><dd class="test-loss">${readout(snap?.testLoss, snap?.diverged)}</dd>
              <dt>${t('train.trainLoss')}</dt><dd class="train-loss">${readout(snap?.trainLoss, snap?.diverged)}</dd>
            </dl>
            <ap-loss-chart .history=${this.history} version=${this.historyVersion} .divergedAt=${snap?.diverged ? snap.epoch : null}></ap-loss-chart>
            ${vis.has('explain') ? html`<div class="explain-bar">
              <button class="explain-toggle" aria-pressed=${this.explain ? 'true' : 'false'} @click=${() => this.toggleExplain()}>${t('explain.toggle')}</button>
              ${explain ? html`<button @click=${() => this.stepPoint(-1)}>${t('explain.prev')}</button>
                <button @click=${() => this.stepPoint(1)}>${t('explain.next')}</button>` : nothing}</div>` : nothing}
            <ap-heatmap .boundary=${snap?.boundary ?? null} .points=${this.points} .extent=${EXTENT} ?show-test=${s.showTest}
              ?discretize=${s.discretize} .editable=${!regression && (vis.has('dataset') || vis.has('csv'))} label=${t('train.boundary')}
              ?select-mode=${explain} .selected=${explain ? snap?.example?.index ?? null : null} .domain=${regression ? [-1, 1] : null}
              @point-select=${this.onPointSelect} @point-step=${(e: CustomEvent<PointStepDetail>) => this.stepPoint(e.detail.delta)}></ap-heatmap>
            ${explain ? html`<p class="help">${t('explain.toggleHelp')}</p>`
              : !regression && (vis.has('dataset') || vis.has('csv')) ? html`<p class="help">${t('train.pointsHelp')}</p>` : nothing}
            ${!regression && snap?.confusion ? html`<ap-confusion .confusion=${snap.confusion}></ap-confusion>` : nothing}
            <ap-train-controls section="output" .settings=${s} .visible=${vis}></ap-train-controls>
          </section>
        </div>
        ${external ? nothing : html`<p class="status" role="status">${this.statusText}</p>`}
      </div>`;
  }

  static styles = css`
    :host { display: block; container-type: inline-size; font: 13px system-ui, sans-serif; color: inherit; }
    h2 { font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; margin: 0 0 6px; opacity: 0.8; }
    .run { padding: 8px 0 12px; border-bottom: 1px solid #8884; margin-bottom: 10px; }
    .columns { display: grid; grid-template-columns: minmax(170px, 210px) minmax(0, 1fr) minmax(240px, 320px); gap: 16px; }
    @container (max-width: 860px) { .columns { grid-template-columns: 1fr; } }
    ap-heatmap { width: 100%; margin-top: 8px; }
    .numbers { display: grid; grid-template-columns: auto 1fr; gap: 0 8px; margin: 0 0 6px; }
    .numbers dd { margin: 0; font-family: ui-monospace, monospace; }
    .diverged, .problem, .notice { padding: 8px 10px; border-radius: 4px; margin: 6px 0; }
    .diverged { background: #fde2e1; color: #7a1712; border: 1px solid #e0a19d; }
    .problem { background: #fff3cd; color: #5c4400; border: 1px solid #e6cf80; }
    .notice { background: #eef; color: #223; border: 1px solid #99b; }
    .status { font-family: ui-monospace, monospace; font-size: 12px; margin: 10px 0 0; }
    .help { font-size: 11px; opacity: 0.75; margin: 4px 0; }
    .explain-bar { display: flex; gap: 6px; margin-top: 8px; }
    .explain-toggle[aria-pressed='true'] { outline: 2px solid #ffd400; }
    ap-explain { margin-top: 10px; }
    @media (prefers-color-scheme: dark) {
      .diverged { background: #4a1512; color: #fdd; }
      .problem { background: #3d3000; color: #fe9; }
      .notice { background: #223; color: #dde; }
    }
  `;
}

/**
 * Side of each neuron's map: 32² while the network is small; 20² beyond 32 hidden units, which keeps a
 * frame's snapshot (and the garbage it leaves) small for networks of up to 8 × 16 units.
 */
function neuronGridSize(spec: TrainSpec): number {
  return spec.layers.reduce((n, l) => n + l.units, 0) > 32 ? 20 : 32;
}

/** Saves a blob as a file through a temporary link (no request leaves the page). */
function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

customElements.get('ap-playground') || customElements.define('ap-playground', ApPlayground);

declare global {
  interface HTMLElementTagNameMap { 'ap-playground': ApPlayground }
}
