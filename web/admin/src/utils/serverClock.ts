// The back office's clock: the server's time, read as the town reads it (Asia/Shanghai, UTC+8, no daylight
// saving), whatever the device's clock and time zone say. A phone or PC with a wrong clock must not open the
// wrong year, period or obligations, nor date a form in the future.
//
// Every API answer carries the server's `Date` header (whole seconds); the API client hands it to
// `learnServerTime`, which keeps the difference between the server's clock and the device's. `now()` is the
// device clock corrected by that difference; `today()`, `thisYear()` and `shanghaiParts()` are its calendar
// in Shanghai. Before the first answer the device clock is all there is.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000

// Server clock minus device clock, in ms.
let offsetMs = 0

// How far the corrected clock may drift from a header before the offset is learned again: a header is
// truncated to the second and was written before the answer travelled, so a small difference is noise.
const TOLERANCE_MS = 2_000

// Learns the server's time from an HTTP `Date` header (RFC 9110 IMF-fixdate) read at `receivedAt` (device
// ms). Missing or unreadable headers are ignored.
export function learnServerTime(dateHeader: string | null | undefined, receivedAt: number = Date.now()): void {
  if (!dateHeader) return
  const server = Date.parse(dateHeader)
  if (Number.isNaN(server)) return
  const middle = server + 500 // the header's second began at `server`
  if (Math.abs(receivedAt + offsetMs - middle) <= TOLERANCE_MS) return
  offsetMs = middle - receivedAt
}

// Back to the device clock (tests, and nothing learned yet).
export function forgetServerTime(): void {
  offsetMs = 0
}

// The server's current time (the device clock corrected by the last `Date` header).
export function now(): Date {
  return new Date(Date.now() + offsetMs)
}

export interface ShanghaiParts {
  year: number
  month: number // 1..12
  day: number
  hour: number
  minute: number
  second: number
}

// The calendar and wall-clock fields of an instant in Asia/Shanghai.
export function shanghaiParts(at: Date = now()): ShanghaiParts {
  const s = new Date(at.getTime() + SHANGHAI_OFFSET_MS)
  return {
    year: s.getUTCFullYear(),
    month: s.getUTCMonth() + 1,
    day: s.getUTCDate(),
    hour: s.getUTCHours(),
    minute: s.getUTCMinutes(),
    second: s.getUTCSeconds(),
  }
}

const pad = (n: number) => String(n).padStart(2, '0')

// "YYYY-MM-DD" of an instant in Asia/Shanghai (by default: the server's today).
export function today(at: Date = now()): string {
  const p = shanghaiParts(at)
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`
}

// "YYYY-MM-DD HH:mm:ss" of an instant in Asia/Shanghai.
export function shanghaiDateTime(at: Date): string {
  const p = shanghaiParts(at)
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`
}

// The year in Asia/Shanghai (by default: the server's current year).
export function thisYear(at: Date = now()): number {
  return shanghaiParts(at).year
}
