// Presentation helpers shared by the project pages.
import type { Status } from '@/api/projects'

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

// Today as YYYY-MM-DD in the browser's time zone (the town's: Asia/Shanghai).
export function today(now = new Date()): string {
  const y = now.getFullYear()
  const m = String(now.getMonth() + 1).padStart(2, '0')
  const d = String(now.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

// "31.820591, 117.227239（CGCS2000）"-style coordinates with 6 decimals.
export function formatCoord(n: number): string {
  return Number.isFinite(n) ? n.toFixed(6) : ''
}

// A server timestamp (ISO 8601, UTC) as local "YYYY-MM-DD HH:mm:ss" (CONVENTIONS.md §4); other text as it is.
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.exec(iso)
  if (!m) return iso
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}
