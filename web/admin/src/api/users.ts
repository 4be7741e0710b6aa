import type { User } from './auth'
import { http, type Page, type Query } from './http'

export type { User }

export interface UserQuery extends Query {
  pageNum?: number
  pageSize?: number
  keyword?: string
  role?: string
  orgUnitId?: number | null
  locked?: boolean | '' | null
}

export interface UserInput {
  username?: string
  displayName: string
  role: string
  orgUnitId: number | null
  password?: string
}

export type CreatedUser = User & { initialPassword?: string }

export const ROLES = ['sysadmin', 'secadmin', 'auditor', 'office', 'dept', 'village', 'leader', 'county'] as const

export const listUsers = (q: UserQuery) => http.get<Page<User>>('/api/v1/users', q)
export const getUser = (id: number) => http.get<User>(`/api/v1/users/${id}`)
export const createUser = (u: UserInput) => http.post<CreatedUser>('/api/v1/users', u, { form: true })
export const updateUser = (id: number, u: UserInput) => http.put<User>(`/api/v1/users/${id}`, u, { form: true })
export const lockUser = (id: number, reason = '') => http.post<User>(`/api/v1/users/${id}/lock`, { reason })
export const unlockUser = (id: number, reason = '') => http.post<User>(`/api/v1/users/${id}/unlock`, { reason })
export const resetPassword = (id: number) =>
  http.post<{ id: number; initialPassword: string; mustChangePassword: boolean }>(`/api/v1/users/${id}/reset-password`, {})
