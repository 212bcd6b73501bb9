// <ap-formula>: a formula as MathML, from TeX given directly or from the engine's catalogue.
//
//   <ap-formula tex="\frac{1}{1 + e^{-x}}"></ap-formula>
//   <ap-formula activation="elu" which="derivative"></ap-formula>
//
// Unknown activations or missing formulas show an inline note; unknown TeX commands appear as text.
import { LitElement, html, nothing, unsafeCSS } from 'lit';

import type { Engine } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/explore.js';
import { entryOf } from '../catalogue.js';
import { EngineController } from '../engine-controller.js';
import { LangController } from '../i18n-controller.js';
import styles from './ap-formula.css?inline';
import { texToMathML } from './tex.js';

export class ApFormula extends LitElement {
  //==========================================================================||
  //                             Class Properties                             ||
  //==========================================================================||
  static properties = {
    tex: { type: String },
    activation: { type: String },
    which: { type: String },
    display: { type: String },
    engine: { attribute: false },
  };

  /** TeX source; when set, `activation` is ignored. */
  declare tex: string;
  /** A catalogue name whose formula to show. */
  declare activation: string;
  /** 'f' (default) or 'derivative'. */
  declare which: string;
  /** 'inline' (default) or 'block'. */
  declare display: string;
  declare engine: Engine | undefined;
  private resolvedTex = '';
  private error = '';
  private readonly eng = new EngineController(this, () => this.engine);

  //==========================================================================||
  //                             Lifecycle Methods                            ||
  //==========================================================================||
  constructor() {
    super();
    new LangController(this);
    this.tex = '';
    this.activation = '';
    this.which = 'f';
    this.display = 'inline';
    this.engine = undefined;
  }

  protected willUpdate(): void {
    this.resolve();
  }

  //==========================================================================||
  //                              Custom Methods                              ||
  //==========================================================================||
  private resolve(): void {
    this.error = '';
    this.resolvedTex = '';
    if (this.tex) { this.resolvedTex = this.tex; return; }
    const engine = this.eng.value;
    if (this.eng.error) { this.error = this.eng.error; return; }
    if (!this.activation || !engine) return;
    const entry = entryOf(engine, this.activation);
    if (!entry) { this.error = t('plot.unknown', { names: this.activation }); return; }
    const tex = this.which === 'derivative' ? entry.derivativeFormula : entry.formula;
    this.resolvedTex = typeof tex === 'string' ? tex : '';
    if (!this.resolvedTex) this.error = t('formula.na');
  }

  //==========================================================================||
  //                             Templates and Styles                         ||
  //==========================================================================||
  render() {
    if (this.error) return html`<span class="muted">${this.error}</span>`;
    if (!this.resolvedTex) return nothing;
    const { math, unknown } = texToMathML(this.resolvedTex, document, this.display === 'block' ? 'block' : 'inline');
    math.setAttribute('alttext', this.resolvedTex);
    return html`${math}${unknown.length ? html` <span class="muted" title=${unknown.join(' ')}>(?)</span>` : nothing}`;
  }

  static styles = unsafeCSS(styles);
}

if (!customElements.get('ap-formula')) customElements.define('ap-formula', ApFormula);

declare global {
  interface HTMLElementTagNameMap {
    'ap-formula': ApFormula;
  }
}
