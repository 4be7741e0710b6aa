// The project catalogue (项目管理, issue 4): every endpoint of /api/v1/projects, the photo upload it uses
// (/api/v1/files) and the import/export files. Money is integer 分 here; views convert with utils/money.
import { ApiError, http, type Download, type Page, type Query } from './http'

export const CATEGORIES = ['engineering', 'subsidy', 'service'] as const
export const CHANGE_FLAGS = ['new', 'improved', 'continued', 'withdrawn'] as const
export const STATUSES = ['planned', 'in_progress', 'completed', 'suspended'] as const
export const COORD_SYSTEMS = ['cgcs2000', 'wgs84', 'gcj02'] as const
// What a project can become in next year's plan.
export const NEXT_YEAR_FLAGS = ['continued', 'improved', 'withdrawn'] as const

export type Category = (typeof CATEGORIES)[number]
export type ChangeFlag = (typeof CHANGE_FLAGS)[number]
export type Status = (typeof STATUSES)[number]
export type CoordSystem = (typeof COORD_SYSTEMS)[number]
export type NextYearFlag = (typeof NEXT_YEAR_FLAGS)[number]

export interface UnitRef {
  id: number
  name: string
}

export interface Location {
  lat: number
  lng: number
  system: CoordSystem
}

export interface Target {
  id?: number
  name: string
  unit: string
  planned: number | null
  achieved: number | null
}

export interface Photo {
  fileId: number
  caption: string
  thumbUrl: string
  url: string
  takenAt: string | null
  gps: { lat: number; lng: number } | null
}

export interface ProgressUpdate {
  id: number
  projectId: number
  reportDate: string
  progressPct: number
  fundsDisbursed: number // 分, cumulative
  status: Status
  statusLabel: string
  note: string
  noteHtml: string
  photos: Photo[]
  createdBy: string
  createdAt: string
}

// A row of the list (no texts, no targets).
export interface ProjectRow {
  id: number
  townId: number
  townName?: string // in the contract; not sent by the server yet
  year: number
  code: string
  name: string
  category: Category
  categoryLabel: string
  leadUnitId: number
  leadUnitName: string
  cooperatingUnits: UnitRef[]
  changeFlag: ChangeFlag
  changeFlagLabel: string
  fundsPlanned: number // 分
  fundsDisbursed: number // 分, from the latest progress update
  beneficiaries: number | null
  status: Status
  statusLabel: string
  progressPct: number
  lastReportDate: string | null
  address: string
  location: Location | null
  previousId: number | null
  isDemo: boolean
  createdAt: string
  updatedAt: string
  canEdit: boolean
  canReport: boolean
}

export interface Project extends ProjectRow {
  policyText: string
  plainText: string
  targets: Target[]
}

// GET /projects/{id}: the project, its texts as safe HTML and the timeline (newest first).
export interface ProjectDetail extends Project {
  policyHtml: string
  plainHtml: string
  progress: ProgressUpdate[]
}

export interface ProjectQuery extends Query {
  pageNum?: number
  pageSize?: number
  year?: number
  q?: string
  category?: string
  status?: string
  changeFlag?: string
  leadUnitId?: number | null
}

// The body of POST /projects (PUT: the same without year).
export interface ProjectInput {
  year?: number
  code: string
  name: string
  category: Category
  leadUnitId: number
  cooperatingUnitIds: number[]
  changeFlag: ChangeFlag
  policyText: string
  plainText: string
  fundsPlanned: number
  beneficiaries: number | null
  address: string
  location: Location | null
  targets: { name: string; unit: string; planned: number | null; achieved: number | null }[]
}

export interface ProgressInput {
  reportDate: string
  progressPct: number
  fundsDisbursed: number
  status: Status
  note: string
  photos: { fileId: number; caption: string }[]
}

export interface Years {
  years: number[]
  current: number
}

export type ImportMode = 'create' | 'upsert'

export interface ImportRequest {
  file: File
  year: number
  mode: ImportMode
}

export interface ImportResult {
  created: number
  updated: number
  rows: number
  dryRun: boolean
}

// One problem of a refused import: Excel row (header = row 1), column letter, header text, cell, reason.
export interface ImportProblem {
  row: number
  column: string
  header: string
  value: string
  reason: string
}

// A 422 answer of the import that lists problems (nothing was saved).
export interface ImportProblems {
  message: string
  problems: ImportProblem[]
  rowCount: number
}

// The stored file of POST /api/v1/files (the fields the back office uses).
export interface UploadedFile {
  id: number
  name: string
  kind: string
  type: string
  size: number
  hasThumbnail: boolean
  takenAt: string | null
  gps: { lat: number; lng: number } | null
}

export interface PlanItem {
  projectId: number
  changeFlag: NextYearFlag
}

const BASE = '/api/v1/projects'

export const listProjects = (q: ProjectQuery) => http.get<Page<ProjectRow>>(BASE, q)
export const projectYears = () => http.get<Years>(`${BASE}/years`)
export const getProject = (id: number) => http.get<ProjectDetail>(`${BASE}/${id}`)
export const createProject = (p: ProjectInput) => http.post<Project>(BASE, p, { form: true })
export const updateProject = (id: number, p: ProjectInput) => {
  const body: Partial<ProjectInput> = { ...p }
  delete body.year // the year of a project never changes (the server refuses unknown fields)
  return http.put<Project>(`${BASE}/${id}`, body, { form: true })
}
export const deleteProject = (id: number) => http.del<Record<string, never>>(`${BASE}/${id}`)

export const listProgress = (id: number) => http.get<Page<ProgressUpdate>>(`${BASE}/${id}/progress`)
export const addProgress = (id: number, p: ProgressInput) => http.post<ProgressUpdate>(`${BASE}/${id}/progress`, p, { form: true })
// The server addresses a progress entry by its own id (/projects/progress/{progressId}; the contract draft had
// /projects/{id}/progress/{progressId}); the project id stays in the signature for the callers.
export const deleteProgress = (_projectId: number, progressId: number) => http.del<Record<string, never>>(`${BASE}/progress/${progressId}`)

// A photo for a progress update: multipart `file`, with the upload's progress (0..100). Field errors (file type,
// size) are thrown for the caller to show beside the photo, without a toast.
export function uploadPhoto(file: File, onProgress?: (percent: number) => void, signal?: AbortSignal) {
  const form = new FormData()
  form.append('file', file, file.name || 'photo.jpg')
  return http.upload<UploadedFile>('/api/v1/files', form, { onProgress, signal, silent: true })
}

export const planNextYear = (fromYear: number, toYear: number, items: PlanItem[]) =>
  http.post<{ created: number; year: number }>(`${BASE}/plan-next-year`, { fromYear, toYear, items })

// Downloads (saved under the server's file name).
export const downloadTemplate = () => http.download(`${BASE}/import-template`, undefined, '项目清单导入模板.xlsx')
export function exportProjects(year: number | undefined, format: 'xlsx' | 'csv', what: 'catalogue' | 'progress'): Promise<Download> {
  const fallback = `${what === 'progress' ? '项目进展情况' : '项目清单'}${year ? `-${year}` : ''}.${format}`
  return http.download(`${BASE}/export`, { year, format, what }, fallback)
}

function importForm(r: ImportRequest, dryRun?: boolean): FormData {
  const form = new FormData()
  form.append('file', r.file, r.file.name)
  form.append('year', String(r.year))
  form.append('mode', r.mode)
  if (dryRun !== undefined) form.append('dryRun', dryRun ? 'true' : 'false')
  return form
}

// The problems of a refused import, or null when the error is something else (a plain file error).
export function importProblems(e: unknown): ImportProblems | null {
  if (!(e instanceof ApiError) || e.status !== 422) return null
  const problems = e.body?.problems
  if (!Array.isArray(problems) || problems.length === 0) return null
  return {
    message: e.message,
    rowCount: typeof e.body?.rowCount === 'number' ? e.body.rowCount : 0,
    problems: problems.map((p: any) => ({
      row: Number(p?.row ?? 0),
      column: String(p?.column ?? ''),
      header: String(p?.header ?? ''),
      value: p?.value === null || p?.value === undefined ? '' : String(p.value),
      reason: String(p?.reason ?? ''),
    })),
  }
}

// POST /projects/import. A 422 with problems is thrown without a toast (the dialog lists them); plain file
// errors (400/413/415/422 naming "file") are thrown as field errors, shown by the dialog too.
export async function importProjects(r: ImportRequest, dryRun: boolean): Promise<ImportResult> {
  return http.postForm<ImportResult>(`${BASE}/import`, importForm(r, dryRun), { silent: true })
}

// POST /projects/import/report: the same file again → the .xlsx with a 错误原因 column, saved.
export const downloadImportReport = (r: ImportRequest) =>
  http.downloadPost(`${BASE}/import/report`, importForm(r), '导入错误报告.xlsx')
