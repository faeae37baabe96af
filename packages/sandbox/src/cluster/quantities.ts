/** CPU in millicores from a quantity such as `250m`, `1` or `0.5`; undefined when not parseable. */
export function millicores(quantity: unknown): number | undefined {
  const text = String(quantity ?? '');
  if (/^\d+m$/.test(text)) return Number(text.slice(0, -1));
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  return undefined;
}
