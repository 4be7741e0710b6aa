// Presentation helpers of the 宣传物料 pages: the supervision phone's format hint, sign states, overrides,
// distances and the totals of print runs. Pure functions (tested in labels.test.ts).
import type { Distribution, EvidenceWarning, PrintRun, Sign, SignField, SignFields, SignOverrides, SignState } from '@/api/signage'
import { SIGN_FIELDS } from '@/api/signage'
import { formatTime } from '@/views/projects/labels'

export type PhoneKind = 'empty' | 'mobile' | 'landline' | 'invalid'

// Full-width digits and dashes typed with a Chinese input method → ASCII; spaces removed.
export function normalizePhone(s: string): string {
  return s.normalize('NFKC').replace(/[－—–]/g, '-').replace(/\s+/g, '')
}

// What a supervision phone looks like, by the server's rule: a mobile number 1[3-9]xxxxxxxxx, or a mainland
// landline 0xx-xxxxxxx[x] (area code of 3 or 4 digits, 7 or 8 digits) with an optional extension ("-123" or
// "转123"). Only a hint: the server decides (422 on overrides.supervisionPhone).
export function phoneKind(value: string | null | undefined): PhoneKind {
  const v = normalizePhone(value ?? '')
  if (!v) return 'empty'
  if (/^1[3-9]\d{9}$/.test(v)) return 'mobile'
  if (/^0\d{2,3}-?\d{7,8}((-|转)\d{1,6})?$/.test(v)) return 'landline'
  return 'invalid'
}

// The i18n key of the hint under the phone field.
export function phoneHintKey(value: string | null | undefined): string {
  return `signage.phoneHint.${phoneKind(value)}`
}

// Tag colours of the sign states (the tag always says the state in words too).
export function signStateType(state: SignState | string): 'info' | 'warning' | 'success' {
  switch (state) {
    case 'evidenced':
      return 'success'
    case 'draft':
      return 'warning'
    default:
      return 'info'
  }
}

// The overrides to send: a trimmed value, or null when the box is empty (the project's value applies).
export function toOverrides(form: Record<SignField, string>): SignOverrides {
  const out = {} as SignOverrides
  for (const k of SIGN_FIELDS) {
    const v = (form[k] ?? '').trim()
    out[k] = v === '' ? null : k === 'supervisionPhone' ? normalizePhone(v) : v
  }
  return out
}

// The project's value of a field, shown as the placeholder of its override box: the server's `defaults` when
// sent, else the effective value when the field is not overridden, else null (not known here).
export function defaultOf(field: SignField, sign: { fields: SignFields; overrides: SignOverrides; defaults?: Partial<SignFields> }): string | null {
  const d = sign.defaults?.[field]
  if (typeof d === 'string') return d
  return sign.overrides?.[field] == null ? (sign.fields?.[field] ?? '') : null
}

// An EXIF capture time: the camera's local clock without a zone ("2020-05-06T14:30:00") is shown as it is
// ("2020-05-06 14:30:00"); a server timestamp with a zone is shown in local time.
export function formatExifTime(s: string | null | undefined): string {
  if (!s) return ''
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/.exec(s)
  return m ? `${m[1]} ${m[2]}` : formatTime(s)
}

// The text of an evidence warning ({code, message} from the server; a plain string accepted too).
// The 开工天数 text (an i18n key and its values): days since the start while the project runs; for a finished
// project (the server sends its completion date) the duration from start to completion, which no longer grows.
export function sinceStartLabel(s: Pick<Sign, 'overdue' | 'daysSinceStart' | 'completedDate'>): { key: string; values: Record<string, number | string> } | null {
  if (s.daysSinceStart === null || s.daysSinceStart === undefined) return null
  const days = s.daysSinceStart
  if (s.completedDate) return s.overdue ? { key: 'signage.overdueCompleted', values: { date: s.completedDate } } : { key: 'signage.completedDays', values: { days } }
  return s.overdue ? { key: 'signage.overdueDays', values: { days } } : { key: 'signage.days', values: { days } }
}

export function warningText(w: EvidenceWarning | string): string {
  return typeof w === 'string' ? w : (w?.message ?? '')
}

// "85 米", "1.2 公里" (metres below 1 km, one decimal above).
export function formatDistance(m: number | null | undefined, unit: { m: string; km: string } = { m: '米', km: '公里' }): string {
  if (typeof m !== 'number' || !Number.isFinite(m) || m < 0) return ''
  if (m < 1000) return `${Math.round(m)} ${unit.m}`
  return `${(Math.round(m / 100) / 10).toFixed(1)} ${unit.km}`
}

// Copies handed out by a run: its distributions when listed, else the server's sum.
export function distributedOf(run: Pick<PrintRun, 'distributions' | 'distributed'>): number {
  if (run.distributions) return run.distributions.reduce((s, d) => s + (d.copies || 0), 0)
  return run.distributed ?? 0
}

export function pupilsOf(ds: Distribution[] | undefined): number {
  return (ds ?? []).reduce((s, d) => s + (d.pupilsReached ?? 0), 0)
}

export interface PrintTotals {
  runs: number
  printed: number
  distributed: number
  remaining: number
  pupils: number
}

// The totals line under the print runs.
export function printTotals(runs: PrintRun[]): PrintTotals {
  let printed = 0
  let distributed = 0
  let pupils = 0
  for (const r of runs) {
    printed += r.copies || 0
    distributed += distributedOf(r)
    pupils += pupilsOf(r.distributions)
  }
  return { runs: runs.length, printed, distributed, remaining: Math.max(0, printed - distributed), pupils }
}

// Copies of a run still to hand out.
export function remainingOf(run: PrintRun): number {
  return Math.max(0, (run.copies || 0) - distributedOf(run))
}
