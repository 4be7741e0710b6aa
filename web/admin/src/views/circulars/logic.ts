// The pure parts of the 通报考核 pages: the wizard's period code, the rule editor's checks (the same limits and
// field names as the server's validate_rule_set, so local and server errors show in the same places), and
// small text helpers. Tested in logic.test.ts.
import type { KindRules, RuleSet, ShortlistConfig } from '@/api/circulars'
import { periodCode, type PeriodKind } from '@/api/quota'
import { thisYear as serverYear, today } from '@/utils/serverClock'

export interface PeriodPick {
  kind: PeriodKind
  year: number
  month: number // 1..12
  quarter: number // 1..4
}

// The period code the server expects: month "2020-06", quarter "2020-Q2", year "2020".
export function circularPeriod(p: PeriodPick): string {
  return periodCode(p.kind, p.year, p.kind === 'month' ? p.month : p.kind === 'quarter' ? p.quarter : 0)
}

// The year a page opens on: this year, or the latest year of the town's catalogue when that is earlier (a
// town that has not entered this year's plan yet, or the demo town of 2020). `catalogue` is GET
// /projects/years; null when it could not be read. `thisYear` is the server's, in Asia/Shanghai.
export function workYear(catalogue: { years: number[]; current: number } | null, thisYear: number = serverYear()): number {
  const ok = catalogue && Array.isArray(catalogue.years) && catalogue.years.length > 0 && Number.isInteger(catalogue.current)
  return ok && catalogue.current < thisYear ? catalogue.current : thisYear
}

// Year options: `count` years down from `top`, plus any of `also` outside that range, newest first.
export function yearOptions(top: number, count: number, also: number[] = []): number[] {
  const all = new Set(Array.from({ length: count }, (_, i) => top - i))
  for (const y of also) all.add(y)
  return [...all].sort((a, b) => b - a)
}

// The default pick: the month before the day "YYYY-MM-DD" (by default the server's today in Asia/Shanghai), as a
// monthly circular reports on the month just closed.
export function defaultPick(day: string = today()): PeriodPick {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7))
  const year = m === 1 ? y - 1 : y
  const month = m === 1 ? 12 : m - 1
  return { kind: 'month', year, month, quarter: Math.ceil(month / 3) }
}

// A period code back into a pick (for a draft reopened in the wizard); null when it does not parse.
export function pickOf(code: string, fallback: PeriodPick = defaultPick()): PeriodPick | null {
  let m = /^(\d{4})-(\d{2})$/.exec(code)
  if (m && +m[2] >= 1 && +m[2] <= 12) return { ...fallback, kind: 'month', year: +m[1], month: +m[2], quarter: Math.ceil(+m[2] / 3) }
  m = /^(\d{4})-Q([1-4])$/.exec(code)
  if (m) return { ...fallback, kind: 'quarter', year: +m[1], quarter: +m[2] }
  m = /^(\d{4})$/.exec(code)
  if (m) return { ...fallback, kind: 'year', year: +m[1] }
  return null
}

// ---- points ----

// "12", "12.5", "-0.5"-free: non-negative, at most one decimal.
const POINTS = /^\d{1,4}(\.\d)?$/

// Tenths of a decimal string with at most one decimal; null otherwise.
export function tenths(s: string | null | undefined): number | null {
  const v = (s ?? '').trim()
  if (!POINTS.test(v)) return null
  const [i, d = '0'] = v.split('.')
  return Number(i) * 10 + Number(d)
}

// Normalises a valid value to one decimal ("2" → "2.0"); other text as it is.
export function normPoints(s: string): string {
  const t = tenths(s)
  return t === null ? s.trim() : `${Math.floor(t / 10)}.${t % 10}`
}

export const POINT_FIELDS = ['met', 'extra', 'extraCap', 'county', 'city', 'province', 'missed'] as const
export type PointField = (typeof POINT_FIELDS)[number]

export type Messages = {
  points: string // 0–100, one decimal
  cap: string // 0–1000, one decimal, or empty
  misses: string // 0–12 whole
}

// Field errors of a rule set, keyed like the server's ("rules.kinds[0].met", "rules.monthCap"); empty when valid.
export function validateRules(rules: RuleSet, msg: Messages): Record<string, string> {
  const out: Record<string, string> = {}
  rules.kinds.forEach((k: KindRules, i) => {
    for (const f of POINT_FIELDS) {
      const v = k[f]
      if (f === 'extraCap' && (v === null || v === '')) continue
      const t = tenths(v)
      if (t === null || t > 1000) out[`rules.kinds[${i}].${f}`] = msg.points
    }
    const z = Number(k.zeroOutMisses)
    if (!Number.isInteger(z) || z < 0 || z > 12) out[`rules.kinds[${i}].zeroOutMisses`] = msg.misses
  })
  for (const f of ['monthCap', 'yearCap'] as const) {
    const v = rules[f]
    if (v === null || v === '') continue
    const t = tenths(v)
    if (t === null || t > 10000) out[`rules.${f}`] = msg.cap
  }
  return out
}

// The rule set as sent: points normalised to one decimal, empty caps as null.
export function normalizeRules(rules: RuleSet): RuleSet {
  const cap = (v: string | null) => (v === null || v.trim() === '' ? null : normPoints(v))
  return {
    monthCap: cap(rules.monthCap),
    yearCap: cap(rules.yearCap),
    adoptionHighestOnly: !!rules.adoptionHighestOnly,
    kinds: rules.kinds.map((k) => ({
      kind: k.kind,
      met: normPoints(k.met),
      extra: normPoints(k.extra),
      extraCap: cap(k.extraCap),
      county: normPoints(k.county),
      city: normPoints(k.city),
      province: normPoints(k.province),
      missed: normPoints(k.missed),
      zeroOutMisses: Number(k.zeroOutMisses),
    })),
  }
}

// A server field name into the editor's key: "kinds[0].met" and "rules.kinds[0].met" both → "rules.kinds[0].met".
export function ruleFieldKey(field: string): string {
  return field.startsWith('rules.') || field === 'rules' ? field : `rules.${field}`
}

// The shortlist config as sent: empty thresholds as null, topN a whole number or null.
export function normalizeShortlist(c: ShortlistConfig): ShortlistConfig {
  const val = (v: string | null | undefined) => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim())
  const n = c.topN === null || c.topN === undefined || String(c.topN) === '' ? null : Number(c.topN)
  return { minTotal: val(c.minTotal), topN: n, conditions: c.conditions.filter((x) => x.code).map((x) => ({ code: x.code, min: val(x.min), max: val(x.max) })) }
}

// Prose paragraphs: separated by blank lines (a single line break stays inside the paragraph).
export function paragraphs(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
}

// A rank as shown: "—" for a unit left out of the ranking (null or 0: nothing owed in the period).
export function rankText(rank: number | null | undefined): string {
  return rank ? String(rank) : '—'
}

// "12.5" → 12.5 for the chart; NaN-safe (0).
export function points(s: string | null | undefined): number {
  const n = Number(s)
  return Number.isFinite(n) ? n : 0
}

// The chart's accessible summary: "民生镇各单位2020年度考核得分：A 12.5 分，B 10.0 分…" (first `max` units).
export function chartSummary(rows: { unitName: string; total: string }[], lead: string, unit: string, max = 10): string {
  const parts = rows.slice(0, max).map((r) => `${r.unitName} ${r.total} ${unit}`)
  return `${lead}${parts.join('，')}${rows.length > max ? '……' : ''}`
}
