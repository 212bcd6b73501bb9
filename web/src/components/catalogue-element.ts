// Base class of the components that show a set of catalogue activations with parameters
// (ap-param-sliders, ap-property-table): the shared attributes, the engine and re-rendering on
// language change.
import { LitElement, type PropertyDeclarations } from 'lit';

import type { Engine } from '../engine/index.js';
import { EngineController } from './engine-controller.js';
import { LangController } from './i18n-controller.js';

export class CatalogueElement extends LitElement {
  static properties: PropertyDeclarations = {
    activations: { type: String },
    params: { type: String },
    colours: { attribute: false },
    engine: { attribute: false },
    revision: { attribute: false },
  };

  /** Comma list of catalogue names. */
  declare activations: string;
  /** Parameters, e.g. "swish.beta=1.5,elu.alpha=0.5" (catalogue defaults for the rest). */
  declare params: string;
  /** Optional swatch colour per activation name (to match a plot). */
  declare colours: Record<string, string>;
  /** The engine; the page's shared one when not set. */
  declare engine: Engine | undefined;
  /** Bump after redefining an activation of the same name (engine.defineActivation) to re-render. */
  declare revision: number;
  protected readonly eng = new EngineController(this, () => this.engine);

  constructor() {
    super();
    new LangController(this);
    this.activations = '';
    this.params = '';
    this.colours = {};
    this.engine = undefined;
    this.revision = 0;
  }
}
