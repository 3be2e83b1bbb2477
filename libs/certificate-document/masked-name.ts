/**
 * The holder's name as it may appear in the public verification payload: the first character (the
 * surname, for most Chinese names) followed by a fixed `**`. The mask length does not follow the name
 * length, so the payload does not even reveal how long the name is; a verifier compares it with the
 * person in front of them, nothing more.
 *
 * Characters are counted by code point, not UTF-16 unit: rare name characters (生僻字) in CJK
 * Extension B and beyond are surrogate pairs, and cutting one in half would produce garbage.
 */
export function maskHolderName(fullName: string): string {
  const first = Array.from(fullName.trim())[0];
  if (first === undefined) throw new Error('maskHolderName: the name is empty');
  return `${first}**`;
}

/** True for exactly what maskHolderName produces: one visible character, then `**`. */
export function isMaskedHolderName(value: string): boolean {
  return /^[^\s*]\*\*$/u.test(value);
}
