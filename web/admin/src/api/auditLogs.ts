import { http, type Page, type Query } from './http'

export interface AuditLog {
  seq: number
  at: string // ISO 8601 with its offset, shown with formatTime
  userId: number | null
  username: string
  role: string
  ip: string
  requestId: string
  action: string
  entity: string
  entityId: string
  orgUnitId: number | null
  result: 'ok' | 'denied' | 'failed'
  reason: string
  before: string
  after: string
}

export interface AuditQuery extends Query {
  pageNum?: number
  pageSize?: number
  from?: string
  to?: string
  username?: string
  action?: string
  result?: string
}

export const listAuditLogs = (q: AuditQuery) => http.get<Page<AuditLog>>('/api/v1/audit-logs', q)
export const exportAuditLogs = (q: AuditQuery) => http.download('/api/v1/audit-logs/export', q, 'audit-log.csv')
