// engine.loadNetwork(json), the reading half: the saved JSON (or its text) checked field by field, and
// the formula activations it carries defined, before network.ts builds the network and restores it.
import { checkInt, describe } from './errors.js';
import { type ActivationRegistry, normalizeDefinition } from './formula.js';
import type { Limits } from './limits.js';
import { normalizeSpec, plainObject } from './network-spec.js';
import { FORMAT, type NetworkJSON, type NormalizedSpec } from './network-types.js';

/** Defines the formula activations a network's JSON carries; RangeError where this engine has a different one. */
function defineCarried(registry: ActivationRegistry, defs: unknown): void {
  if (defs === undefined) return;
  if (!Array.isArray(defs)) throw new TypeError(`loadNetwork: activations must be an array of definitions, got ${describe(defs)}`);
  const fn = (i: number) => `loadNetwork: activations[${i}]`;
  const wanted = defs.map((d, i) => normalizeDefinition(d, fn(i)));
  wanted.forEach((d, i) => {
    const have = registry.defined.find((e) => e.name === d.name);
    if (have && JSON.stringify(registry.definition(have)) !== JSON.stringify(d))
      throw new RangeError(`${fn(i)}: this engine already defines "${d.name}" differently (formula "${have.source}"); ` +
                           'define the saved one under another name or load into a fresh engine');
  });
  wanted.forEach((d, i) => registry.define(d, fn(i)));
}

/** The JSON of engine.loadNetwork checked whole (its activations defined), with its spec normalized. */
export function readNetworkJSON(registry: ActivationRegistry, json: unknown, limits: Limits): { json: NetworkJSON; spec: NormalizedSpec } {
  let data = json;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch (e) {
      throw new TypeError(`loadNetwork: json is not valid JSON (${(e as Error).message})`);
    }
  }
  const j = plainObject(data, 'loadNetwork: json', ['format', 'version', 'spec', 'layers', 'optimizer', 'epoch', 'rng', 'activations']);
  if (j.format !== FORMAT) throw new TypeError(`loadNetwork: format must be "${FORMAT}", got ${describe(j.format)}`);
  if (j.version !== 1) throw new RangeError(`loadNetwork: version must be 1, got ${describe(j.version)}`);
  defineCarried(registry, j.activations);
  const spec = normalizeSpec(j.spec, registry.all, 'loadNetwork: spec.', limits);
  const o = plainObject(j.optimizer, 'loadNetwork: optimizer', ['steps', 'm', 'v']);
  checkInt(o.steps, 'loadNetwork: optimizer.steps', 0, Number.MAX_SAFE_INTEGER);
  checkInt(j.epoch, 'loadNetwork: epoch', 0, Number.MAX_SAFE_INTEGER);
  if (!Array.isArray(j.rng) || j.rng.length !== 4)
    throw new TypeError(`loadNetwork: rng must be an array of 4 unsigned 32-bit integers, got ${describe(j.rng)}`);
  j.rng.forEach((v, i) => checkInt(v, `loadNetwork: rng[${i}]`, 0, 0xffffffff));
  if ((j.rng[3] as number) % 2 !== 1) throw new RangeError('loadNetwork: rng[3] must be odd (a PCG increment is odd)');
  return { json: j as unknown as NetworkJSON, spec };
}
