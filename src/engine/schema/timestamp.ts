// RFC 3339 timestamps, stored normalised to UTC `YYYY-MM-DDTHH:mm:ss.sssZ` so that string order is
// time order (indexes and range queries compare the stored strings).

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Parses an RFC 3339 date-time and returns it normalised to UTC with millisecond precision, or null
 * when it is not a valid RFC 3339 date-time. Fractions beyond milliseconds are truncated (never
 * rounded, so normalising keeps the order). Leap seconds (:60) and instants outside years 0000-9999
 * UTC are rejected because they cannot be stored in the fixed-width form.
 */
export function normaliseTimestamp(text: string): string | null {
  if (isCanonicalUtc(text)) return text;
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const millis = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const offH = Number(m[10]);
    const offM = Number(m[11]);
    if (offH > 23 || offM > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  }
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offsetMinutes, second, millis);
  const utcYear = date.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) return null;
  return date.toISOString();
}

/**
 * Whether `text` already is the stored form `YYYY-MM-DDTHH:mm:ss.sssZ` of a valid instant (what
 * toISOString prints for years 0000-9999): most timestamps arrive like this, and checking the
 * characters is far cheaper than the regex + Date round trip, which would return `text` unchanged.
 */
function isCanonicalUtc(text: string): boolean {
  if (text.length !== 24 || text.charCodeAt(23) !== 0x5a /* Z */) return false;
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(10) !== 0x54 /* T */) return false;
  if (text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a || text.charCodeAt(19) !== 0x2e) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  return digits(text, 20, 3) >= 0 && day <= daysInMonth(year, month);
}

/** The decimal number in text[start, start + count), or -1 unless all of them are ASCII digits. */
function digits(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2 && (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return 29;
  return DAYS_IN_MONTH[month - 1]!;
}
