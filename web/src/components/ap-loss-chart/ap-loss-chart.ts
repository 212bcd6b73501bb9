// <ap-loss-chart>: training and test loss (top) and accuracy (bottom) against epochs, drawn on two
// canvases by plots/loss-chart.ts whenever `history` is replaced or the element is resized.
import { css, html, LitElement } from 'lit';

import { t } from '../../i18n/index.js';
import '../../i18n/train.js';
import { readTheme, type Theme } from '../../plots/axes.js';
import { drawLineChart } from '../../plots/loss-chart.js';
import { LangController } from '../i18n-controller.js';

/** The whole history, one entry per measurement. */
export interface ChartHistory {
  epoch: number[];
  trainLoss: number[];
  testLoss: number[];
  trainAccuracy: number[];
  testAccuracy: number[];
}

const TRAIN_COLOUR = '#8a8a8a';
const MIN_INTERVAL_MS = 100;
const TEST_COLOUR = '#1b1b1b';
const DIVERGED_COLOUR = '#b3261e';

export class ApLossChart extends LitElement {
  // ---------- Class Properties ----------
  static properties = { history: { attribute: false }, version: { type: Number }, divergedAt: { attribute: false } };
  declare history: ChartHistory | null;
  /** The epoch at which training diverged (marked "diverged" on both charts; the curves end there), or null. */
  declare divergedAt: number | null;
  /** Bump to redraw after appending to `history` in place. */
  declare version: number;
  private resizer: ResizeObserver | null = null;
  private lastDraw = -Infinity;
  private cssWidth = 0;
  /** The page's colours, read once (reading computed style per draw would force a style recalc). */
  private theme: Theme | null = null;
  private scheme = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
  private onScheme = (): void => { this.theme = null; this.draw(); };
  private pending: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    super();
    this.history = null;
    this.version = 0;
    this.divergedAt = null;
    new LangController(this);
  }

  // ---------- Lifecycle Methods ----------
  connectedCallback(): void {
    super.connectedCallback();
    this.resizer = new ResizeObserver((e) => {
      this.cssWidth = e[0].contentRect.width;
      this.draw();
    });
    this.resizer.observe(this);
    this.scheme?.addEventListener('change', this.onScheme);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    this.scheme?.removeEventListener('change', this.onScheme);
  }

  protected updated(): void {
    // While training, new points arrive every frame; ten redraws a second keep the curves live at a
    // fraction of the main thread's time (the final state is always drawn by the trailing call).
    const wait = this.lastDraw + MIN_INTERVAL_MS - performance.now();
    if (wait <= 0) this.draw();
    else this.pending ??= setTimeout(() => { this.pending = null; this.draw(); }, wait);
  }

  // ---------- Custom Methods ----------
  /** Redraws both charts at the element's width. */
  draw(): void {
    this.lastDraw = performance.now();
    const h = this.history ?? { epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [] };
    const [loss, acc] = this.renderRoot.querySelectorAll('canvas');
    const w = this.cssWidth;
    if (!loss || !acc || w === 0) return;
    const theme = (this.theme ??= readTheme(this));
    const testColour = theme.dark ? '#f0f0f0' : TEST_COLOUR;
    const marker = this.divergedAt === null ? undefined
      : { x: this.divergedAt, label: t('train.divergedValue'), colour: theme.dark ? '#ff8a80' : DIVERGED_COLOUR };
    drawLineChart(loss, w, 90, h.epoch, [
      { values: h.trainLoss, colour: TRAIN_COLOUR, label: t('train.trainLoss') },
      { values: h.testLoss, colour: testColour, label: t('train.testLoss') },
    ], theme, { marker });
    drawLineChart(acc, w, 90, h.epoch, [
      { values: h.trainAccuracy, colour: TRAIN_COLOUR, label: t('train.trainAccuracy') },
      { values: h.testAccuracy, colour: testColour, label: t('train.testAccuracy') },
    ], theme, { yDomain: [0, 1], marker });
  }

  // ---------- Templates and Styles ----------
  render() {
    return html`<canvas role="img" aria-label=${t('train.lossChart')}></canvas>
      <canvas role="img" aria-label=${t('train.accuracyChart')}></canvas>`;
  }

  static styles = css`
    :host { display: block; }
    canvas { display: block; }
  `;
}

customElements.get('ap-loss-chart') || customElements.define('ap-loss-chart', ApLossChart);

declare global {
  interface HTMLElementTagNameMap { 'ap-loss-chart': ApLossChart }
}
