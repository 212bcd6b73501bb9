// Activation parameters as text, shared by the URL hash (`params=`) and element attributes
// (`params="swish.beta=1.5,elu.alpha=0.5"`): a comma list of <activation>.<param>=<number>.

/** Parameter values per activation name, e.g. { swish: { beta: 1.5 } }. */
export type ParamSpec = Record<string, Record<string, number>>;

/** Parses "swish.beta=1.5,elu.alpha=0.5"; malformed items are skipped and described in `errors`. */
export function parseParams(text: string): { params: ParamSpec; errors: string[] } {
  const params: ParamSpec = {};
  const errors: string[] = [];
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)=([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)$/i.exec(item);
    if (!m) {
      errors.push(`"${item}" is not <activation>.<param>=<number>`);
      continue;
    }
    (params[m[1]] ??= {})[m[2]] = Number(m[3]);
  }
  return { params, errors };
}

/** The text form of a ParamSpec (inverse of {@link parseParams}); names sorted for stable links. */
export function formatParams(params: ParamSpec): string {
  return Object.keys(params).sort().flatMap((act) =>
    Object.keys(params[act]).sort().map((p) => `${act}.${p}=${+params[act][p].toPrecision(6)}`)).join(',');
}
