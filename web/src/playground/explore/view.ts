// The Explore view: pick activations, overlay f and f′, tune their parameters, read their formulas
// and properties, and play with softmax. Composition only: the work is done by the ap-* components;
// this file wires them to the URL state (keys act, params, deriv, x, sm, temp, custom, custom-params).
import { html, render } from 'lit';

import '../../components/ap-activation-plot/ap-activation-plot.js';
import '../../components/ap-formula/ap-formula.js';
import '../../components/ap-param-sliders/ap-param-sliders.js';
import '../../components/ap-property-table/ap-property-table.js';
import '../../components/ap-softmax-view/ap-softmax-view.js';
import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/explore.js';
import { seriesColour } from '../../plots/line-plot.js';
import { formatParams, parseParams, type ParamSpec } from '../../state/params-spec.js';
import { activationNames } from '../../components/catalogue.js';
import { urlState } from '../../state/url-state.js';
import { registerView, type ViewContext } from '../views.js';
import { CUSTOM, customCard, type CustomResult, defineCustom } from './custom.js';

const DEFAULT_ACTS = ['sigmoid', 'tanh', 'relu'];

/** A snake_case name that may wrap after its underscores only. */
function breakable(name: string) {
  return name.split('_').map((part, i, all) => (i < all.length - 1 ? html`${part}_<wbr>` : part));
}

// Registered at load, so values in the link are checked (and noticed) before the tab is first shown.
urlState().registerProps([
    { key: 'act', type: 'list', default: DEFAULT_ACTS, maxItems: 12 },
    { key: 'params', type: 'string', default: '',
      check: (v) => { const e = parseParams(v as string).errors; return e.length ? { key: 'state.badParams', vars: { errors: e.join('; ') } } : null; } },
    { key: 'deriv', type: 'boolean', default: true },
    { key: 'x', type: 'numbers', default: [-6, 6], minItems: 2, maxItems: 2, min: -1e5, max: 1e5,
      check: (v) => ((v as number[])[0] < (v as number[])[1] ? null : { key: 'state.rangeOrder' }) },
    { key: 'sm', type: 'numbers', default: [2, 1, 0.1], minItems: 1, maxItems: 16, min: -1000, max: 1000 },
    { key: 'temp', type: 'number', default: 1, min: 0.05, max: 20 },
    { key: 'custom', type: 'string', default: '' },
    { key: 'custom-params', type: 'string', default: '' },
]);

class ExploreView {
  private engine: Engine | null = null;
  // The custom formula as typed (it reaches the URL once the engine accepts it), and what defining it gave.
  private draft = { formula: '', declarations: '' };
  private custom: CustomResult | null = null;
  private applied: string | null = null;  // the URL's custom + custom-params last defined
  private revision = 0;                   // bumped when `custom` is redefined: the components redraw
  private readonly dark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

  constructor(private readonly el: HTMLElement, private readonly ctx: ViewContext) {}

  async start(): Promise<void> {
    this.ctx.state.subscribe(() => this.draw());
    this.ctx.i18n.onLangChange(() => this.draw());
    this.dark?.addEventListener('change', () => this.draw());
    this.draw();
    this.engine = await this.ctx.engine;
    this.validateAgainstCatalogue();
    this.syncCustom(true);
    this.draw();
  }

  /** Defines `custom` from the URL when it changed there (a link, the back button). */
  private syncCustom(fromLink = false): void {
    const s = this.ctx.state;
    const formula = s.get<string>('custom'), declarations = s.get<string>('custom-params');
    const key = `${formula}\n${declarations}`;
    if (!this.engine || key === this.applied) return;
    this.applied = key;
    this.draft = { formula, declarations };
    this.custom = formula ? defineCustom(this.engine, formula, declarations) : null;
    this.revision++;
    if (fromLink && this.custom?.error) s.report('custom', formula, this.custom.error);
  }

  /** The user typed: define it; only a formula the engine accepts goes into the URL. */
  private typed(next: Partial<{ formula: string; declarations: string }>): void {
    this.draft = { ...this.draft, ...next };
    const { formula, declarations } = this.draft;
    if (!this.engine) return;
    this.custom = formula.trim() ? defineCustom(this.engine, formula, declarations) : null;
    if (!this.custom || this.custom.info) {
      this.revision++;
      const f = this.custom ? formula : '';
      this.applied = `${f}\n${this.custom ? declarations : ''}`;
      this.ctx.state.update({ custom: f, 'custom-params': this.custom ? declarations : '' });
    }
    this.draw();
  }

  /** Names in the link that the engine does not know are dropped with a notice. */
  private validateAgainstCatalogue(): void {
    const known = new Set(activationNames(this.engine!));
    const acts = this.ctx.state.get<string[]>('act');
    const bad = acts.filter((a) => !known.has(a));
    if (!bad.length) return;
    const fromLink = this.ctx.state.inHash('act');
    this.ctx.state.set('act', acts.filter((a) => known.has(a)));
    if (fromLink) this.ctx.state.report('act', acts.join(','), { key: 'state.unknownActivation', vars: { items: bad.map((b) => `"${b}"`).join(', ') } });
  }

  private get acts(): string[] {
    return this.ctx.state.get<string[]>('act');
  }

  private get paramSpec(): ParamSpec {
    return parseParams(this.ctx.state.get<string>('params')).params;
  }

  private toggle(name: string, on: boolean): void {
    const all = this.engine ? activationNames(this.engine) : [];
    const next = on ? [...this.acts, name] : this.acts.filter((a) => a !== name);
    // Keep catalogue order so colours do not jump around as the selection changes.
    next.sort((a, b) => all.indexOf(a) - all.indexOf(b));
    this.ctx.state.set('act', next);
  }

  private setParams(spec: ParamSpec): void {
    this.ctx.state.set('params', formatParams(spec));
  }

  private draw(): void {
    const s = this.ctx.state;
    this.syncCustom();
    const custom = this.custom?.info ? [CUSTOM] : [];
    const acts = [...this.acts, ...custom];
    const [x0, x1] = s.get<number[]>('x');
    const dark = !!this.dark?.matches;
    this.ctx.status(t('explore.status', { names: acts.join(', ') || t('explore.nothing') }));
    const rev = this.revision;
    const catalogue = this.engine?.activations ?? [];
    const colours = Object.fromEntries(acts.map((a, i) => [a, seriesColour(i, dark)]));
    const params = s.get<string>('params');
    render(html`
      <p class="ap-text ap-intro">${t('explore.intro')}</p>
      <div class="ap-explore">
        <div class="ap-explore-side">
          <fieldset class="ap-card ap-picker" data-hide-id="picker">
            <legend>${t('explore.choose')}</legend>
            <p class="ap-text">${t('explore.chooseHelp')}</p>
            <div class="ap-picker-grid">
              ${catalogue.map((e) => html`<label class="ap-check">
                  <input type="checkbox" name="act" value=${e.name} .checked=${e.name in colours}
                         @change=${(ev: Event) => this.toggle(e.name, (ev.target as HTMLInputElement).checked)}>
                  <span class="ap-swatch" style=${e.name in colours ? `background:${colours[e.name]}` : ''}></span><span>${breakable(e.name)}</span></label>`)}
            </div>
          </fieldset>
          ${customCard({ formula: this.draft.formula, declarations: this.draft.declarations, result: this.custom,
                         onFormula: (v) => this.typed({ formula: v }), onDeclarations: (v) => this.typed({ declarations: v }) })}
          <section class="ap-card" data-hide-id="sliders" aria-labelledby="ap-h-params">
            <h2 id="ap-h-params">${t('explore.params')}</h2>
            <p class="ap-text">${t('explore.paramsHelp')}</p>
            <ap-param-sliders .activations=${acts.join(',')} .params=${params} .colours=${colours} .revision=${rev}
              @params-change=${(e: CustomEvent<{ params: string }>) => s.set('params', e.detail.params)}></ap-param-sliders>
          </section>
        </div>
        <div class="ap-explore-main">
          <ap-activation-plot
            .activations=${acts.join(',')} .params=${params} .derivative=${s.get<boolean>('deriv')} .revision=${rev}
            .xMin=${String(x0)} .xMax=${String(x1)} .hide=${s.get<string[]>('hide').join(',')}
            @range-change=${(e: CustomEvent<{ xMin: number; xMax: number }>) => s.set('x', [e.detail.xMin, e.detail.xMax])}
            @derivative-change=${(e: CustomEvent<{ derivative: boolean }>) => s.set('deriv', e.detail.derivative)}
          ></ap-activation-plot>
          <section class="ap-card" data-hide-id="formula" aria-labelledby="ap-h-formulas">
            <h2 id="ap-h-formulas">${t('explore.formulas')}</h2>
            <div class="ap-formulas">
              ${acts.map((a) => html`
                <div class="ap-formula-row">
                  <strong><span class="ap-swatch" style="background:${colours[a]}"></span> ${a}</strong>
                  <span>${t('formula.f')} = <ap-formula activation=${a} .tex=${a === CUSTOM ? this.custom!.info!.formula : ''}></ap-formula></span>
                  <span>${t('formula.d')} = <ap-formula activation=${a} which="derivative" .tex=${a === CUSTOM ? this.custom!.info!.derivativeFormula : ''}></ap-formula></span>
                </div>`)}
            </div>
          </section>
          <section class="ap-card" data-hide-id="table" aria-labelledby="ap-h-props">
            <h2 id="ap-h-props">${t('explore.properties')}</h2>
            <ap-property-table .activations=${acts.join(',')} .params=${params} .colours=${colours} .revision=${rev}></ap-property-table>
          </section>
          <section class="ap-card" data-hide-id="softmax" aria-labelledby="ap-h-softmax">
            <h2 id="ap-h-softmax">${t('softmax.title')}</h2>
            <p class="ap-text">${t('explore.softmaxHelp')}</p>
            <ap-softmax-view .values=${s.get<number[]>('sm').join(',')} .temperature=${String(s.get<number>('temp'))}
              @values-change=${(e: CustomEvent<{ values: number[]; temperature: number }>) =>
                s.update({ sm: e.detail.values, temp: e.detail.temperature })}></ap-softmax-view>
          </section>
        </div>
      </div>
    `, this.el);
  }
}

registerView({
  id: 'explore',
  titleKey: 'shell.tab.explore',
  order: 1,
  mount(el, ctx) {
    void new ExploreView(el, ctx).start();
  },
});
