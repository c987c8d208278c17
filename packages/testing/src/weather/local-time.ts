/**
 * Time-zone arithmetic for the weather fakes, on the platform's own IANA database (Intl), so
 * offsets and daylight saving match what the real services report.
 */

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the platform knows this IANA zone name. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0) return false;
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const offsets = new Map<string, number>();

/** The zone's offset from UTC at an instant, in seconds (Berlin in winter: 3600). */
export function utcOffsetSeconds(timeZone: string, atMs: number): number {
  // Offsets only change on a quarter hour (UTC) in every zone, so one lookup serves the whole quarter.
  const key = `${timeZone}|${Math.floor(atMs / 900_000)}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(atMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  const offset = Math.round((asUtc - Math.floor(atMs / 1000) * 1000) / 1000);
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** The zone's short name at an instant as English speakers see it ("EST", "GMT+1"). */
export function timeZoneAbbreviation(timeZone: string, atMs: number): string {
  if (timeZone === 'GMT') return 'GMT';
  let formatter = nameFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' });
    nameFormatters.set(timeZone, formatter);
  }
  return formatter.formatToParts(new Date(atMs)).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
}

/** `2026-11-23T15:00` for the wall-clock time `offsetSeconds` away from UTC (Open-Meteo's style). */
export function localMinutes(atMs: number, offsetSeconds: number): string {
  return new Date(atMs + offsetSeconds * 1000).toISOString().slice(0, 16);
}

/** `2026-11-23` for the local date `offsetSeconds` away from UTC. */
export function localDate(atMs: number, offsetSeconds: number): string {
  return new Date(atMs + offsetSeconds * 1000).toISOString().slice(0, 10);
}

/** `2026-11-23T15:00:00-06:00`: local time with the zone's offset at that instant (the NWS style). */
export function isoWithOffset(atMs: number, timeZone: string): string {
  const offset = utcOffsetSeconds(timeZone, atMs);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  return `${new Date(atMs + offset * 1000).toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

/** Local hour of day (0–23) and weekday name in a zone at an instant. */
export function localClock(atMs: number, timeZone: string): { hour: number; weekday: string } {
  const shifted = new Date(atMs + utcOffsetSeconds(timeZone, atMs) * 1000);
  const weekday = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][shifted.getUTCDay()] ?? 'Sunday';
  return { hour: shifted.getUTCHours(), weekday };
}
