// The Explore view: pick activations, overlay f and f′, tune their parameters, read their formulas
// and properties, and play with softmax. Composition only: the work is done by the ap-* components;
// this file wires them to the URL state (keys act, params, deriv, x, sm, temp).
import { html, render } from 'lit';

import '../../components/ap-activation-plot/ap-activation-plot.js';
import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/explore.js';
import { seriesColour } from '../../plots/line-plot.js';
import { formatParams, parseParams, type ParamSpec } from '../../state/params-spec.js';
import { activationNames } from '../../components/catalogue.js';
import { urlState } from '../../state/url-state.js';
import { registerView, type ViewContext } from '../views.js';

const DEFAULT_ACTS = ['sigmoid', 'tanh', 'relu'];

// Registered at load, so values in the link are checked (and noticed) before the tab is first shown.
urlState().registerProps([
    { key: 'act', type: 'list', default: DEFAULT_ACTS, maxItems: 12 },
    { key: 'params', type: 'string', default: '', check: (v) => parseParams(v as string).errors.join('; ') || null },
    { key: 'deriv', type: 'boolean', default: true },
    { key: 'x', type: 'numbers', default: [-6, 6], minItems: 2, maxItems: 2, min: -1e4, max: 1e4,
      check: (v) => ((v as number[])[0] < (v as number[])[1] ? null : 'x-min must be below x-max') },
    { key: 'sm', type: 'numbers', default: [2, 1, 0.1], minItems: 1, maxItems: 16, min: -1000, max: 1000 },
    { key: 'temp', type: 'number', default: 1, min: 0.05, max: 20 },
]);

class ExploreView {
  private engine: Engine | null = null;
  private readonly dark = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

  constructor(private readonly el: HTMLElement, private readonly ctx: ViewContext) {}

  async start(): Promise<void> {
    this.ctx.state.subscribe(() => this.draw());
    this.ctx.i18n.onLangChange(() => this.draw());
    this.dark?.addEventListener('change', () => this.draw());
    this.draw();
    this.engine = await this.ctx.engine;
    this.validateAgainstCatalogue();
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
    if (fromLink) this.ctx.state.report('act', acts.join(','), `unknown activation ${bad.map((b) => `"${b}"`).join(', ')}`);
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
    const acts = this.acts;
    const [x0, x1] = s.get<number[]>('x');
    const dark = !!this.dark?.matches;
    this.ctx.status(t('explore.status', { names: acts.join(', ') || t('explore.nothing') }));
    const catalogue = this.engine?.activations ?? [];
    render(html`
      <p class="ap-text ap-intro">${t('explore.intro')}</p>
      <div class="ap-explore">
        <div class="ap-explore-side">
          <fieldset class="ap-card ap-picker" data-hide-id="picker">
            <legend>${t('explore.choose')}</legend>
            <p class="ap-text">${t('explore.chooseHelp')}</p>
            <div class="ap-picker-grid">
              ${catalogue.map((e) => {
                const i = acts.indexOf(e.name);
                return html`<label class="ap-check">
                  <input type="checkbox" name="act" value=${e.name} .checked=${i >= 0}
                         @change=${(ev: Event) => this.toggle(e.name, (ev.target as HTMLInputElement).checked)}>
                  <span class="ap-swatch" style=${i >= 0 ? `background:${seriesColour(i, dark)}` : ''}></span>${e.name}</label>`;
              })}
            </div>
          </fieldset>
        </div>
        <div class="ap-explore-main">
          <ap-activation-plot
            .activations=${acts.join(',')} .params=${s.get<string>('params')} .derivative=${s.get<boolean>('deriv')}
            .xMin=${String(x0)} .xMax=${String(x1)}
            @range-change=${(e: CustomEvent<{ xMin: number; xMax: number }>) => s.set('x', [e.detail.xMin, e.detail.xMax])}
            @derivative-change=${(e: CustomEvent<{ derivative: boolean }>) => s.set('deriv', e.detail.derivative)}
          ></ap-activation-plot>
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
