// Types of the embed bundle (activation-playground/components). Importing the module defines every
// <ap-*> custom element; these are the functions it exports besides the element classes.
import type { Engine } from '../index.js';

/** The page's one engine, shared by every element (created on first use). */
export declare function getEngine(): Promise<Engine>;
/** Makes every element use this engine (call before the first element connects). */
export declare function provideEngine(engine: Engine | Promise<Engine>): void;
/** Switches the elements' language: "en" or "zh" (Simplified Chinese). */
export declare function setLang(lang: 'en' | 'zh'): void;
