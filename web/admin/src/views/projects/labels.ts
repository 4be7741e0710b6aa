// Presentation helpers shared by the project pages.
import type { ProjectRow, Status, Target } from '@/api/projects'

// Today as YYYY-MM-DD in Asia/Shanghai by the server's clock (form dates and their `max`).
export { today } from '@/utils/serverClock'

// Tag colours of the statuses (the text always says the status too: colour is never the only cue).
export function statusTagType(status: Status | string): 'info' | 'primary' | 'success' | 'warning' {
  switch (status) {
    case 'in_progress':
      return 'primary'
    case 'completed':
      return 'success'
    case 'suspended':
      return 'warning'
    default:
      return 'info'
  }
}

// "31.820591, 117.227239（CGCS2000）"-style coordinates with 6 decimals.
export function formatCoord(n: number): string {
  return Number.isFinite(n) ? n.toFixed(6) : ''
}

// A server timestamp as "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai (src/utils/time.ts).
export { formatTime } from '@/utils/time'

// The completed amount of a target to show (as the portal, rules.hpp achieved_shown): the recorded one; else,
// for a finished project (status 已完成 or at 100 %), the planned amount, the target being met; else null
// (unknown, shown as "—").
export function achievedShown(target: Pick<Target, 'planned' | 'achieved'>, project: Pick<ProjectRow, 'status' | 'progressPct'>): number | null {
  if (target.achieved !== null && target.achieved !== undefined) return target.achieved
  if (project.status === 'completed' || project.progressPct >= 100) return target.planned ?? null
  return null
}
