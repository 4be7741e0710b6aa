import { describe, expect, it } from 'vitest'
import { formatCoord, formatTime, statusTagType, today } from './labels'

describe('project labels', () => {
  it('formats server timestamps in local time, leaves other text alone', () => {
    const local = formatTime('2021-05-06T01:02:03.456Z')
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    const d = new Date('2021-05-06T01:02:03.456Z')
    expect(local.endsWith(`:${String(d.getMinutes()).padStart(2, '0')}:03`)).toBe(true)
    expect(formatTime('2021-05-06 09:00:00')).toBe('2021-05-06 09:00:00')
    expect(formatTime(null)).toBe('')
  })
  it('gives today as YYYY-MM-DD, coordinates with 6 decimals and a tag colour per status', () => {
    expect(today(new Date(2021, 0, 5))).toBe('2021-01-05')
    expect(formatCoord(117.2909)).toBe('117.290900')
    expect(statusTagType('completed')).toBe('success')
    expect(statusTagType('planned')).toBe('info')
  })
})
