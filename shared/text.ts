/**
 * Clips text to `max` UTF-16 code units, the "…" included, never splitting a surrogate pair.
 * UTF-16 units because that is what every length limit in the wire schemas counts (zod's
 * `.max()` is `string.length`): a clipped text always fits the field it is clipped for.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}
