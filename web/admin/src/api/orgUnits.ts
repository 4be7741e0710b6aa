import { http, type Page } from './http'

export interface OrgUnit {
  id: number
  parentId: number | null
  kind: string
  kindLabel: string
  name: string
  code: string | null
  path: string
  townId: number | null
  sortOrder: number
  isDemo: boolean
}

export interface OrgNode {
  id: number
  name: string
  kind: string
  kindLabel: string
  sortOrder: number
  children: OrgNode[]
}

export interface OrgUnitInput {
  parentId?: number | null
  kind?: string
  name: string
  code?: string
  sortOrder?: number
}

export const ORG_KINDS = ['province', 'city', 'county', 'town', 'village', 'community', 'department'] as const

export const listOrgUnits = () => http.get<Page<OrgUnit>>('/api/v1/org-units')
export const orgTree = () => http.get<{ rows: OrgNode[] }>('/api/v1/org-units/tree')
export const getOrgUnit = (id: number) => http.get<OrgUnit>(`/api/v1/org-units/${id}`)
export const createOrgUnit = (u: OrgUnitInput) => http.post<OrgUnit>('/api/v1/org-units', u, { form: true })
export const updateOrgUnit = (id: number, u: OrgUnitInput) =>
  http.put<OrgUnit>(`/api/v1/org-units/${id}`, u, { form: true })
export const moveOrgUnit = (id: number, parentId: number, sortOrder?: number) =>
  http.post<OrgUnit>(`/api/v1/org-units/${id}/move`, { parentId, sortOrder }, { form: true })
export const deleteOrgUnit = (id: number) => http.del<{ ok: boolean }>(`/api/v1/org-units/${id}`)
