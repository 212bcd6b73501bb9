// Attribute parsing for the lesson components. Every parser throws a RangeError whose message names the
// attribute, so a bad attribute becomes an inline error in the element instead of an exception on the page.

/** A finite number in [min, max]; `fallback` when the attribute is absent. */
export function numberAttr(name: string, raw: string | null, fallback: number, min = -Infinity, max = Infinity): number {
  if (raw === null || raw.trim() === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max)
    throw new RangeError(`${name}="${raw}": expected a number in [${min}, ${max}]`);
  return v;
}

/** An integer in [min, max]; `fallback` when the attribute is absent. */
export function intAttr(name: string, raw: string | null, fallback: number, min: number, max: number): number {
  const v = numberAttr(name, raw, fallback, min, max);
  if (!Number.isInteger(v)) throw new RangeError(`${name}="${raw}": expected an integer in [${min}, ${max}]`);
  return v;
}

/** A comma-separated list of numbers, with a required length range. */
export function numberListAttr(name: string, raw: string | null, fallback: number[], minLen: number, maxLen: number,
                               min = -Infinity, max = Infinity): number[] {
  if (raw === null || raw.trim() === '') return fallback;
  const parts = raw.split(',').map((s) => s.trim());
  const vals = parts.map(Number);
  if (parts.length < minLen || parts.length > maxLen || parts.some((s) => s === '') ||
      vals.some((v) => !Number.isFinite(v) || v < min || v > max))
    throw new RangeError(`${name}="${raw}": expected ${minLen === maxLen ? minLen : `${minLen} to ${maxLen}`} ` +
                         `comma-separated numbers in [${min}, ${max}]`);
  return vals;
}

/** Hidden layer sizes such as "8,8": each an integer in [1, maxUnits], at most maxLayers of them. */
export function layersAttr(name: string, raw: string | null, fallback: number[], maxLayers = 16, maxUnits = 32): number[] {
  const v = numberListAttr(name, raw, fallback, 1, maxLayers, 1, maxUnits);
  if (v.some((n) => !Number.isInteger(n))) throw new RangeError(`${name}="${raw}": layer sizes must be integers`);
  return v;
}

/** One of a fixed set of words. */
export function choiceAttr<T extends string>(name: string, raw: string | null, fallback: T, allowed: readonly T[]): T {
  if (raw === null || raw.trim() === '') return fallback;
  const v = raw.trim() as T;
  if (!allowed.includes(v)) throw new RangeError(`${name}="${raw}": expected one of ${allowed.join(', ')}`);
  return v;
}

/** A comma-separated list of activation names, each checked against the engine's catalogue. */
export function activationsAttr(name: string, raw: string | null, fallback: string[], catalogue: readonly string[],
                                minLen: number, maxLen: number): string[] {
  if (raw === null || raw.trim() === '') return fallback;
  const v = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (v.length < minLen || v.length > maxLen)
    throw new RangeError(`${name}="${raw}": expected ${minLen} to ${maxLen} activation names`);
  const bad = v.find((a) => !catalogue.includes(a));
  if (bad !== undefined) throw new RangeError(`${name}: unknown activation "${bad}"`);
  return v;
}
