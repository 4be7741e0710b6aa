import { describe, expect, it } from 'vitest'
import type { RuleSet } from '@/api/circulars'
import { barOption, chartHeight } from './chartOption'
import { chartSummary, circularPeriod, defaultPick, normalizeRules, normalizeShortlist, normPoints, paragraphs, pickOf, ruleFieldKey, tenths, validateRules, workYear, yearOptions } from './logic'

const MSG = { points: 'P', cap: 'C', misses: 'M' }
const kind = (over: Record<string, unknown> = {}) => ({ kind: 'news', met: '2.0', extra: '0.5', extraCap: '2.0', county: '1.0', city: '2.0', province: '4.0', missed: '1.0', zeroOutMisses: 3, ...over })
const rules = (over: Partial<RuleSet> = {}, kinds = [kind()]): RuleSet => ({ monthCap: '10.0', yearCap: '100.0', adoptionHighestOnly: true, kinds: kinds as RuleSet['kinds'], ...over })

describe('the wizard period code', () => {
  it('builds month, quarter and year codes', () => {
    expect(circularPeriod({ kind: 'month', year: 2020, month: 6, quarter: 2 })).toBe('2020-06')
    expect(circularPeriod({ kind: 'month', year: 2020, month: 12, quarter: 4 })).toBe('2020-12')
    expect(circularPeriod({ kind: 'quarter', year: 2020, month: 6, quarter: 2 })).toBe('2020-Q2')
    expect(circularPeriod({ kind: 'year', year: 2020, month: 6, quarter: 2 })).toBe('2020')
  })
  it('defaults to the month just closed, across a new year', () => {
    expect(circularPeriod(defaultPick('2026-11-28'))).toBe('2026-10')
    expect(circularPeriod(defaultPick('2027-01-03'))).toBe('2026-12')
    expect(defaultPick('2026-07-01').quarter).toBe(2)
  })
  it('reads a draft period back into the picker', () => {
    const base = defaultPick('2026-11-28')
    for (const code of ['2020-06', '2020-Q2', '2020', '2019-12', '2021-Q4']) expect(circularPeriod(pickOf(code, base)!)).toBe(code)
    expect(pickOf('2020-13', base)).toBeNull()
    expect(pickOf('2020-Q5', base)).toBeNull()
    expect(pickOf('June', base)).toBeNull()
  })
})

describe('the year a page opens on', () => {
  const thisYear = 2026
  it('is this year unless the catalogue ends earlier', () => {
    expect(workYear({ years: [2026, 2025], current: 2026 }, thisYear)).toBe(2026)
    expect(workYear({ years: [2020], current: 2020 }, thisYear)).toBe(2020)
    expect(workYear({ years: [], current: 2026 }, thisYear)).toBe(2026)
    expect(workYear(null, thisYear)).toBe(2026)
    expect(workYear({ years: [2027], current: 2027 }, thisYear)).toBe(2026)
    expect(workYear({ rows: [] } as unknown as { years: number[]; current: number }, thisYear)).toBe(2026)
  })
  it('offers the recent years and the chosen one', () => {
    expect(yearOptions(2026, 3)).toEqual([2026, 2025, 2024])
    expect(yearOptions(2026, 3, [2020, 2025])).toEqual([2026, 2025, 2024, 2020])
  })
})

describe('the rule editor checks', () => {
  it('reads one-decimal points as tenths', () => {
    expect(tenths('12.5')).toBe(125)
    expect(tenths('2')).toBe(20)
    expect(tenths(' 0.0 ')).toBe(0)
    for (const bad of ['0.25', '-1', '', '.5', '1.', '1,5', 'abc', '1e2', null]) expect(tenths(bad)).toBeNull()
    expect(normPoints('2')).toBe('2.0')
    expect(normPoints('12.5')).toBe('12.5')
    expect(normPoints('x')).toBe('x')
  })
  it('accepts the default rules', () => {
    expect(validateRules(rules(), MSG)).toEqual({})
    expect(validateRules(rules({ monthCap: null, yearCap: '' }, [kind({ extraCap: '' }), kind({ kind: 'voice', extraCap: null, zeroOutMisses: 0 })]), MSG)).toEqual({})
  })
  it('names each bad field as the server does', () => {
    const bad = rules({ monthCap: '10.55', yearCap: '1000.1' }, [kind(), kind({ kind: 'photo_story', met: '0.25', city: '100.1', missed: '', extraCap: 'x', zeroOutMisses: 13 })])
    expect(validateRules(bad, MSG)).toEqual({
      'rules.kinds[1].met': 'P',
      'rules.kinds[1].city': 'P',
      'rules.kinds[1].missed': 'P',
      'rules.kinds[1].extraCap': 'P',
      'rules.kinds[1].zeroOutMisses': 'M',
      'rules.monthCap': 'C',
      'rules.yearCap': 'C',
    })
    expect(validateRules(rules({}, [kind({ met: '100.0', zeroOutMisses: 12 })]), MSG)).toEqual({})
    expect(validateRules(rules({}, [kind({ zeroOutMisses: 1.5 })]), MSG)).toEqual({ 'rules.kinds[0].zeroOutMisses': 'M' })
  })
  it('sends one decimal and null caps', () => {
    const out = normalizeRules(rules({ monthCap: ' ', yearCap: '100' }, [kind({ met: '2', extraCap: '', zeroOutMisses: '3' as unknown as number })]))
    expect(out).toEqual({ monthCap: null, yearCap: '100.0', adoptionHighestOnly: true, kinds: [{ kind: 'news', met: '2.0', extra: '0.5', extraCap: null, county: '1.0', city: '2.0', province: '4.0', missed: '1.0', zeroOutMisses: 3 }] })
  })
  it('maps server field names onto the editor', () => {
    expect(ruleFieldKey('kinds[0].met')).toBe('rules.kinds[0].met')
    expect(ruleFieldKey('rules.kinds[0].met')).toBe('rules.kinds[0].met')
    expect(ruleFieldKey('rules')).toBe('rules')
  })
  it('cleans the shortlist thresholds', () => {
    expect(normalizeShortlist({ minTotal: '', topN: null, conditions: [{ code: 'submissions.zero_months', min: '', max: '0' }, { code: '', min: '1', max: '' }] })).toEqual({
      minTotal: null,
      topN: null,
      conditions: [{ code: 'submissions.zero_months', min: null, max: '0' }],
    })
    expect(normalizeShortlist({ minTotal: ' 20.0 ', topN: 5, conditions: [] })).toEqual({ minTotal: '20.0', topN: 5, conditions: [] })
  })
})

describe('text and chart helpers', () => {
  it('splits prose into paragraphs on blank lines', () => {
    expect(paragraphs('一段\n\n二段\n续\n\n\n')).toEqual(['一段', '二段\n续'])
    expect(paragraphs(undefined)).toEqual([])
  })
  it('builds a best-on-top bar chart with an accessible description', () => {
    const rows = [{ unitName: '甲', total: '12.5' }, { unitName: '乙', total: '8.0' }, { unitName: '丙', total: '-1.0' }]
    const o = barOption(rows, { seriesName: '合计', description: 'D' })
    expect(o.yAxis.data).toEqual(['丙', '乙', '甲'])
    expect(o.series[0].data).toEqual([-1, 8, 12.5])
    expect(o.aria).toEqual({ enabled: true, label: { description: 'D' } })
    expect(chartSummary(rows, '按总分：', '分', 2)).toBe('按总分：甲 12.5 分，乙 8.0 分……')
    expect(chartHeight(1)).toBe(160)
    expect(chartHeight(30)).toBe(880)
  })
})
