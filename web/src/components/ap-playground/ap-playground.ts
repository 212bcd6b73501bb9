// <ap-playground>: the Train view as one element, TF Playground's controls on our engine. Attributes
// mirror the URL state (dataset, noise, ratio, features, layers, activation, output, loss, optimizer,
// learning-rate, batch-size, regularization, reg-rate, seed, speed, discretize, show-test) plus
// `controls` (which controls show, e.g. "play,reset"), `hide-controls`, `autoplay` and
// `status="external"` (no own role=status region; the text still leaves as `ap-status` events).
// Explain mode (the "Explain" toggle): a click on the map selects a point, the diagram shows that
// example's activations, and <ap-explain> the selected neuron's arithmetic from the engine's trace.
// Training runs in a Web Worker (engine/worker.ts); this element only draws snapshots, one per frame.
// Here: the element's lifecycle, events and template; playground-driver.ts holds its state and drives
// the worker, playground-data.ts edits points and reads/writes files, readouts.ts words the numbers.
import { html, nothing, type PropertyValues } from 'lit';

import type { Points, ReplyResult } from '../../engine/index.js';
import '../../i18n/explain.js';
import { onLangChange, t } from '../../i18n/index.js';
import '../../i18n/train.js';
import { cloneSettings, EXTENT, HIDDEN_ACTIVATIONS, MAX_LAYERS, MAX_UNITS, normalise, PROPS, settingsFromSpec, type TrainSettingsState } from '../../train-model/settings.js';
import '../ap-confusion/ap-confusion.js';
import '../ap-explain/ap-explain.js';
import '../ap-heatmap/ap-heatmap.js';
import type { ApHeatmap, PointAddDetail, PointDeleteDetail, PointSelectDetail, PointStepDetail } from '../ap-heatmap/ap-heatmap.js';
import '../ap-loss-chart/ap-loss-chart.js';
import '../ap-network-diagram/ap-network-diagram.js';
import type { NeuronSelectDetail, SpecChangeDetail, WeightChangeDetail } from '../ap-network-diagram/ap-network-diagram.js';
import '../ap-train-controls/ap-train-controls.js';
import { CONTROL_IDS, type TrainActionDetail } from '../ap-train-controls/ap-train-controls.js';
import { LangController } from '../i18n-controller.js';
import { playgroundStyles } from './ap-playground-styles.js';
import { download, downloadNetwork, readCsv, withoutPoint, withPoint } from './playground-data.js';
import { PlaygroundDriver } from './playground-driver.js';
import { readout } from './readouts.js';

export type { SettingsEventDetail } from './playground-driver.js';

export class ApPlayground extends PlaygroundDriver {
  // ---------- Class Properties ----------
  static get observedAttributes(): string[] {
    return [...super.observedAttributes, ...PROPS.map((p) => p.attr), 'controls', 'hide-controls', 'autoplay', 'status'];
  }
  private attrsDirty = false;
  private static active: ApPlayground | null = null;
  private offLang: (() => void) | null = null;

  constructor() {
    super();
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
        case 'export-json': await downloadNetwork(await this.whenReady(), 'json'); break;
        case 'export-onnx': await downloadNetwork(await this.whenReady(), 'onnx'); break;
        case 'export-pytorch': await downloadNetwork(await this.whenReady(), 'pytorch'); break;
        case 'export-js': await downloadNetwork(await this.whenReady(), 'js'); break;
        case 'import-json': await this.importJson(text ?? ''); break;
        case 'import-onnx': await this.importJson(e.detail.bytes ?? new Uint8Array(0)); break;
        case 'export-png': this.exportPng(); break;
      }
    } catch (err) {
      this.problem = t('train.error', { message: (err as Error).message });
    }
  }

  private async onPointAdd(e: CustomEvent<PointAddDetail>): Promise<void> {
    if (this.points) await this.replacePoints(withPoint(this.points, e.detail));
  }

  private async onPointDelete(e: CustomEvent<PointDeleteDetail>): Promise<void> {
    if (this.points) await this.replacePoints(withoutPoint(this.points, e.detail.index));
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










  private async importCsv(text: string): Promise<void> {
    const r = readCsv(text);
    if (typeof r === 'string') {
      this.problem = r;
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

  static styles = playgroundStyles;
}

customElements.get('ap-playground') || customElements.define('ap-playground', ApPlayground);

declare global {
  interface HTMLElementTagNameMap { 'ap-playground': ApPlayground }
}
