/**
 * Date values of range queries as Elasticsearch reads them for a `date` field with the default
 * format `strict_date_optional_time||epoch_millis`: ISO dates with any trailing part left out,
 * epoch milliseconds (number or digit string), and date math (`now-1h`, `2026-11-22||+1d/d`).
 *
 * Rounding follows ES: for `gt` and `lte` a value rounds up (`/d` is the last millisecond of the
 * day, and a date with missing parts fills them with month 01, day 01, 23:59:59.999), for `gte`
 * and `lt` it rounds down (missing parts are the start).
 */

const UNIT_MS: Record<string, number> = {
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  H: 3600_000,
  m: 60_000,
  s: 1000,
};

/** Thrown for a value that is no date; the router turns it into ES's `parse_exception`. */
export class DateParseError extends Error {
  constructor(readonly value: string) {
    super(
      `failed to parse date field [${value}] with format [strict_date_optional_time||epoch_millis]`,
    );
    this.name = 'DateParseError';
  }
}

const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Minutes east of UTC of `Z`, `+01:00`, `-0530`, `+02`; undefined for anything else. */
export function parseOffset(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'UTC') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

function parseIso(
  text: string,
  roundUp: boolean,
  offsetMinutes: number,
): number | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const part = (value: string | undefined, missing: number) =>
    value === undefined ? missing : Number(value);
  const month = part(mo, 1);
  const day = part(d, 1);
  const hour = part(h, roundUp ? 23 : 0);
  const minute = part(mi, roundUp ? 59 : 0);
  const second = part(s, roundUp ? 59 : 0);
  const missingMillis = roundUp ? 999 : 0;
  const millis =
    fraction === undefined
      ? missingMillis
      : Math.floor(Number(`0.${fraction}`) * 1000);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  const offset = zone === undefined ? offsetMinutes : parseOffset(zone);
  if (offset === undefined) return undefined;
  const utc = Date.UTC(Number(y), month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 2026-02-31 over into March; ES refuses it.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return utc - offset * 60_000;
}

/** A date without math: ISO (`strict_date_optional_time`) or epoch milliseconds. */
function parseDate(text: string, roundUp: boolean, offset: number): number {
  const iso = parseIso(text, roundUp, offset);
  if (iso !== undefined) return iso;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Math.floor(Number(text));
  throw new DateParseError(text);
}

/** Adds `amount` calendar months (or years × 12) in the zone, as java.time does. */
function addMonths(ms: number, amount: number, offset: number): number {
  const local = new Date(ms + offset * 60_000);
  const day = local.getUTCDate();
  local.setUTCDate(1);
  local.setUTCMonth(local.getUTCMonth() + amount);
  const lastDay = new Date(
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0),
  ).getUTCDate();
  local.setUTCDate(Math.min(day, lastDay));
  return local.getTime() - offset * 60_000;
}

/** The start of the unit that contains `ms`, in the zone. */
function roundDown(ms: number, unit: string, offset: number): number {
  const local = new Date(ms + offset * 60_000);
  switch (unit) {
    case 'y':
      local.setUTCMonth(0, 1);
      local.setUTCHours(0, 0, 0, 0);
      break;
    case 'M':
      local.setUTCDate(1);
      local.setUTCHours(0, 0, 0, 0);
      break;
    case 'w': {
      local.setUTCHours(0, 0, 0, 0);
      const sinceMonday = (local.getUTCDay() + 6) % 7;
      local.setUTCDate(local.getUTCDate() - sinceMonday);
      break;
    }
    case 'd':
      local.setUTCHours(0, 0, 0, 0);
      break;
    case 'h':
    case 'H':
      local.setUTCMinutes(0, 0, 0);
      break;
    case 'm':
      local.setUTCSeconds(0, 0);
      break;
    case 's':
      local.setUTCMilliseconds(0);
      break;
    default:
      throw new DateParseError(unit);
  }
  return local.getTime() - offset * 60_000;
}

function add(ms: number, amount: number, unit: string, offset: number) {
  if (unit === 'y') return addMonths(ms, amount * 12, offset);
  if (unit === 'M') return addMonths(ms, amount, offset);
  const step = UNIT_MS[unit];
  if (step === undefined) throw new DateParseError(unit);
  return ms + amount * step;
}

function applyMath(
  start: number,
  math: string,
  roundUp: boolean,
  offset: number,
  original: string,
): number {
  let time = start;
  let i = 0;
  while (i < math.length) {
    const op = math[i++];
    if (op === '/') {
      const unit = math[i++];
      if (unit === undefined) throw new DateParseError(original);
      time = roundDown(time, unit, offset);
      if (roundUp) time = add(time, 1, unit, offset) - 1;
    } else if (op === '+' || op === '-') {
      const digits = /^\d*/.exec(math.slice(i))![0];
      i += digits.length;
      const unit = math[i++];
      if (unit === undefined) throw new DateParseError(original);
      const amount = digits === '' ? 1 : Number(digits);
      time = add(time, op === '-' ? -amount : amount, unit, offset);
    } else {
      throw new DateParseError(original);
    }
  }
  return time;
}

/** Options of {@link parseDateMath}. */
export interface DateMathOptions {
  /** Round up (`gt`, `lte`) rather than down (`gte`, `lt`). */
  roundUp: boolean;
  /** What `now` is, in epoch milliseconds. */
  now: number;
  /** The range query's `time_zone` (`+01:00`, `Z`); applies to dates without a zone and rounding. */
  timeZone?: string;
}

/** The epoch milliseconds a range bound on a date field stands for. */
export function parseDateMath(
  value: unknown,
  options: DateMathOptions,
): number {
  if (typeof value === 'number') return Math.floor(value);
  const text = String(value);
  const offset =
    options.timeZone === undefined ? 0 : parseOffset(options.timeZone);
  if (offset === undefined) throw new DateParseError(text);
  try {
    if (text.startsWith('now')) {
      return applyMath(
        options.now,
        text.slice(3),
        options.roundUp,
        offset,
        text,
      );
    }
    const anchor = text.indexOf('||');
    if (anchor < 0) return parseDate(text, options.roundUp, offset);
    return applyMath(
      parseDate(text.slice(0, anchor), false, offset),
      text.slice(anchor + 2),
      options.roundUp,
      offset,
      text,
    );
  } catch (error) {
    if (error instanceof DateParseError) throw new DateParseError(text);
    throw error;
  }
}

/** The epoch milliseconds of a stored date value (ISO string or epoch millis); NaN if none. */
export function storedDate(value: unknown): number {
  try {
    return parseDateMath(value, { roundUp: false, now: 0 });
  } catch {
    return NaN;
  }
}
