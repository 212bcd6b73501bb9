// <ap-confusion>: the confusion matrix of the training or the test points (the worker's counts, any
// number of classes) as a table with a caption: rows are the true class, columns the predicted one,
// the diagonal (right) shaded. A select switches between the two sets.
import { css, html, LitElement, nothing } from 'lit';

import type { Confusion } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/explain.js';
import { LangController } from '../i18n-controller.js';

export class ApConfusion extends LitElement {
  // ---------- Class Properties ----------
  static properties = {
    confusion: { attribute: false },
    set: { type: String },
  };
  declare confusion: Confusion | null;
  /** Which points: 'train' or 'test' (default). */
  declare set: 'train' | 'test';

  constructor() {
    super();
    this.confusion = null;
    this.set = 'test';
    new LangController(this);
  }

  // ---------- Templates and Styles ----------
  render() {
    const c = this.confusion;
    if (!c) return nothing;
    const counts = this.set === 'train' ? c.train : c.test;
    const k = c.classes;
    const n = counts.reduce((s, v) => s + v, 0);
    const classes = Array.from({ length: k }, (_, i) => i);
    return html`
      <label>${t('confusion.set')}
        <select @change=${(e: Event) => { this.set = (e.target as HTMLSelectElement).value as 'train' | 'test'; }}>
          <option value="test" ?selected=${this.set === 'test'}>${t('confusion.test')}</option>
          <option value="train" ?selected=${this.set === 'train'}>${t('confusion.train')}</option>
        </select></label>
      <table data-set=${this.set}>
        <caption>${t('confusion.caption', { set: t(`confusion.${this.set}`), n })}</caption>
        <thead><tr><td></td>${classes.map((j) => html`<th scope="col">${t('confusion.predicted', { k: j })}</th>`)}</tr></thead>
        <tbody>${classes.map((i) => html`<tr><th scope="row">${t('confusion.actual', { k: i })}</th>
          ${classes.map((j) => html`<td class=${i === j ? 'hit' : ''} data-actual=${i} data-predicted=${j}>${counts[i * k + j]}</td>`)}</tr>`)}</tbody>
      </table>`;
  }

  static styles = css`
    :host { display: block; font: 12px system-ui, sans-serif; margin-top: 8px; }
    label { display: flex; gap: 6px; align-items: center; font-size: 11px; }
    table { border-collapse: collapse; margin-top: 4px; }
    caption { text-align: left; font-size: 11px; padding-bottom: 2px; }
    th, td { border: 1px solid #8886; padding: 2px 8px; text-align: right; font-variant-numeric: tabular-nums; }
    th { font-weight: 600; font-size: 11px; }
    td.hit { background: #d7ecf7; color: #102a38; }
    @media (prefers-color-scheme: dark) { td.hit { background: #1d4257; color: #eef; } }
  `;
}

customElements.get('ap-confusion') || customElements.define('ap-confusion', ApConfusion);

declare global {
  interface HTMLElementTagNameMap { 'ap-confusion': ApConfusion }
}
