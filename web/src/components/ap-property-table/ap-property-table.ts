// <ap-property-table>: the properties the engine computes for each activation (range, left/right
// saturation, limits of f′, monotonic, zero-centred, bounded, smoothness, dead zone), localised.
//
//   <ap-property-table activation="elu"></ap-property-table>
//   <ap-property-table activations="sigmoid,tanh,relu" params="elu.alpha=0.5"></ap-property-table>
//   <ap-property-table formula="x * tanh(softplus(x))"></ap-property-table>
import { type TemplateResult, html, nothing, unsafeCSS } from 'lit';
import { format } from '../../plots/format.js';

import { t } from '../../i18n/index.js';
import '../../i18n/explore.js';
import { parseParams } from '../../state/params-spec.js';
import type { ActivationProperties } from '../../engine/index.js';
import { displayName, formulaActivation, parseNames, propertiesOf, resolveParams } from '../catalogue.js';
import { CatalogueElement } from '../catalogue-element.js';
import styles from './ap-property-table.css?inline';

const fmt = format('.4~g');

/** A number for the table: ±∞ spelled out, minus signs typographic; null (no limit) is a dash, never 0. */
function num(v: number | null): string {
  if (v === null) return '—';
  if (v === Infinity) return '+∞';
  if (v === -Infinity) return '−∞';
  if (Number.isNaN(v)) return '—';
  return fmt(v).replace('-', '−');
}

/** [lo, hi] as an interval, open at an infinite end. */
function interval([lo, hi]: readonly [number, number]): string {
  return `${lo === -Infinity ? '(' : '['}${num(lo)}, ${num(hi)}${hi === Infinity ? ')' : ']'}`;
}

function yesNo(v: boolean): TemplateResult {
  return html`<span class=${v ? 'yes' : 'no'}>${t(v ? 'props.yes' : 'props.no')}</span>`;
}

/** One row of the table: a label key and how to show a ActivationProperties value. */
const ROWS: [string, (p: ActivationProperties) => TemplateResult | string][] = [
  ['props.range', (p) => interval(p.range)],
  ['props.satLeft', (p) => yesNo(p.saturates.left)],
  ['props.satRight', (p) => yesNo(p.saturates.right)],
  ['props.derivLimits', (p) => `${num(p.derivativeLimits.left)}, ${num(p.derivativeLimits.right)}`],
  ['props.monotonic', (p) => yesNo(p.monotonic)],
  ['props.zeroCentered', (p) => yesNo(p.zeroCentered)],
  ['props.bounded', (p) => html`${yesNo(p.bounded.below)}, ${yesNo(p.bounded.above)}`],
  ['props.smoothness', (p) => t(`props.smooth.${p.smoothness}`)],
  ['props.deadZone', (p) => (p.deadZone ? interval(p.deadZone) : t('props.none'))],
];

export class ApPropertyTable extends CatalogueElement {
  //==========================================================================||
  //                             Class ActivationProperties                             ||
  //==========================================================================||
  static properties = { activation: { type: String }, formula: { type: String } };

  /** One catalogue name (shorthand for `activations` with one entry); activations, params, colours
   *  and engine come from CatalogueElement. */
  declare activation: string;
  /** A formula for one more column, e.g. "x * tanh(softplus(x))" (parsed by the engine). */
  declare formula: string;

  //==========================================================================||
  //                             Lifecycle Methods                            ||
  //==========================================================================||
  constructor() {
    super();
    this.activation = '';
    this.formula = '';
  }

  //==========================================================================||
  //                             Templates and Styles                         ||
  //==========================================================================||
  render() {
    if (this.eng.error) return html`<p class="error" role="alert">${this.eng.error}</p>`;
    const engine = this.eng.value;
    if (!engine) return nothing;
    const text = [this.activation, this.activations].filter(Boolean).join(',');
    const { names, unknown } = parseNames(engine, text);
    const spec = parseParams(this.params ?? '');
    const errors: string[] = [];
    if (unknown.length) errors.push(t('plot.unknown', { names: unknown.join(', ') }));
    if (spec.errors.length) errors.push(t('plot.badParams', { errors: spec.errors.join('; ') }));
    if (this.formula) {
      try {
        names.push(formulaActivation(engine, this.formula));
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    const cols = names.map((name) => {
      const r = resolveParams(engine, name, spec.params);
      try {
        return { name, props: propertiesOf(engine.activation(name, r.params)) };
      } catch (e) {
        errors.push(`${name}: ${(e as Error).message}`);
        return { name, props: null };
      }
    });
    return html`
      ${errors.map((e) => html`<p class="error" role="alert">${e}</p>`)}
      ${cols.length ? html`
        <table>
          <caption>${t('props.caption')}</caption>
          <thead><tr><th scope="col">${t('props.property')}</th>${cols.map((c) => html`
            <th scope="col">${this.colours[c.name] ? html`<span class="sw" style="background:${this.colours[c.name]}"></span>` : nothing}${displayName(engine, c.name)}</th>`)}</tr></thead>
          <tbody>${ROWS.map(([key, show]) => html`
            <tr><th scope="row">${t(key)}</th>${cols.map((c) => html`<td>${c.props ? show(c.props) : t('props.na')}</td>`)}</tr>`)}
          </tbody>
        </table>` : html`<p class="muted">${t('props.empty')}</p>`}
    `;
  }

  static styles = unsafeCSS(styles);
}

if (!customElements.get('ap-property-table')) customElements.define('ap-property-table', ApPropertyTable);

declare global {
  interface HTMLElementTagNameMap {
    'ap-property-table': ApPropertyTable;
  }
}
