// 报送台账 and 报送规则 (issue 5): the quota ledger (computed by the server from the records), the year's quota
// rules and the town's submission settings.
import { http } from './http'
import type { Kind } from './submissions'

export const PERIODS = ['month', 'quarter', 'year'] as const
export const RULE_UNITS = ['lead_departments', 'engineering_departments', 'office', 'list'] as const
export const COUNTS = ['submitted', 'approved', 'published'] as const
export type PeriodKind = (typeof PERIODS)[number]
export type RuleUnits = (typeof RULE_UNITS)[number]
export type Counts = (typeof COUNTS)[number]

export interface LedgerRow {
  unitId: number
  unitName: string
  kind: Kind
  kindLabel: string
  period: string // the rule's period inside the asked one, e.g. "2020-06"
  dueDate: string // YYYY-MM-DD
  owed: number
  submitted: number
  approved: number
  published: number
  adopted: number
  counted: number
  late: number
  missing: number
  overdue: boolean
  daysLeft: number
}

export interface Ledger {
  period: string
  today: string
  rows: LedgerRow[]
}

export interface QuotaRule {
  id?: number
  kind: Kind
  units: RuleUnits
  unitIds: number[]
  count: number
  period: PeriodKind
  dueDay: string // month/quarter: "20"; year: "12-15"
  counts: Counts
}

export interface QuotaRules {
  year: number
  isDefault: boolean
  rules: QuotaRule[]
}

export interface SubmissionSettings {
  secondLevel: boolean
  pairDistanceM: number
  reminderDays: number
  bannedWords: string[]
}

// period: "2020-06" | "2020-Q2" | "2020"; none: this month.
export const getLedger = (q: { unitId?: number | null; period?: string } = {}) =>
  http.get<Ledger>('/api/v1/quota-ledger', { unitId: q.unitId, period: q.period }).then((l) => ({ ...l, rows: l.rows ?? [] }))
export const getQuotaRules = (year?: number) => http.get<QuotaRules>('/api/v1/quota-rules', { year })
export const saveQuotaRules = (year: number, rules: QuotaRule[]) => http.put<QuotaRules>('/api/v1/quota-rules', { year, rules }, { form: true })
export const getSettings = () => http.get<SubmissionSettings>('/api/v1/submission-settings')
export const saveSettings = (s: SubmissionSettings) => http.put<SubmissionSettings>('/api/v1/submission-settings', s, { form: true })

// The period code of a picker value: month "2020-06", quarter "2020-Q2", year "2020".
export function periodCode(kind: PeriodKind, year: number, index = 1): string {
  if (kind === 'month') return `${year}-${String(index).padStart(2, '0')}`
  if (kind === 'quarter') return `${year}-Q${index}`
  return String(year)
}

// The other way round; null for anything else.
export function parsePeriod(code: string): { kind: PeriodKind; year: number; index: number } | null {
  let m = /^(\d{4})-(\d{2})$/.exec(code)
  if (m && +m[2] >= 1 && +m[2] <= 12) return { kind: 'month', year: +m[1], index: +m[2] }
  m = /^(\d{4})-Q([1-4])$/.exec(code)
  if (m) return { kind: 'quarter', year: +m[1], index: +m[2] }
  m = /^(\d{4})$/.exec(code)
  if (m) return { kind: 'year', year: +m[1], index: 0 }
  return null
}
