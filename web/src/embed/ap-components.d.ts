// Types of the embed bundle (activation-playground/components). Importing the module defines every
// <ap-*> custom element, each loaded when its tag first appears; these are the functions it exports.
import type { Engine } from '../index.js';

/** The page's one engine, shared by every element (created on first use). */
export declare function getEngine(): Promise<Engine>;
/** Makes every element use this engine (call it in the module that imports this one). */
export declare function provideEngine(engine: Engine | Promise<Engine>): void;
/** Switches the elements' language: "en" or "zh" (Simplified Chinese). */
export declare function setLang(lang: 'en' | 'zh'): void;
/** Every tag the bundle defines. */
export declare const TAGS: readonly string[];
/** Loads a tag's code now; resolves to its class once defined. RangeError for a tag the bundle lacks. */
export declare function loadElement(tag: string): Promise<CustomElementConstructor>;
/** Loads every ap-* tag in `root` and those added to it later (for a shadow root of the page's own). */
export declare function observeElements(root?: Document | ShadowRoot): () => void;
