// In-app notifications (issue 5): the signed-in user's own list, unread count, mark read.
import { ref } from 'vue'
import { http } from './http'

export interface Notification {
  id: number
  kind: string
  title: string
  body: string
  link: string // a back-office path, e.g. /submissions/12
  createdAt: string
  readAt: string | null
}

export interface NotificationPage {
  rows: Notification[]
  total: number
  unread: number
}

export const listNotifications = (q: { pageNum?: number; pageSize?: number; unread?: boolean } = {}) =>
  http.get<NotificationPage>('/api/v1/notifications', { pageNum: q.pageNum, pageSize: q.pageSize, unread: q.unread ? true : undefined }, { silent: true })
export const markRead = (id: number) => http.post<unknown>(`/api/v1/notifications/${id}/read`, {})
export const markAllRead = () => http.post<unknown>('/api/v1/notifications/read-all', {})

// A notification's link as a route inside the back office (/admin/submissions/3 → /submissions/3); null when
// it leads elsewhere (never follow an outside address from a notification).
export function routeOf(link: string): string | null {
  const v = (link ?? '').trim()
  if (!v.startsWith('/') || v.startsWith('//')) return null
  return v.startsWith('/admin/') ? v.slice('/admin'.length) : v
}

// Bumped when notifications are marked read outside the bell (全部通知), so the bell reloads its count.
export const notificationsChanged = ref(0)
