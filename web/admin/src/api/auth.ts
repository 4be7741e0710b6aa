import { http } from './http'

export interface User {
  id: number
  username: string
  displayName: string
  role: string
  roleLabel: string
  orgUnitId: number
  orgUnitName: string
  mustChangePassword: boolean
  locked: boolean
  lockedOut: boolean
  lockedUntil: string | null
  lastLoginAt: string | null
  createdAt: string
  activityAt: string
  isDemo: boolean
}

export interface Session {
  user: User
  csrfToken: string
  mustChangePassword: boolean
  permissions: string[]
  scope: 'all' | 'subtree' | 'own'
}

export const login = (username: string, password: string) =>
  http.post<Session>('/api/v1/auth/login', { username, password }, { silent: true })
export const me = () => http.get<Session>('/api/v1/auth/me', undefined, { silent: true })
export const changePassword = (currentPassword: string, newPassword: string) =>
  http.post<{ ok: boolean }>('/api/v1/auth/password', { currentPassword, newPassword }, { form: true })
export const logout = () => http.post<{ ok: boolean }>('/api/v1/auth/logout', {}, { silent: true })
