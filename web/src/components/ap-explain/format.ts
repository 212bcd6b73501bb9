// How explain mode prints a number (the panel, the diagram's neuron badges and link tips).

/** 4 significant digits; exponent form for the very small and the very large. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}
