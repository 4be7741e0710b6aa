// 宣传物料 (issue 7): sign boards of engineering projects (fields defaulted from the project, overrides, the
// artwork as PDF/PNG/SVG, installation evidence from a phone photo), service windows with their poster checks,
// 明白纸 leaflets in versions (a printed version is frozen), print runs and their distribution. Contract: issue 7's
// notes (contract7.md). Downloads are plain GET links (session cookie; the server names the file).
import { http, queryString, type Query } from './http'
import { listProjects, type Category, type ProjectRow } from './projects'

export const SIGN_SIZES = ['120x80', '240x120', 'a4'] as const
export const SCRIPTS = ['hans', 'hant'] as const
export const SIGN_STATES = ['missing', 'draft', 'evidenced'] as const
export const SIGN_FILTERS = ['all', 'missing', 'draft', 'evidenced', 'overdue'] as const
export const ARTWORK_FORMATS = ['pdf', 'png', 'svg'] as const
export const PAPERS = ['a4', 'a5'] as const
export const PRINT_KINDS = ['sign', 'poster', 'leaflet'] as const
export const TARGET_KINDS = ['window', 'school', 'village', 'other'] as const
// The board's fields in the order the editor shows them (the plan's five first).
export const SIGN_FIELDS = ['builder', 'investment', 'buildDates', 'managerUnit', 'supervisionPhone', 'location', 'content', 'contractor', 'responsible'] as const

export type SignSize = (typeof SIGN_SIZES)[number]
export type Script = (typeof SCRIPTS)[number]
export type SignState = (typeof SIGN_STATES)[number]
export type SignFilter = (typeof SIGN_FILTERS)[number]
export type ArtworkFormat = (typeof ARTWORK_FORMATS)[number]
export type Paper = (typeof PAPERS)[number]
export type PrintKind = (typeof PRINT_KINDS)[number]
export type TargetKind = (typeof TARGET_KINDS)[number]
export type SignField = (typeof SIGN_FIELDS)[number]

export type SignFields = Record<SignField, string>
export type SignOverrides = Record<SignField, string | null>

// A remark on an installation photo: code no_exif | no_time | no_gps | no_location | too_far | before_start,
// with the server's Chinese sentence.
export interface EvidenceWarning {
  code: string
  message: string
}

export interface Evidence {
  fileId: number
  takenAt: string | null // EXIF capture time "YYYY-MM-DDTHH:MM:SS" (the camera's local time, no zone); null without
  lat: number | null
  lng: number | null
  distanceM: number | null // to the project's location; null when either has no position
  uploadedAt: string
  warnings: (EvidenceWarning | string)[]
}

export interface Sign {
  id: number | null // null: the project has no sign record yet
  projectId: number
  projectCode: string
  projectName: string
  leadUnitId?: number
  leadUnitName: string
  year?: number
  size: SignSize
  script: Script
  fields: SignFields // effective values
  overrides: SignOverrides // null when defaulted from the project
  defaults?: Partial<SignFields> // the project's values, when the server sends them (else known only for defaulted fields)
  evidence: Evidence | null
  state: SignState
  overdue: boolean
  startDate?: string | null
  completedDate?: string | null // YYYY-MM-DD when the project is finished
  daysSinceStart: number | null // to today; to completedDate for a finished project
  updatedAt: string | null
  canEdit?: boolean // per project (GET/PUT of one sign); the list leaves it out: the permission decides
  qrWarning?: QrWarning // GET/PUT of one sign
}

export interface SignList {
  rows: Sign[]
  total: number
  overdueDays: number
  qrWarning?: QrWarning
}

// What keeps citizens' phones from opening the artwork's QR code, in the server's words; null: nothing.
export type QrWarning = string | null

export interface SignInput {
  size: SignSize
  script: Script
  overrides: SignOverrides
}

export interface SignageSettings {
  overdueDays: number
}

export interface WindowCheck {
  id?: number
  checkedOn: string
  posterPresent: boolean
  note: string
  fileId?: number | null
  checkedBy?: string
  createdAt?: string
}

export interface ServiceWindow {
  id: number
  unitId: number
  unitName: string
  place: string
  projectIds: number[]
  lastCheckedOn: string | null
  checks: WindowCheck[]
  canEdit?: boolean // the caller may keep this window (the office: any of its town; others: their unit's)
}

export interface WindowInput {
  unitId: number
  place: string
  projectIds: number[]
}

export interface CheckInput {
  checkedOn: string
  posterPresent: boolean
  note: string
  fileId?: number
}

export interface LeafletVersion {
  version: number
  frozen: boolean
  frozenAt: string | null
  title: string
  plainText: string
  eligibility: string
  howToApply: string
  hotline: string
  paper: Paper
  twoUp: boolean
  updatedAt: string
}

// A row of GET /leaflets: a project of the year (every category: the page shows subsidy projects first) with
// its number of versions and the latest (null: none yet).
export interface LeafletRow {
  projectId: number
  projectCode: string
  projectName: string
  category?: string
  leadUnitName?: string
  latest: LeafletVersion | null
  versions?: number
}

export interface LeafletDetail {
  projectId: number
  projectCode?: string
  projectName?: string
  canEdit?: boolean
  defaults?: Partial<LeafletInput> // the first version's texts, from the project
  versions: LeafletVersion[]
  qrWarning?: QrWarning
}

export interface LeafletInput {
  title: string
  plainText: string
  eligibility: string
  howToApply: string
  hotline: string
  paper: Paper
  twoUp: boolean
}

export interface Distribution {
  id?: number
  targetKind: TargetKind
  targetName: string
  windowId?: number | null
  unitId?: number | null
  copies: number
  pupilsReached?: number | null
  handedOn: string
}

export interface PrintRun {
  id: number
  kind: PrintKind
  projectId: number
  projectCode?: string
  projectName?: string
  leafletVersion: number | null
  copies: number
  printedOn: string
  distributed?: number // copies handed out (the server's sum)
  pupilsReached?: number
  distributions?: Distribution[]
  unitId?: number
  unitName?: string
  canEdit?: boolean
  createdAt?: string
}

export interface PrintRunInput {
  kind: PrintKind
  projectId: number
  leafletVersion?: number
  copies: number
  printedOn: string
  confirmQr?: boolean // seen the QR warning, print anyway
}

const SIGNS = '/api/v1/signs'

export const listSigns = (q: { year?: number | null; state?: SignFilter } & Query) => http.get<SignList>(SIGNS, q)
export const getSign = (projectId: number) => http.get<Sign>(`${SIGNS}/project/${projectId}`)
export const saveSign = (projectId: number, s: SignInput) => http.put<Sign>(`${SIGNS}/project/${projectId}`, s, { form: true })
export const addEvidence = (projectId: number, fileId: number) => http.post<Sign>(`${SIGNS}/project/${projectId}/evidence`, { fileId })
export const removeEvidence = (projectId: number) => http.del<Sign>(`${SIGNS}/project/${projectId}/evidence`)
export const getSettings = () => http.get<SignageSettings>('/api/v1/signage-settings')
export const saveSettings = (s: SignageSettings) => http.put<SignageSettings>('/api/v1/signage-settings', s, { form: true })

// The board's artwork: the saved size/script unless given (the server refuses any other parameter).
export function signArtworkUrl(projectId: number, format: ArtworkFormat, opt: { size?: SignSize; script?: Script } = {}): string {
  return `${SIGNS}/project/${projectId}/artwork${queryString({ format, size: opt.size, script: opt.script })}`
}
export const signsZipUrl = (year: number, format: ArtworkFormat = 'pdf') => `${SIGNS}/export.zip${queryString({ year, format })}`

// Windows and posters
export const listWindows = (q: Query = {}) => http.get<{ rows: ServiceWindow[]; total: number; qrWarning?: QrWarning }>('/api/v1/windows', q)
export const createWindow = (w: WindowInput) => http.post<ServiceWindow>('/api/v1/windows', w, { form: true })
export const updateWindow = (id: number, w: WindowInput) => http.put<ServiceWindow>(`/api/v1/windows/${id}`, w, { form: true })
export const deleteWindow = (id: number) => http.del<Record<string, never>>(`/api/v1/windows/${id}`)
export const addCheck = (id: number, c: CheckInput) => http.post<ServiceWindow>(`/api/v1/windows/${id}/checks`, c, { form: true })
export const posterUrl = (windowId: number, projectId: number, format: ArtworkFormat = 'pdf', script?: Script) =>
  `/api/v1/windows/${windowId}/poster${queryString({ projectId, format, script })}`

// Leaflets
export const listLeaflets = (year?: number | null) => http.get<{ rows: LeafletRow[]; total: number; qrWarning?: QrWarning }>('/api/v1/leaflets', { year })
export const getLeaflet = (projectId: number) => http.get<LeafletDetail>(`/api/v1/leaflets/project/${projectId}`)
export const saveLeaflet = (projectId: number, l: LeafletInput) => http.put<LeafletDetail>(`/api/v1/leaflets/project/${projectId}`, l, { form: true })
export const leafletArtworkUrl = (projectId: number, version: number, format: ArtworkFormat, opt: { script?: Script } = {}) =>
  `/api/v1/leaflets/project/${projectId}/versions/${version}/artwork${queryString({ format, script: opt.script })}`

// Print runs and distribution
export const listPrintRuns = (q: { year?: number | null; kind?: PrintKind | '' } & Query) => http.get<{ rows: PrintRun[]; total: number; qrWarning?: QrWarning }>('/api/v1/print-runs', q)
export const getPrintRun = (id: number) => http.get<PrintRun>(`/api/v1/print-runs/${id}`)
export const createPrintRun = (r: PrintRunInput) => http.post<PrintRun>('/api/v1/print-runs', r, { form: true })
export const addDistribution = (runId: number, d: Distribution) => http.post<PrintRun>(`/api/v1/print-runs/${runId}/distributions`, d, { form: true })

// Every project of a year in a category (the list pages by at most 50).
export async function allProjects(year: number, category: Category): Promise<ProjectRow[]> {
  const out: ProjectRow[] = []
  for (let pageNum = 1; pageNum <= 40; pageNum++) {
    const page = await listProjects({ year, category, pageNum, pageSize: 50 })
    out.push(...page.rows)
    if (out.length >= page.total || page.rows.length === 0) break
  }
  return out
}
