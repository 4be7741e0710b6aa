// 通报考核 (issue 6): circulars (通报: a frozen snapshot of a period's scores, the office's prose, a document
// number, DOCX/PDF/XLSX files), the year's score rules, the scores of a period and the annual scorecard with its
// awards shortlist. Points travel as decimal strings ("12.5"). Contract: issue 6's notes (contract6.md).
import { http, type Page, type Query } from './http'

export const SCORE_KINDS = ['news', 'photo_story', 'voice'] as const
export const FILE_FORMATS = ['docx', 'pdf', 'xlsx'] as const
export type ScoreKind = (typeof SCORE_KINDS)[number]
export type FileFormat = (typeof FILE_FORMATS)[number] | 'html'

export interface Tally {
  submitted: number
  adoptedCounty: number
  adoptedCity: number
  adoptedProvince: number
  owed: number
  done: number
  met: number
  missed: number
}

export interface BreakdownLine {
  rule: string
  label: string
  count: number
  points: string
}

export interface UnitScore {
  unitId: number
  unitName: string
  rank: number | null // competition ranking (1, 1, 1, 4); null: no obligation in the period, not ranked
  ytdRank: number | null
  periodScore: string
  ytdScore: string
  period: Tally
  ytd: Tally
  completionRate?: string | null
  flags: string[]
  zeroed: boolean
  zeroSubmissionMonths?: string[]
  breakdown?: BreakdownLine[]
  notes?: string[] // the rules that lowered the scores, in words
}

export interface Scores {
  period: string
  periodLabel: string
  asOf: string
  ruleVersion: number
  units: UnitScore[]
}

export interface Prose {
  overall: string
  good: string
  problems: string
  nextSteps: string
}

export interface Snapshot {
  asOf: string
  takenAt: string
  ruleVersion: number
  units: UnitScore[]
}

export interface CircularFile {
  format: string
  size: number
  sha256: string
}

export interface Circular {
  id: number
  townId: number
  period: string
  periodLabel: string
  state: 'draft' | 'issued'
  title: string
  codeWord: string
  redHeader: boolean
  docNumber: string | null
  serial: number | null
  issuedOn: string | null
  issuedAt: string | null
  issuedBy: string | null
  createdAt: string
  updatedAt: string
  ruleVersion: number
  prose?: Prose
  unitIds?: number[]
  snapshot?: Snapshot
  files?: CircularFile[]
  nextNumber?: string | null
}

export interface KindRules {
  kind: string
  met: string
  extra: string
  extraCap: string | null
  county: string
  city: string
  province: string
  missed: string
  zeroOutMisses: number
}

export interface RuleSet {
  version?: number
  monthCap: string | null
  yearCap: string | null
  adoptionHighestOnly: boolean
  kinds: KindRules[]
}

export interface RuleVersion {
  version: number
  createdAt: string
  createdBy: string
}

export interface ScoreRules {
  year: number
  version: number
  isDefault: boolean
  rules: RuleSet
  versions: RuleVersion[]
}

export interface ScorecardColumn {
  code: string
  label: string
  module: string
  measure: 'count' | 'points' | 'percent'
  inTotal: boolean
}

export interface ScorecardRow {
  unitId: number
  unitName: string
  rank: number | null // null: no obligation in the year, not ranked
  total: string
  values: string[]
  raw: (number | null)[]
  notes?: string[]
}

export interface ShortlistCondition {
  code: string
  min: string | null
  max: string | null
}

export interface ShortlistConfig {
  minTotal: string | null
  topN: number | null
  conditions: ShortlistCondition[]
}

export interface ShortlistEntry {
  unitId: number
  unitName: string
  rank: number
  total: string
}

export interface Scorecard {
  year: number
  asOf: string
  ruleVersion: number
  columns: ScorecardColumn[]
  rows: ScorecardRow[]
  shortlist: ShortlistEntry[]
  shortlistConfig: ShortlistConfig
}

const BASE = '/api/v1/circulars'

// The list sends the back office's pageNum/pageSize and, for the contract's wording, page as well.
export const listCirculars = (q: Query) => http.get<Page<Circular>>(BASE, { ...q, page: q.pageNum }).then((p) => ({ rows: p.rows ?? [], total: p.total ?? 0 }))
// With issuedOn, the draft's nextNumber is the number issuing it on that date would give (the year of that date).
export const getCircular = (id: number, issuedOn?: string) => http.get<Circular>(`${BASE}/${id}`, issuedOn ? { issuedOn } : undefined)
export const createCircular = (body: { period: string; unitIds?: number[]; codeWord?: string; redHeader?: boolean; title?: string }) => http.post<Circular>(BASE, body, { form: true })
export const updateCircular = (id: number, body: { title: string; prose: Prose; codeWord: string; redHeader: boolean }) => http.put<Circular>(`${BASE}/${id}`, body, { form: true })
export const refreshCircular = (id: number, body: { unitIds?: number[]; resetProse?: boolean }) => http.post<Circular>(`${BASE}/${id}/refresh`, body, { form: true })
export const issueCircular = (id: number, issuedOn: string) => http.post<Circular>(`${BASE}/${id}/issue`, { issuedOn }, { form: true })
export const deleteCircular = (id: number) => http.del<unknown>(`${BASE}/${id}`)
// A plain link (GET with the session cookie): the server answers with Content-Disposition attachment.
export const fileUrl = (id: number, format: FileFormat) => `${BASE}/${id}/file?format=${format}`
export const downloadCircularFile = (id: number, format: FileFormat) => http.download(`${BASE}/${id}/file`, { format }, `通报.${format}`)

export const getScoreRules = (year: number, townId?: number | null) => http.get<ScoreRules>('/api/v1/score-rules', { year, townId })
export const saveScoreRules = (year: number, rules: RuleSet, townId?: number | null) => http.put<ScoreRules>('/api/v1/score-rules', { rules }, { form: true, query: { year, townId } })
export const previewScoreRules = (year: number, rules: RuleSet, townId?: number | null) => http.post<Scores>('/api/v1/score-rules/preview', { rules }, { form: true, query: { year, townId } })
export const getScores = (period: string, townId?: number | null) => http.get<Scores>('/api/v1/scores', { period, townId })

export const getScorecard = (year: number, townId?: number | null) => http.get<Scorecard>('/api/v1/scorecard', { year, townId })
export const exportScorecard = (year: number, format: 'xlsx' | 'docx', townId?: number | null) =>
  http.download('/api/v1/scorecard/export', { year, format, townId }, `${year}年度目标考核.${format}`)
export const getShortlistConfig = (year: number, townId?: number | null) => http.get<ShortlistConfig>('/api/v1/scorecard/shortlist-config', { year, townId })
export const saveShortlistConfig = (year: number, config: ShortlistConfig, townId?: number | null) =>
  http.put<ShortlistConfig>('/api/v1/scorecard/shortlist-config', config, { form: true, query: { year, townId } })
