import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { http } from '@/api/http'
import { forgetServerTime, learnServerTime, now, shanghaiDateTime, shanghaiParts, thisYear, today } from './serverClock'

// The device clock is set wrong on purpose; the server's Date header must win, in any TZ of the machine.
describe('the server clock', () => {
  beforeEach(() => {
    vi.setSystemTime(new Date('2020-03-01T00:00:00Z')) // a device years behind
  })
  afterEach(() => {
    forgetServerTime()
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('uses the device clock until a server answer is seen', () => {
    expect(today()).toBe('2020-03-01')
    expect(thisYear()).toBe(2020)
  })

  it('takes today and the year from the Date header, in Asia/Shanghai', () => {
    learnServerTime('Thu, 31 Dec 2026 16:30:00 GMT') // 2027-01-01 00:30 in Shanghai
    expect(today()).toBe('2027-01-01')
    expect(thisYear()).toBe(2027)
    expect(shanghaiParts()).toMatchObject({ year: 2027, month: 1, day: 1, hour: 0, minute: 30 })
    expect(Math.abs(now().getTime() - Date.parse('2026-12-31T16:30:00.500Z'))).toBeLessThan(1000)
    vi.setSystemTime(new Date('2020-03-01T08:00:00Z')) // the device moves on 8 hours; so does the server's time
    expect(shanghaiDateTime(now())).toBe('2027-01-01 08:30:00')
  })

  it('ignores a missing or unreadable header and the second-level jitter of the next ones', () => {
    learnServerTime(null)
    learnServerTime('')
    learnServerTime('yesterday')
    expect(today()).toBe('2020-03-01')
    learnServerTime('Tue, 29 Feb 2028 04:00:00 GMT')
    const first = now().getTime()
    learnServerTime('Tue, 29 Feb 2028 04:00:01 GMT') // the next answer, a second later by the server's clock
    expect(now().getTime()).toBe(first)
    expect(today()).toBe('2028-02-29')
  })

  it('follows the server when its clock is corrected', () => {
    learnServerTime('Tue, 29 Feb 2028 04:00:00 GMT')
    learnServerTime('Fri, 15 Jun 2035 02:00:00 GMT')
    expect(today()).toBe('2035-06-15')
  })

  it('formats instants in Shanghai whatever the machine time zone', () => {
    expect(today(new Date('2026-11-30T15:59:00Z'))).toBe('2026-11-30')
    expect(today(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01')
    expect(shanghaiDateTime(new Date('2027-01-01T00:10:00Z'))).toBe('2027-01-01 08:10:00')
    expect(thisYear(new Date('2028-12-31T16:00:00Z'))).toBe(2029)
  })

  it('is set by the API client from every answer, errors included', async () => {
    const answer = (status: number, date: string) => new Response(status === 200 ? '{}' : '{"error":{"code":"NotFound","message":"x"}}', { status, headers: { date } })
    const fetchMock = vi.fn(async () => answer(200, 'Fri, 15 Jun 2035 02:00:00 GMT'))
    vi.stubGlobal('fetch', fetchMock)
    await http.get('/api/v1/me')
    expect(today()).toBe('2035-06-15')
    fetchMock.mockImplementationOnce(async () => answer(404, 'Fri, 31 Dec 2027 16:30:00 GMT'))
    await expect(http.get('/api/v1/x', undefined, { silent: true })).rejects.toThrow()
    expect(today()).toBe('2028-01-01')
  })
})
