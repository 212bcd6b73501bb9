// Short forms for console.log and util.inspect in Node (the symbol Node reads; Deno and Bun read it too).
// Without them, logging an engine or an activation prints every field, the whole Emscripten module and
// its heap views among them (over 300 lines); the short form names what a user looks at.
const CUSTOM = Symbol.for('nodejs.util.inspect.custom');

/** A field's value as shown: numbers and booleans as they are, strings without quotes (already formatted);
 *  undefined leaves the field out. */
type Shown = string | number | boolean | undefined;

/**
 * Makes `inspect(x)` of every instance of `cls` print `Name { key: value, ... }` with the entries `show`
 * returns (a string instead: printed after the name, e.g. "disposed").
 */
export function inspectAs<T extends object>(cls: { prototype: T; name: string }, show: (self: T) => Record<string, Shown> | string): void {
  Object.defineProperty(cls.prototype, CUSTOM, {
    value(this: T) {
      const s = show(this);
      const body = typeof s === 'string' ? s : Object.entries(s).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${v}`).join(', ');
      return `${cls.name} { ${body} }`;
    },
    writable: true,
    configurable: true,
  });
}

/** Parameters as `{ alpha: 0.5 }` (or "none"). */
export function showParams(params: Readonly<Record<string, number | undefined>>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined);
  return entries.length ? `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }` : '{}';
}
