// Presentation helpers of the submission pages: state colours, the obligation countdown text and the ledger's
// colouring. Pure, so Vitest can check them without a browser.
import type { LedgerRow } from '@/api/quota'
import { ACTIONS, type Action, type State } from '@/api/submissions'
import { now as serverNow, today } from '@/utils/serverClock'

type T = (key: string, params?: Record<string, unknown>) => string

// Tag colours of the states (the text always says the state too: colour is never the only cue).
export function stateTagType(state: State | string): 'info' | 'primary' | 'success' | 'warning' | 'danger' {
  switch (state) {
    case 'submitted':
    case 'reviewed':
      return 'primary'
    case 'returned':
      return 'danger'
    case 'approved':
      return 'warning'
    case 'published':
      return 'success'
    default:
      return 'info'
  }
}

// The period word of a ledger row's period code: 本月 / 本季度 / 本年度.
export function periodScope(period: string): 'month' | 'quarter' | 'year' {
  if (/^\d{4}-Q[1-4]$/.test(period)) return 'quarter'
  if (/^\d{4}-\d{2}$/.test(period)) return 'month'
  return 'year'
}

// The countdown of one obligation, e.g. "本月还需报送 1 篇文字信息，还剩 5 天"; done, due today and overdue
// have their own sentences.
export function obligationText(row: Pick<LedgerRow, 'kind' | 'period' | 'owed' | 'counted' | 'missing' | 'overdue' | 'daysLeft'>, t: T): string {
  const scope = t(`submission.period.${periodScope(row.period)}`)
  const kind = t(`submissionEnum.kind.${row.kind}`)
  if (row.missing <= 0) return t('submission.obligation.done', { scope, kind, counted: row.counted, owed: row.owed })
  if (row.overdue || row.daysLeft < 0) return t('submission.obligation.overdue', { scope, kind, n: row.missing, days: Math.abs(row.daysLeft) })
  if (row.daysLeft === 0) return t('submission.obligation.today', { scope, kind, n: row.missing })
  return t('submission.obligation.left', { scope, kind, n: row.missing, days: row.daysLeft })
}

// How urgent an obligation is: done, ok (time left), soon (within the reminder days), overdue.
export function obligationLevel(row: Pick<LedgerRow, 'missing' | 'overdue' | 'daysLeft'>, reminderDays = 5): 'done' | 'ok' | 'soon' | 'overdue' {
  if (row.missing <= 0) return 'done'
  if (row.overdue || row.daysLeft < 0) return 'overdue'
  return row.daysLeft <= reminderDays ? 'soon' : 'ok'
}

// The ledger table's row class: red for an overdue obligation, amber for late items, green when met.
export function ledgerRowClass(row: Pick<LedgerRow, 'missing' | 'overdue' | 'late' | 'daysLeft'>): string {
  if (row.overdue) return 'ledger-overdue'
  if (row.missing > 0) return 'ledger-open'
  if (row.late > 0) return 'ledger-late'
  return 'ledger-met'
}

// The buttons to show for an item: the server's allowedActions, in the fixed order, unknown codes left out.
export function actionButtons(allowed: readonly string[] | undefined, exclude: readonly Action[] = []): Action[] {
  const have = new Set(allowed ?? [])
  return ACTIONS.filter((a) => have.has(a) && !exclude.includes(a))
}

// Days since a timestamp (for the queue's 等待天数), 0 when unknown.
export function ageDays(iso: string | null | undefined, now: Date = serverNow()): number {
  if (!iso) return 0
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return 0
  return Math.max(0, Math.floor((now.getTime() - d.getTime()) / 86_400_000))
}

// The period codes of a day "YYYY-MM-DD" (by default the server's today in Asia/Shanghai).
export function currentPeriods(day: string = today()): { month: string; quarter: string; year: string } {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7))
  return { month: `${y}-${String(m).padStart(2, '0')}`, quarter: `${y}-Q${Math.ceil(m / 3)}`, year: String(y) }
}

// The 相关项目 picker's choices: the projects led by the user's own unit first, then the rest (each in the
// list's order); the item's own projects of another year stay choosable (at the end of their group).
export interface ProjectChoice {
  id: number
  label: string
}
export function projectChoiceGroups(
  rows: { id: number; code: string; name: string; leadUnitId?: number }[],
  ownUnitId: number | null | undefined,
  extra: { id: number; code: string; name: string; leadUnitId?: number }[] = [],
): { own: ProjectChoice[]; others: ProjectChoice[] } {
  const own: ProjectChoice[] = []
  const others: ProjectChoice[] = []
  const seen = new Set<number>()
  for (const p of [...rows, ...extra]) {
    if (seen.has(p.id)) continue
    seen.add(p.id)
    const choice = { id: p.id, label: `${p.code} ${p.name}` }
    if (ownUnitId && p.leadUnitId === ownUnitId) own.push(choice)
    else others.push(choice)
  }
  return { own, others }
}
