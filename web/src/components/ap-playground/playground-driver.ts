// The Train element's state and its training worker, under <ap-playground>'s events and template: the
// settings read from attributes (and sent out as `ap-settings` for the URL), the worker's lifecycle
// (created on first use, requests that rebuild state run one at a time), configure/applyChange (what a
// settings change rebuilds), and the snapshots it pushes: one drawn per frame, the history appended,
// the role=status text made from the latest.
import { LitElement } from 'lit';

import { createTrainWorker, type ActivationDefinition, type Feature, type LayerWeights, type Points, type Snapshot, type TrainWorker } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/train.js';
import {
  changeKind, classesOf, cloneSettings, EXTENT, generateSpec, networkSpec, normalise, parseSettings, PROPS, serialiseSettings, stopCondition,
  type TrainSettingsState, type TrainSpec,
} from '../../train-model/settings.js';
import type { NeuronRef } from '../ap-explain/ap-explain.js';
import type { ChartHistory } from '../ap-loss-chart/ap-loss-chart.js';
import { DIAGRAM_FEATURES, FEATURE_MAP_GRID, type FeatureMaps } from '../ap-network-diagram/ap-network-diagram.js';
import { workerEngineOptions } from '../engine-context.js';
import { appendHistory, emptyHistory, statusText } from './readouts.js';

/** Detail of `ap-settings`: the settings and their non-default attribute strings (for the URL). */
export interface SettingsEventDetail { settings: TrainSettingsState; attributes: Record<string, string> }

const STATUS_INTERVAL_MS = 400;

export abstract class PlaygroundDriver extends LitElement {
  // ---------- Class Properties ----------
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
  protected history: ChartHistory = emptyHistory();
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

  protected worker: TrainWorker | null = null;
  protected workerPromise: Promise<TrainWorker> | null = null;
  protected spec: TrainSpec | null = null;
  private generation = -1;
  private frameScheduled = false;
  private lastStatus = 0;
  private busy: Promise<unknown> = Promise.resolve();

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

  protected readAttributes(): void {
    const { settings, errors } = parseSettings((a) => this.getAttribute(a));
    const classes = this.custom && this.points ? this.points.classes : classesOf(settings.dataset);
    this.settings = normalise(settings, classes);
    this.notices = errors.map((e) => t('train.badAttribute', { name: e.attr, reason: e.message }));
  }

  protected classes(s: TrainSettingsState): number {
    return this.custom && this.points ? this.points.classes : classesOf(s.dataset);
  }

  protected emitSettings(): void {
    this.dispatchEvent(new CustomEvent<SettingsEventDetail>('ap-settings', {
      detail: { settings: cloneSettings(this.settings), attributes: serialiseSettings(this.settings) }, bubbles: true, composed: true,
    }));
  }

  protected whenReady(): Promise<TrainWorker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.workerPromise ??= workerEngineOptions().then((engine) => createTrainWorker({ shared: true, ...engine })).then((w) => {
      if (!this.isConnected) { w.terminate(); throw new Error('ap-playground: disconnected'); }
      this.worker = w;
      w.onSnapshot = (s) => this.onPushed(s);
      return w;
    });
    return this.workerPromise;
  }

  protected async boot(): Promise<void> {
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
  protected serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn, fn);
    this.busy = run.catch(() => {});
    return run;
  }

  /** Builds the network from the settings; new data if `regenerate` or there are no points yet. */
  protected configure(regenerate: boolean): Promise<void> {
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
  protected async applyChange(prev: TrainSettingsState, next: TrainSettingsState): Promise<void> {
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
  protected async replacePoints(points: Points): Promise<void> {
    const w = await this.whenReady();
    this.custom = true;
    this.points = points;
    const copy = { x: points.x.slice(), y: points.y.slice(), test: points.test.slice(), classes: points.classes };
    this.take((await w.setPoints(copy)).snapshot);
  }

  /** Explain mode: selects point `index` (its trace then comes with every snapshot). */
  protected async selectPoint(index: number | null): Promise<void> {
    const w = await this.whenReady();
    this.stepBefore = null;
    this.take((await w.select(index)).snapshot);
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
  protected take(s: Snapshot | undefined): void {
    if (!s) return;
    if (s.generation < this.generation) return;
    if (s.history.from === 0 || s.generation !== this.generation) this.history = emptyHistory();
    appendHistory(this.history, s);
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
  protected updateStatus(): void {
    const s = this.snapshot;
    if (!s) return;
    const text = statusText(s);
    if (text === this.statusText) return;
    this.statusText = text;
    this.dispatchEvent(new CustomEvent<string>('ap-status', { detail: text, bubbles: true, composed: true }));
  }

}

/**
 * Side of each neuron's map: 32² while the network is small; 20² beyond 32 hidden units, which keeps a
 * frame's snapshot (and the garbage it leaves) small for networks of up to 8 × 16 units.
 */
function neuronGridSize(spec: TrainSpec): number {
  return spec.layers.reduce((n, l) => n + l.units, 0) > 32 ? 20 : 32;
}
