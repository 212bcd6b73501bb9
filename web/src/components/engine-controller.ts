// A lit reactive controller that resolves a component's engine (its `engine` property, else the
// page's shared one) and re-renders the host when it arrives or fails to load.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

import type { Engine } from '../engine/index.js';
import { t } from '../i18n/index.js';
import '../i18n/plot.js';
import { getEngine } from './engine-context.js';

export class EngineController implements ReactiveController {
  /** The engine, once loaded. */
  value: Engine | null = null;
  /** A localised message when loading failed. */
  error = '';
  private pending: Promise<Engine | null> | null = null;
  private requested: Engine | undefined;

  /** `own()` returns the host's `engine` property (undefined: use the shared engine). */
  constructor(private readonly host: ReactiveControllerHost, private readonly own: () => Engine | undefined) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.get();
  }

  /** Follows a change of the host's `engine` property before each update. */
  hostUpdate(): void {
    if (this.own() !== this.requested) {
      this.value = null;
      this.error = '';
      this.pending = null;
      void this.get();
    }
  }

  /** Resolves to the engine, or null (with `error` set) if it failed to load. */
  get(): Promise<Engine | null> {
    this.pending ??= (async () => {
      const want = this.own();
      this.requested = want;
      let got: Engine | null = null;
      let error = '';
      try {
        got = await (want ?? getEngine());
      } catch (e) {
        error = t('plot.engineFailed', { error: String(e) });
      }
      if (this.requested !== want) return this.get(); // the property changed while loading
      this.value = got;
      this.error = error;
      this.host.requestUpdate();
      return got;
    })();
    return this.pending;
  }
}
