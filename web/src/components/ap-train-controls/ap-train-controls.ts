// <ap-train-controls>: the Train view's controls, in three sections so the playground can lay them out
// as TF Playground does: section="run" (play/pause, step, reset, speed, epoch and the hyper-parameters),
// section="data" (data set, noise, split, regenerate, CSV, clear), section="output" (view toggles and
// exports). Changes leave as `settings-change` (a partial settings patch) or `train-action` events; the
// element holds no state of its own beyond what it is given.
import { css, html, LitElement, nothing, svg, type TemplateResult } from 'lit';

import '../../i18n/explain.js';
import { t } from '../../i18n/index.js';
import '../../i18n/train.js';
import {
  CLASSIFICATION_DATASETS, HIDDEN_ACTIVATIONS, PROBLEMS, REGRESSION_DATASETS, LEARNING_RATES, LOSSES, OPTIMIZERS, OUTPUT_ACTIVATIONS, REG_RATES, REGULARIZATIONS,
  SPEEDS, type TrainSettingsState,
} from '../../train-model/settings.js';
import { LangController } from '../i18n-controller.js';

/** Every control's id (the `controls` attribute of <ap-playground> picks from these). */
export const CONTROL_IDS = ['play', 'step', 'reset', 'speed', 'problem', 'stop', 'explain', 'dataset', 'noise', 'ratio', 'regenerate', 'csv', 'clear',
  'features', 'layers', 'activation', 'output', 'loss', 'optimizer', 'learning-rate', 'batch-size', 'regularization',
  'reg-rate', 'seed', 'show-test', 'discretize', 'export', 'import', 'png'] as const;

/** Button icons (inline SVG: no icon font, no request). */
const ICONS = {
  reset: svg`<path d="M12 5a7 7 0 1 1-6.6 4.7" fill="none" stroke="currentColor" stroke-width="2"/><path d="M3 4v6h6" fill="none" stroke="currentColor" stroke-width="2"/>`,
  play: svg`<path d="M8 5l11 7-11 7z" fill="currentColor"/>`,
  pause: svg`<path d="M7 5h4v14H7zM13 5h4v14h-4z" fill="currentColor"/>`,
  step: svg`<path d="M6 5l9 7-9 7z" fill="currentColor"/><path d="M16 5h3v14h-3z" fill="currentColor"/>`,
};
const icon = (k: keyof typeof ICONS) => html`<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">${ICONS[k]}</svg>`;

/** Detail of `train-action`. */
export interface TrainActionDetail {
  action: 'play' | 'pause' | 'step' | 'reset' | 'regenerate' | 'clear' | 'export-json' | 'export-onnx' | 'export-pytorch' |
    'export-js' | 'export-png' | 'csv' | 'import-json' | 'import-onnx';
  /** The file text for 'csv' and 'import-json'. */
  text?: string;
  /** The file's bytes for 'import-onnx'. */
  bytes?: Uint8Array;
}

export class ApTrainControls extends LitElement {
  // ---------- Class Properties ----------
  static properties = {
    section: { type: String },
    settings: { attribute: false },
    visible: { attribute: false },
    running: { type: Boolean },
    epoch: { type: Number },
    custom: { type: Boolean },
    activations: { attribute: false },
  };
  declare activations: readonly string[];
  declare section: 'run' | 'data' | 'output';
  declare settings: TrainSettingsState | null;
  declare visible: ReadonlySet<string>;
  declare running: boolean;
  declare epoch: number;
  declare custom: boolean;

  constructor() {
    super();
    this.section = 'run';
    this.settings = null;
    this.visible = new Set(CONTROL_IDS);
    this.running = false;
    this.epoch = 0;
    this.custom = false;
    this.activations = HIDDEN_ACTIVATIONS;
    new LangController(this);
  }

  // ---------- Event Handlers ----------
  private change(patch: Partial<TrainSettingsState>): void {
    this.dispatchEvent(new CustomEvent<Partial<TrainSettingsState>>('settings-change', { detail: patch, bubbles: true, composed: true }));
  }

  private act(action: TrainActionDetail['action'], text?: string, bytes?: Uint8Array): void {
    this.dispatchEvent(new CustomEvent<TrainActionDetail>('train-action', { detail: { action, text, bytes }, bubbles: true, composed: true }));
  }

  private async readFile(e: Event, action: 'csv' | 'import-json'): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    // A network file is ONNX by its name (.onnx), JSON otherwise.
    if (action === 'import-json' && /\.onnx$/i.test(file.name)) this.act('import-onnx', undefined, new Uint8Array(await file.arrayBuffer()));
    else this.act(action, await file.text());
  }

  // ---------- Private Helpers ----------
  private show(id: string): boolean {
    return this.visible.has(id);
  }

  private select(id: string, label: string, value: string, options: readonly (string | number)[],
                 text: (o: string) => string, onChange: (v: string) => void): TemplateResult | typeof nothing {
    if (!this.show(id)) return nothing;
    return html`<label class="field" data-control=${id}><span>${label}</span>
      <select @change=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}>
        ${options.map((o) => html`<option value=${String(o)} ?selected=${String(o) === value}>${text(String(o))}</option>`)}
      </select></label>`;
  }

  // ---------- Templates and Styles ----------
  private renderRun(s: TrainSettingsState) {
    // One select sets every hidden layer; it shows "…" while the layers differ (set in the diagram).
    const mixed = s.activation.some((a) => a !== s.activation[0]);
    return html`
      <div class="bar">
        ${this.show('reset') ? html`<button class="round" data-control="reset" aria-label=${t('train.reset')} title=${t('train.reset')} @click=${() => this.act('reset')}>${icon('reset')}</button>` : nothing}
        ${this.show('play') ? html`<button class="round play" data-control="play" aria-label=${this.running ? t('train.pause') : t('train.play')}
            title=${this.running ? t('train.pause') : t('train.play')} @click=${() => this.act(this.running ? 'pause' : 'play')}>${icon(this.running ? 'pause' : 'play')}</button>` : nothing}
        ${this.show('step') ? html`<button class="round" data-control="step" aria-label=${t('train.step')} title=${t('train.step')} @click=${() => this.act('step')}>${icon('step')}</button>` : nothing}
        <div class="epoch"><span>${t('train.epoch')}</span><output>${String(this.epoch).padStart(6, '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}</output></div>
        ${this.select('speed', t('train.speed'), String(s.speed), SPEEDS, (o) => `${o}×`, (v) => this.change({ speed: Number(v) }))}
        ${this.select('problem', t('problem.label'), s.problem, PROBLEMS, (o) => t(`problem.${o}`), (v) => this.change(v === 'regression'
          ? { problem: 'regression', dataset: 'plane', output: 'identity', loss: 'mse' }
          : { problem: 'classification', dataset: 'circle', output: 'sigmoid', loss: 'bce' }))}
        ${this.select('learning-rate', t('train.learningRate'), String(s.learningRate), LEARNING_RATES, String, (v) => this.change({ learningRate: Number(v) }))}
        ${this.select('activation', t('train.activation'), mixed ? '' : s.activation[0], ['', ...this.activations].filter((a) => a || mixed),
          (o) => o || '…', (v) => { if (v) this.change({ activation: [v] }); })}
        ${this.select('optimizer', t('train.optimizer'), s.optimizer, OPTIMIZERS, (o) => t(`train.optimizer.${o}`), (v) => this.change({ optimizer: v }))}
        ${this.select('regularization', t('train.regularization'), s.regularization, REGULARIZATIONS, (o) => t(`train.regularization.${o}`), (v) => this.change({ regularization: v }))}
        ${this.select('reg-rate', t('train.regRate'), String(s.regRate), REG_RATES, String, (v) => this.change({ regRate: Number(v) }))}
        ${this.select('output', t('train.output'), s.output, OUTPUT_ACTIVATIONS, String, (v) => this.change({ output: v }))}
        ${this.select('loss', t('train.loss'), s.loss, LOSSES, (o) => t(`train.loss.${o}`), (v) => this.change({ loss: v }))}
        ${this.show('batch-size') ? html`<label class="field" data-control="batch-size"><span>${t('train.batchSize')}: ${s.batchSize}</span>
            <input type="range" min="1" max="100" .value=${String(s.batchSize)} @change=${(e: Event) => this.change({ batchSize: Number((e.target as HTMLInputElement).value) })}></label>` : nothing}
        ${this.show('stop') ? this.renderStop(s) : nothing}
        ${this.show('seed') ? html`<label class="field" data-control="seed"><span>${t('train.seed')}</span>
            <input type="number" min="0" step="1" class="seed" .value=${String(s.seed)}
              @change=${(e: Event) => { const v = Number((e.target as HTMLInputElement).value); if (Number.isInteger(v) && v >= 0) this.change({ seed: v }); }}></label>` : nothing}
      </div>`;
  }

  /** Stop conditions: an epoch, a test accuracy (classification) and a test loss; empty or 0 = off. */
  private renderStop(s: TrainSettingsState) {
    const field = (key: 'stopEpoch' | 'stopAccuracy' | 'stopLoss', label: string, step: string, max: number) => html`<label class="stop-field">
      <span>${label}</span><input type="number" min="0" max=${max} step=${step} data-stop=${key} .value=${s[key] ? String(s[key]) : ''}
        @change=${(e: Event) => {
          const el = e.target as HTMLInputElement;
          const v = el.value.trim() === '' ? 0 : Number(el.value);
          if (Number.isFinite(v) && v >= 0 && v <= max && (key !== 'stopEpoch' || Number.isInteger(v))) this.change({ [key]: v });
          else { el.setCustomValidity(t('train.finite')); el.reportValidity(); }
        }}></label>`;
    return html`<fieldset class="stop" data-control="stop"><legend>${t('stop.label')}</legend>
      ${field('stopEpoch', t('stop.epoch'), '1', 1_000_000)}
      ${s.problem === 'classification' ? field('stopAccuracy', t('stop.accuracy'), '0.01', 1) : nothing}
      ${field('stopLoss', t('stop.loss'), 'any', 100)}</fieldset>`;
  }

  private renderData(s: TrainSettingsState) {
    const sets: readonly string[] = s.problem === 'regression' ? REGRESSION_DATASETS : CLASSIFICATION_DATASETS;
    const name = (d: string) => t(s.problem === 'regression' ? `dataset.${d}` : `train.dataset.${d}`);
    return html`
      ${this.show('dataset') ? html`<fieldset class="datasets" data-control="dataset"><legend>${t('train.dataset')}</legend>
        ${sets.map((d) => html`<button aria-pressed=${!this.custom && s.dataset === d} @click=${() => this.change({ dataset: d as TrainSettingsState['dataset'] })}>${name(d)}</button>`)}
        ${this.custom ? html`<span class="custom">${t('train.dataset.custom')}</span>` : nothing}
      </fieldset>` : nothing}
      ${this.show('ratio') ? html`<label class="field" data-control="ratio"><span>${t('train.ratio')}: ${s.ratio}</span>
          <input type="range" min="10" max="90" step="10" .value=${String(s.ratio)} @change=${(e: Event) => this.change({ ratio: Number((e.target as HTMLInputElement).value) })}></label>` : nothing}
      ${this.show('noise') ? html`<label class="field" data-control="noise"><span>${t('train.noise')}: ${s.noise}</span>
          <input type="range" min="0" max="50" step="5" .value=${String(s.noise)} @change=${(e: Event) => this.change({ noise: Number((e.target as HTMLInputElement).value) })}></label>` : nothing}
      <div class="row">
        ${this.show('regenerate') ? html`<button data-control="regenerate" @click=${() => this.act('regenerate')}>${t('train.regenerate')}</button>` : nothing}
        ${this.show('clear') ? html`<button data-control="clear" @click=${() => this.act('clear')}>${t('train.clearPoints')}</button>` : nothing}
      </div>
      ${this.show('csv') ? html`<label class="file" data-control="csv"><span>${t('train.csv')}</span>
          <input type="file" accept=".csv,text/csv,text/plain" @change=${(e: Event) => this.readFile(e, 'csv')}></label>
          <p class="help">${t('train.csvHelp')}</p>` : nothing}
    `;
  }

  private renderOutput(s: TrainSettingsState) {
    const box = (id: string, key: 'showTest' | 'discretize', label: string) => this.show(id) ? html`<label class="check" data-control=${id}>
        <input type="checkbox" .checked=${s[key]} @change=${(e: Event) => this.change({ [key]: (e.target as HTMLInputElement).checked })}>${label}</label>` : nothing;
    return html`<div class="row">
      ${box('show-test', 'showTest', t('train.showTest'))}
      ${box('discretize', 'discretize', t('train.discretize'))}
      </div><div class="row">
      ${this.show('export') ? html`<button data-control="export" @click=${() => this.act('export-json')}>${t('train.exportJson')}</button>
          <button data-control="export-onnx" @click=${() => this.act('export-onnx')}>${t('train.exportOnnx')}</button>
          <button data-control="export-pytorch" @click=${() => this.act('export-pytorch')}>${t('train.exportPytorch')}</button>
          <button data-control="export-js" @click=${() => this.act('export-js')}>${t('train.exportJs')}</button>` : nothing}
      ${this.show('import') ? html`<label class="file" data-control="import"><span>${t('train.importJson')}</span>
          <input type="file" accept=".json,application/json,.onnx" @change=${(e: Event) => this.readFile(e, 'import-json')}></label>` : nothing}
      ${this.show('png') ? html`<button data-control="png" @click=${() => this.act('export-png')}>${t('train.exportPng')}</button>` : nothing}
    </div>`;
  }

  render() {
    const s = this.settings;
    if (!s) return nothing;
    return this.section === 'run' ? this.renderRun(s) : this.section === 'data' ? this.renderData(s) : this.renderOutput(s);
  }

  static styles = css`
    :host { display: block; font: 13px system-ui, sans-serif; }
    .bar { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: flex-end; }
    .field { display: inline-flex; flex-direction: column; gap: 2px; }
    .field span { font-size: 11px; opacity: 0.75; }
    .round { width: 36px; height: 36px; border-radius: 50%; border: 1px solid #888; background: none; color: inherit; cursor: pointer; display: inline-grid; place-items: center; padding: 0; }
    .round.play { width: 48px; height: 48px; background: #183d4e; color: #fff; border: none; }
    .epoch { display: inline-flex; flex-direction: column; }
    .epoch span { font-size: 11px; opacity: 0.75; }
    .epoch output { font: 20px ui-monospace, monospace; }
    .datasets { border: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 4px; }
    .datasets legend { font-size: 11px; opacity: 0.75; margin-bottom: 2px; }
    .datasets button { cursor: pointer; }
    .datasets button[aria-pressed='true'] { outline: 2px solid #0877bd; }
    .custom { font-style: italic; align-self: center; }
    .row { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0; align-items: center; }
    .file { display: inline-flex; flex-direction: column; gap: 2px; }
    .file span { font-size: 11px; opacity: 0.75; }
    .help { font-size: 11px; opacity: 0.75; margin: 2px 0; }
    .check { display: inline-flex; gap: 4px; align-items: center; }
    .seed { width: 6em; }
    .stop { border: 1px solid #8886; border-radius: 4px; padding: 2px 6px; display: inline-flex; gap: 6px; align-items: flex-end; }
    .stop legend { font-size: 11px; opacity: 0.75; }
    .stop-field { display: inline-flex; flex-direction: column; font-size: 11px; }
    .stop-field input { width: 5.5em; }
    input[type='file'] { max-width: 200px; }
  `;
}

customElements.get('ap-train-controls') || customElements.define('ap-train-controls', ApTrainControls);

declare global {
  interface HTMLElementTagNameMap { 'ap-train-controls': ApTrainControls }
}
