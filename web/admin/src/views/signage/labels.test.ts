import { describe, expect, it } from 'vitest'
import type { PrintRun, Sign } from '@/api/signage'
import { i18n } from '@/i18n'
import { defaultOf, distributedOf, formatDistance, formatExifTime, normalizePhone, phoneHintKey, phoneKind, printTotals, remainingOf, signStateType, sinceStartLabel, toOverrides, warningText } from './labels'

const run = (over: Partial<PrintRun>): PrintRun => ({ id: 1, kind: 'leaflet', projectId: 5, leafletVersion: 1, copies: 0, printedOn: '2020-05-01', ...over })

describe('supervision phone hint', () => {
  it('knows mobiles and landlines as the server does', () => {
    expect(phoneKind('13912345678')).toBe('mobile')
    expect(phoneKind('19912345678')).toBe('mobile')
    expect(phoneKind('12912345678')).toBe('invalid') // 1[3-9]
    expect(phoneKind('1391234567')).toBe('invalid') // 10 digits
    expect(phoneKind('0551-12345678')).toBe('landline')
    expect(phoneKind('0551-1234567')).toBe('landline')
    expect(phoneKind('010-12345678')).toBe('landline')
    expect(phoneKind('0551-12345678-123')).toBe('landline')
    expect(phoneKind('0551-12345678转8')).toBe('landline')
    expect(phoneKind('055112345678')).toBe('landline')
    expect(phoneKind('551-12345678')).toBe('invalid')
    expect(phoneKind('0551-123456')).toBe('invalid')
    expect(phoneKind('12345')).toBe('invalid')
    expect(phoneKind('  ')).toBe('empty')
    expect(phoneKind(null)).toBe('empty')
  })
  it('reads full-width digits and dashes typed with a Chinese input method', () => {
    expect(normalizePhone('０５５１－１２３４５６７８')).toBe('0551-12345678')
    expect(phoneKind('１３９ １２３４ ５６７８')).toBe('mobile')
    expect(phoneKind('0551—12345678')).toBe('landline')
  })
  it('names a hint for every kind, in every language', () => {
    for (const v of ['', '13912345678', '0551-1234567', 'abc']) {
      const key = phoneHintKey(v)
      expect(i18n.global.te(key, 'zh-CN')).toBe(true)
      expect(i18n.global.te(key, 'en')).toBe(true)
    }
    i18n.global.locale.value = 'zh-CN'
    expect(i18n.global.t(phoneHintKey('abc'))).toContain('0551-12345678')
  })
})

describe('sign states and overrides', () => {
  it('colours the states and labels them in words', () => {
    expect(signStateType('evidenced')).toBe('success')
    expect(signStateType('draft')).toBe('warning')
    expect(signStateType('missing')).toBe('info')
    i18n.global.locale.value = 'zh-CN'
    expect(['missing', 'draft', 'evidenced'].map((s) => i18n.global.t(`signage.states.${s}`))).toEqual(['未建', '草稿', '已佐证'])
    i18n.global.locale.value = 'zh-TW'
    expect(i18n.global.t('signage.states.evidenced')).toBe('已佐證')
    i18n.global.locale.value = 'zh-CN'
  })
  it('sends null for an empty box and a normalised phone', () => {
    const form = { builder: '  民生镇人民政府 ', investment: '', buildDates: '', managerUnit: '', supervisionPhone: '０５５１－１２３４５６７８', location: '', content: '\n', contractor: '', responsible: '' }
    expect(toOverrides(form)).toEqual({ builder: '民生镇人民政府', investment: null, buildDates: null, managerUnit: null, supervisionPhone: '0551-12345678', location: null, content: null, contractor: null, responsible: null })
  })
  it('takes the project value from defaults, else from a defaulted field', () => {
    const sign = { fields: { builder: '甲', investment: '480.00万元' }, overrides: { builder: '甲', investment: null }, defaults: undefined } as unknown as Sign
    expect(defaultOf('investment', sign)).toBe('480.00万元')
    expect(defaultOf('builder', sign)).toBeNull()
    expect(defaultOf('builder', { ...sign, defaults: { builder: '镇政府' } })).toBe('镇政府')
  })
  it('shows the camera clock as it is and the server\'s remarks as text', () => {
    expect(formatExifTime('2020-05-06T14:30:00')).toBe('2020-05-06 14:30:00')
    expect(formatExifTime('2020-05-06 14:30')).toBe('2020-05-06 14:30')
    expect(formatExifTime(null)).toBe('')
    expect(formatExifTime('2020-05-06T06:30:00Z')).toMatch(/^2020-05-06 \d\d:30:00$/)
    expect(warningText({ code: 'no_exif', message: '照片没有拍摄信息' })).toBe('照片没有拍摄信息')
    expect(warningText('旧格式')).toBe('旧格式')
  })
  it('formats distances in metres and kilometres', () => {
    expect(formatDistance(0)).toBe('0 米')
    expect(formatDistance(85.4)).toBe('85 米')
    expect(formatDistance(999.4)).toBe('999 米')
    expect(formatDistance(1234)).toBe('1.2 公里')
    expect(formatDistance(15_000, { m: 'm', km: 'km' })).toBe('15.0 km')
    expect(formatDistance(null)).toBe('')
    expect(formatDistance(Number.NaN)).toBe('')
  })
})

describe('print totals', () => {
  it('adds copies printed, handed out and pupils reached', () => {
    const runs = [
      run({ id: 1, copies: 500, distributions: [{ targetKind: 'school', targetName: '中心小学', copies: 300, pupilsReached: 280, handedOn: '2020-05-02' }, { targetKind: 'window', targetName: '便民服务中心', copies: 50, handedOn: '2020-05-03' }] }),
      run({ id: 2, kind: 'poster', leafletVersion: null, copies: 20, distributed: 12 }), // the list's sum, no lines
      run({ id: 3, kind: 'sign', leafletVersion: null, copies: 1 }),
    ]
    expect(printTotals(runs)).toEqual({ runs: 3, printed: 521, distributed: 362, remaining: 159, pupils: 280 })
    expect(distributedOf(runs[0])).toBe(350)
    expect(distributedOf(runs[1])).toBe(12)
    expect(distributedOf(runs[2])).toBe(0)
    expect(remainingOf(runs[0])).toBe(150)
    expect(printTotals([])).toEqual({ runs: 0, printed: 0, distributed: 0, remaining: 0, pupils: 0 })
  })
  it('never shows a negative remainder', () => {
    expect(remainingOf(run({ copies: 5, distributed: 9 }))).toBe(0)
  })
})

describe('开工天数', () => {
  const text = (s: Pick<Sign, 'overdue' | 'daysSinceStart' | 'completedDate'>) => {
    const l = sinceStartLabel(s)
    return l ? i18n.global.t(l.key, l.values) : '—'
  }
  it('counts while the project runs', () => {
    expect(text({ overdue: false, daysSinceStart: 12, completedDate: null })).toBe('开工 12 天')
    expect(text({ overdue: true, daysSinceStart: 45 })).toBe('逾期：开工 45 天未佐证')
    expect(text({ overdue: false, daysSinceStart: null })).toBe('—')
  })
  it('shows a finished project\'s duration, not days up to today', () => {
    expect(text({ overdue: false, daysSinceStart: 42, completedDate: '2020-05-20' })).toBe('开工到竣工 42 天')
    expect(text({ overdue: true, daysSinceStart: 42, completedDate: '2020-05-20' })).toBe('逾期：2020-05-20 已竣工，未佐证')
  })
})
