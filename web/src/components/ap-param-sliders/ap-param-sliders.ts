// <ap-param-sliders>: a slider (and a number box) for every tunable parameter of the given
// activations, with ranges and defaults from the engine's catalogue.
//
//   <ap-param-sliders activations="elu,swish" params="swish.beta=1.5"></ap-param-sliders>
//
// Emits `params-change` with the full parameter text (same syntax as the `params` attribute and the
// URL state), so a page can hand it straight to <ap-activation-plot params=…>.
import { html, nothing, unsafeCSS } from 'lit';

import { t } from '../../i18n/index.js';
import '../../i18n/explore.js';
import { formatParams, parseParams, type ParamSpec } from '../../state/params-spec.js';
import type { ParamInfo } from '../../engine/index.js';
import { entryOf, parseNames, resolveParams, tunableParams } from '../catalogue.js';
import { CatalogueElement } from '../catalogue-element.js';
import styles from './ap-param-sliders.css?inline';

/** Detail of `params-change`. */
export interface ParamsChangeDetail {
  /** The whole parameter text after the change, e.g. "elu.alpha=0.5,swish.beta=1.5". */
  params: string;
  activation: string;
  param: string;
  value: number;
}

/** A slider step of about 1/200 of the range, rounded to 1, 2 or 5 times a power of ten. */
function niceStep(min: number, max: number): number {
  const raw = (max - min) / 200;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

export class ApParamSliders extends CatalogueElement {
  //==========================================================================||
  //                             Class Properties                             ||
  //==========================================================================||
  // activations, params, colours and engine come from CatalogueElement.

  //==========================================================================||
  //                              Custom Methods                              ||
  //==========================================================================||
  private spec(): ParamSpec {
    return parseParams(this.params ?? '').params;
  }

  //==========================================================================||
  //                              Event Handlers                              ||
  //==========================================================================||
  private change(activation: string, param: string, meta: Readonly<ParamInfo>, input: HTMLInputElement): void {
    const value = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(value)) return;
    const v = Math.min(meta.max, Math.max(meta.min, value));
    const spec = this.spec();
    (spec[activation] ??= {})[param] = v;
    this.commit(spec, activation, param, v);
  }

  private reset(activation: string): void {
    const spec = this.spec();
    delete spec[activation];
    this.commit(spec, activation, '', NaN);
  }

  private commit(spec: ParamSpec, activation: string, param: string, value: number): void {
    this.params = formatParams(spec);
    this.dispatchEvent(new CustomEvent<ParamsChangeDetail>('params-change',
      { detail: { params: this.params, activation, param, value }, bubbles: true, composed: true }));
  }

  //==========================================================================||
  //                             Templates and Styles                         ||
  //==========================================================================||
  render() {
    if (this.eng.error) return html`<p class="error" role="alert">${this.eng.error}</p>`;
    const engine = this.eng.value;
    if (!engine) return nothing;
    const { names, unknown } = parseNames(engine, this.activations ?? '');
    const spec = this.spec();
    const groups = names.map((name) => ({ name, params: tunableParams(entryOf(engine, name)) })).filter((g) => g.params.length);
    return html`
      ${unknown.length ? html`<p class="error" role="alert">${t('plot.unknown', { names: unknown.join(', ') })}</p>` : nothing}
      ${groups.length ? nothing : html`<p class="none">${t('sliders.none')}</p>`}
      ${groups.map(({ name, params }) => {
        const values = resolveParams(engine, name, spec).params;
        return html`
          <div class="group" role="group" aria-labelledby="h-${name}">
            <div class="head">
              ${this.colours[name] ? html`<span class="sw" style="background:${this.colours[name]}"></span>` : nothing}<span id="h-${name}">${name}</span>
              <button @click=${() => this.reset(name)}>${t('sliders.reset', { name })}</button>
            </div>
            ${params.map(([p, meta]) => {
              const id = `${name}-${p}`;
              const step = niceStep(meta.min, meta.max);
              const v = values[p] ?? meta.default;
              return html`
                <div class="row">
                  <label for="r-${id}" id="l-${id}">${p}${meta.learnable ? html` <span class="badge">${t('sliders.learnable')}</span>` : nothing}</label>
                  <input id="r-${id}" type="range" min=${meta.min} max=${meta.max} step=${step} .value=${String(v)}
                         aria-labelledby="h-${name} l-${id}"
                         @input=${(e: Event) => this.change(name, p, meta, e.target as HTMLInputElement)}>
                  <input type="number" min=${meta.min} max=${meta.max} step=${step} .value=${String(+v.toPrecision(6))}
                         aria-labelledby="h-${name} l-${id}"
                         @change=${(e: Event) => this.change(name, p, meta, e.target as HTMLInputElement)}>
                  <p class="range" aria-hidden="true"><span>${meta.min}</span><span>${meta.max}</span></p>
                </div>`;
            })}
          </div>`;
      })}
    `;
  }

  static styles = unsafeCSS(styles);
}

if (!customElements.get('ap-param-sliders')) customElements.define('ap-param-sliders', ApParamSliders);

declare global {
  interface HTMLElementTagNameMap {
    'ap-param-sliders': ApParamSliders;
  }
}
