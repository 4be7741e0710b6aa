import { afterAll, describe, expect, it } from 'vitest'
import { formatDay, formatTime } from './time'

// The server's instants, read in Shanghai whatever zone the device is in: the machine's zone is switched
// here (Node applies a new process.env.TZ at once), and each zone's offset is checked so the switch is real.
const machineTz = process.env.TZ

describe.each([
  { tz: 'UTC', offsetMinutes: 0 },
  { tz: 'America/Los_Angeles', offsetMinutes: 480 }, // 8 h behind UTC in January
  { tz: 'Asia/Shanghai', offsetMinutes: -480 },
])('formatTime with the device in $tz', ({ tz, offsetMinutes }) => {
  it('shows Shanghai wall time and day', () => {
    process.env.TZ = tz
    expect(new Date('2027-01-15T00:00:00Z').getTimezoneOffset()).toBe(offsetMinutes)
    // The API's format: its own offset, +08:00.
    expect(formatTime('2026-03-02T07:30:00.000+08:00')).toBe('2026-03-02 07:30:00')
    expect(formatDay('2026-03-02T07:30:00.000+08:00')).toBe('2026-03-02')
    // Other offsets of the same instant.
    expect(formatTime('2026-03-01T23:30:00.000Z')).toBe('2026-03-02 07:30:00')
    expect(formatTime('2026-03-01T15:30:00-08:00')).toBe('2026-03-02 07:30:00')
    // Year ends, leap day and a US daylight-saving change day.
    expect(formatTime('2027-01-01T00:30:05.078+08:00')).toBe('2027-01-01 00:30:05')
    expect(formatDay('2026-12-31T16:30:00Z')).toBe('2027-01-01')
    expect(formatTime('2028-02-29T04:00:00.000+08:00')).toBe('2028-02-29 04:00:00')
    expect(formatTime('2027-03-14T10:30:00Z')).toBe('2027-03-14 18:30:00')
    // Nothing, or text that is not an instant (a time without its zone), shown as it is.
    expect(formatTime(null)).toBe('')
    expect(formatTime(undefined)).toBe('')
    expect(formatTime('2021-05-06 09:00:00')).toBe('2021-05-06 09:00:00')
    expect(formatTime('2021-05-06T09:00:00')).toBe('2021-05-06T09:00:00')
    expect(formatDay('2020-06-05')).toBe('2020-06-05')
  })
})

afterAll(() => {
  if (machineTz === undefined) delete process.env.TZ
  else process.env.TZ = machineTz
})
