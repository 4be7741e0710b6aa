import { afterEach, describe, expect, it, vi } from 'vitest'
import { achievedShown, formatCoord, formatTime, statusTagType, today } from './labels'

// Literal expectations for fixed instants: the town reads Asia/Shanghai (UTC+8), whatever the machine's TZ.
describe('project labels', () => {
  afterEach(() => {
    vi.useRealTimers()
  })
  it('formats server timestamps in Asia/Shanghai, leaves other text alone', () => {
    expect(formatTime('2021-05-06T01:02:03.456Z')).toBe('2021-05-06 09:02:03')
    expect(formatTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30:00') // New Year in Shanghai, not yet in UTC
    expect(formatTime('2028-02-28T20:00:00.000Z')).toBe('2028-02-29 04:00:00') // leap day
    expect(formatTime('2026-11-30T15:59:59Z')).toBe('2026-11-30 23:59:59')
    expect(formatTime('2026-11-30T16:00:00Z')).toBe('2026-12-01 00:00:00')
    expect(formatTime('2027-03-14T10:30:00Z')).toBe('2027-03-14 18:30:00') // a US DST change day: no effect
    expect(formatTime('2026-06-01T08:00:00+08:00')).toBe('2026-06-01 08:00:00')
    expect(formatTime('2021-05-06 09:00:00')).toBe('2021-05-06 09:00:00')
    expect(formatTime(null)).toBe('')
  })
  it('gives today as YYYY-MM-DD in Shanghai, coordinates with 6 decimals and a tag colour per status', () => {
    expect(today(new Date('2021-01-05T03:00:00Z'))).toBe('2021-01-05')
    expect(today(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31')
    expect(today(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    vi.setSystemTime(new Date('2028-02-28T17:30:00Z'))
    expect(today()).toBe('2028-02-29')
    expect(formatCoord(117.2909)).toBe('117.290900')
    expect(statusTagType('completed')).toBe('success')
    expect(statusTagType('planned')).toBe('info')
  })
})

describe('a target\'s completed amount', () => {
  it('is the recorded amount, the target once the project is finished, else unknown', () => {
    const running = { status: 'in_progress' as const, progressPct: 60 }
    expect(achievedShown({ planned: 1200, achieved: 1180 }, running)).toBe(1180)
    expect(achievedShown({ planned: 2, achieved: null }, running)).toBeNull()
    for (const done of [{ status: 'in_progress' as const, progressPct: 100 }, { status: 'completed' as const, progressPct: 95 }]) {
      expect(achievedShown({ planned: 1200, achieved: 1180 }, done)).toBe(1180) // what the data says
      expect(achievedShown({ planned: 2, achieved: null }, done)).toBe(2)
      expect(achievedShown({ planned: null, achieved: null }, done)).toBeNull()
    }
  })
})
