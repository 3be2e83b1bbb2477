/** A calendar date written `YYYY-MM-DD`, with no time and so no time zone to get wrong. */
export type IsoDate = string;

/** True only for real calendar dates: `2026-02-30` matches the shape but is rejected. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
