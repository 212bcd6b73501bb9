// Base class of the lessons that train networks on the main thread in chunks (TrainLoop): it owns the
// sessions and the loop, and gives every such lesson the same Train/Pause and Reset buttons, the
// `autoplay` attribute, and clean-up when the element leaves the page.
import { html, type TemplateResult } from 'lit';

import { t } from '../../i18n/index.js';
import '../../i18n/lessons.js';
import { LessonElement } from './lesson-element.js';
import type { Session } from './session.js';
import { TrainLoop } from './train-loop.js';

export abstract class TrainingLesson extends LessonElement {
  // ---------------- Class Properties ----------------
  /** The networks this lesson trains (disposed on reconfigure and on disconnect). */
  protected sessions: Session[] = [];
  private loop: TrainLoop | null = null;

  // ---------------- Lifecycle Methods ----------------
  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.setSessions([]);
  }

  // ---------------- Custom Methods ----------------
  /** One unit of training work; false when training is finished. */
  protected abstract trainStep(): boolean;

  /** After each frame's work, before the redraw: by default evaluates every session on its test set. */
  protected afterFrame(): void {
    for (const s of this.sessions) s.evaluate();
  }

  /** Replaces the sessions, disposing the old ones; starts training if the element has `autoplay`. */
  protected setSessions(sessions: Session[]): void {
    this.loop?.stop();
    for (const s of this.sessions) s.dispose();
    this.sessions = sessions;
    if (sessions.length && this.hasAttribute('autoplay')) queueMicrotask(() => { if (!this.running) this.play(); });
  }

  protected get running(): boolean {
    return this.loop?.isRunning ?? false;
  }

  protected stop(): void {
    this.loop?.stop();
  }

  /** Starts training, or pauses it when it runs. */
  protected play(): void {
    if (!this.sessions.length || this.problem) return;
    if (this.running) { this.loop!.stop(); this.requestUpdate(); return; }
    this.loop = new TrainLoop({
      step: () => this.trainStep(),
      frame: () => { this.afterFrame(); this.requestUpdate(); },
      onError: (e) => this.guard(() => { throw e; }),
    });
    this.loop.start();
    this.requestUpdate();
  }

  /** Rebuilds the networks from the attributes (fresh weights, same seed). */
  protected reset(): void {
    this.loop?.stop();
    this.guard(() => this.configure(this.engine!, false));
    this.requestUpdate();
  }

  // ---------------- Templates and Styles ----------------
  protected trainButtons(): TemplateResult {
    return html`<button id="train" @click=${this.play}>${this.running ? t('lessons.pause') : t('lessons.train')}</button>
      <button id="reset" @click=${this.reset}>${t('lessons.reset')}</button>${this.pngButton()}`;
  }
}
