// How a time from the server is shown. The API gives every instant as ISO 8601 in Asia/Shanghai with its
// offset ("2026-03-02T09:00:00.000+08:00"); a person reads it as "2026-03-02 09:00:00", Shanghai's wall time,
// whatever the device's time zone (CONVENTIONS.md §4). Instants with another offset or "Z" are converted too.
import { shanghaiDateTime } from './serverClock'

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/

// An instant as "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai; "" for none; text that is not an instant as it is.
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return ''
  if (!ISO_INSTANT.test(iso)) return iso
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return shanghaiDateTime(d)
}

// The Shanghai day "YYYY-MM-DD" of an instant; "" for none; other text as it is.
export function formatDay(iso: string | null | undefined): string {
  const s = formatTime(iso)
  return s === iso ? s : s.slice(0, 10)
}
