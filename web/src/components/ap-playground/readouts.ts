// What <ap-playground> reads out of a snapshot: the loss figures ("diverged" once training diverged,
// never a number the network did not reach), the role=status line, and the chart's history.
import type { Snapshot } from '../../engine/index.js';
import { t } from '../../i18n/index.js';
import '../../i18n/train.js';
import type { ChartHistory } from '../ap-loss-chart/ap-loss-chart.js';

/** A loss for the read-outs: 3 decimals, "—" when there is none, "diverged" once training diverged. */
export function readout(v: number | undefined, diverged: boolean | undefined): string {
  if (diverged) return t('train.divergedValue');
  return v !== undefined && Number.isFinite(v) ? v.toFixed(3) : '—';
}

export const emptyHistory = (): ChartHistory => ({ epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [] });

/** Appends a snapshot's new history entries to `h`, in place. */
export function appendHistory(h: ChartHistory, s: Snapshot): void {
  h.epoch.push(...s.history.epoch);
  h.trainLoss.push(...s.history.trainLoss);
  h.testLoss.push(...s.history.testLoss);
  h.trainAccuracy.push(...s.history.trainAccuracy);
  h.testAccuracy.push(...s.history.testAccuracy);
}

/** The role=status text for a snapshot, in the current language. */
export function statusText(s: Snapshot): string {
  // A diverged network has no loss or accuracy: the status says so rather than show a number.
  return s.diverged ? t('train.statusDiverged', { epoch: s.epoch }) : t('train.status', {
    epoch: s.epoch, trainLoss: readout(s.trainLoss, false), testLoss: readout(s.testLoss, false),
    testAccuracy: Number.isFinite(s.testAccuracy) ? `${(100 * s.testAccuracy).toFixed(1)}%` : '—',
  });
}
