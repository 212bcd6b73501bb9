// A lit reactive controller that re-renders its host when the page language changes.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

import { onLangChange } from '../i18n/index.js';

/** `new LangController(this)` in a component's constructor: t() calls in render() then follow setLang(). */
export class LangController implements ReactiveController {
  private off: (() => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.off = onLangChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.off?.();
    this.off = null;
  }
}
