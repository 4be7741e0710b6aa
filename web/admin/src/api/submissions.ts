// 信息报送 (issue 5): every endpoint of /api/v1/submissions (list, CRUD of drafts, one POST per workflow
// action, the XLSX export). Contract: /tmp/notes/submissions-contract.md; deviations of the real server are
// noted where they are handled.
import { ApiError, http, type Download, type Page, type Query } from './http'

export const KINDS = ['news', 'photo_story', 'voice'] as const
export const STATES = ['draft', 'submitted', 'returned', 'reviewed', 'approved', 'published'] as const
export const ADOPTION_LEVELS = ['county', 'city', 'province'] as const
// The workflow actions in the order their buttons are shown.
export const ACTIONS = ['edit', 'submit', 'withdraw', 'approve', 'return', 'publish', 'unpublish', 'forward', 'adopt', 'delete'] as const

export type Kind = (typeof KINDS)[number]
export type State = (typeof STATES)[number]
export type AdoptionLevel = (typeof ADOPTION_LEVELS)[number]
export type Action = (typeof ACTIONS)[number]
// The actions that are a POST /submissions/{id}/{action}.
export type TransitionAction = Exclude<Action, 'edit' | 'delete'>

export interface Gps {
  lat: number
  lng: number
}

export interface SubmissionPhoto {
  fileId: number
  caption: string
  thumbUrl: string
  url: string
  takenAt: string | null
  gps: Gps | null
}

export interface PhotoPair {
  pairNo: number
  before: SubmissionPhoto | null
  after: SubmissionPhoto | null
  compositeFileId: number | null
  compositeUrl: string
}

export interface ProjectRef {
  id: number
  code: string
  name: string
}

export interface Adoption {
  level: AdoptionLevel
  levelLabel: string
  outlet: string
  adoptedOn: string
}

export interface SubmissionEvent {
  action: string
  actionLabel: string
  fromState: string
  toState: string
  reason: string
  user: string
  at: string
}

export interface Warning {
  code: string
  field: string
  message: string
}

export interface Submission {
  id: number
  townId: number
  orgUnitId: number
  orgUnitName: string
  kind: Kind
  kindLabel: string
  state: State
  stateLabel: string
  title: string
  body: string
  authorName: string
  projects: ProjectRef[]
  speakerVillageId: number | null
  speakerVillageName: string
  speakerDesc: string
  consent: boolean
  quote: string
  interviewer: string
  photos: SubmissionPhoto[]
  pairs: PhotoPair[]
  firstSubmittedAt: string | null
  submittedAt: string | null
  approvedAt: string | null
  publishedAt: string | null
  forwardedAt: string | null
  forwardedTo: string
  lastReason: string
  adoptions: Adoption[]
  createdAt: string
  updatedAt: string
  isDemo: boolean
  allowedActions: Action[]
}

// GET /submissions/{id}: the item with its safe HTML, its history and the pre-publish warnings.
export interface SubmissionDetail extends Submission {
  bodyHtml: string
  events: SubmissionEvent[]
  warnings: Warning[]
}

export interface SubmissionQuery extends Query {
  pageNum?: number
  pageSize?: number
  kind?: string
  state?: string
  unitId?: number | null
  q?: string
  year?: number
  queue?: boolean
  olderThanDays?: number | null
}

export interface PhotoInput {
  fileId: number
  caption: string
}

// The body of POST /submissions (PUT: the same without kind).
export interface SubmissionInput {
  kind?: Kind
  title: string
  body: string
  projectIds: number[]
  authorName?: string
  photos?: PhotoInput[]
  pairs?: { before: PhotoInput; after: PhotoInput }[]
  speakerVillageId?: number | null
  speakerDesc?: string
  consent?: boolean
  quote?: string
  interviewer?: string
}

export interface AdoptInput {
  level: AdoptionLevel
  outlet: string
  adoptedOn: string
}

const BASE = '/api/v1/submissions'

// Fills what an older or partial answer leaves out, so the views never meet undefined arrays.
export function normalize<T extends Partial<SubmissionDetail>>(s: T): T {
  return {
    ...s,
    projects: s.projects ?? [],
    photos: s.photos ?? [],
    pairs: s.pairs ?? [],
    adoptions: s.adoptions ?? [],
    allowedActions: s.allowedActions ?? [],
    events: s.events ?? [],
    warnings: s.warnings ?? [],
  }
}

async function one<T extends Partial<SubmissionDetail>>(p: Promise<T>): Promise<T> {
  return normalize(await p)
}

export const listSubmissions = async (q: SubmissionQuery) => {
  const page = await http.get<Page<Submission>>(BASE, q)
  return { ...page, rows: (page.rows ?? []).map(normalize) }
}
export const getSubmission = (id: number) => one(http.get<SubmissionDetail>(`${BASE}/${id}`))
export const createSubmission = (s: SubmissionInput) => one(http.post<Submission>(BASE, s, { form: true }))
export const updateSubmission = (id: number, s: SubmissionInput) => {
  const body: SubmissionInput = { ...s }
  delete body.kind // the kind of an item never changes
  return one(http.put<Submission>(`${BASE}/${id}`, body, { form: true }))
}
export const deleteSubmission = (id: number) => http.del<Record<string, never>>(`${BASE}/${id}`)

// One workflow action: POST /submissions/{id}/{action} → the submission. Silent: the server answers a refused
// transition as 409 with a field error on "state" ("“已发布”状态的信息不能“退回”") and a voice without consent
// as 422 on "consent", so the caller shows the field messages (actionError) or puts them beside its fields.
function act(id: number, action: TransitionAction, body: Record<string, unknown> = {}) {
  return one(http.post<Submission>(`${BASE}/${id}/${action}`, body, { silent: true }))
}

// The text to show for a failed action: the field messages (the server's reason), else the error's message.
export function actionError(e: unknown, shownFields: readonly string[] = []): string {
  if (!(e instanceof ApiError)) return ''
  if (e.code === 'Aborted') return ''
  const rest = e.fields.filter((f) => !shownFields.includes(f.field)).map((f) => f.message).filter(Boolean)
  if (rest.length) return rest.join('；')
  return e.fields.length ? '' : e.message
}
export const submitSubmission = (id: number) => act(id, 'submit')
export const withdrawSubmission = (id: number) => act(id, 'withdraw')
export const approveSubmission = (id: number) => act(id, 'approve')
export const publishSubmission = (id: number) => act(id, 'publish')
export const forwardSubmission = (id: number, to?: string) => act(id, 'forward', to && to.trim() ? { to: to.trim() } : {})
export const returnSubmission = (id: number, reason: string) => act(id, 'return', { reason })
export const unpublishSubmission = (id: number, reason: string) => act(id, 'unpublish', { reason })
export const adoptSubmission = (id: number, a: AdoptInput) => act(id, 'adopt', { ...a })

// The XLSX of the list with its filters (单位, 类型, 标题, 状态, 首次报送, 审核, 发布, 采用), saved.
export function exportSubmissions(q: { kind?: string; state?: string; unitId?: number | null; year?: number }): Promise<Download> {
  return http.download(`${BASE}/export`, { kind: q.kind, state: q.state, unitId: q.unitId, year: q.year }, `信息报送${q.year ? `-${q.year}` : ''}.xlsx`)
}
