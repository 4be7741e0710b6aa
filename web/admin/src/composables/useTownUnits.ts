// The units a project can name as lead or cooperating unit: the departments, villages and communities of a
// town, from the caller's organisation tree (/api/v1/org-units/tree, already limited to the caller's scope).
import { ref } from 'vue'
import { orgTree, type OrgNode } from '@/api/orgUnits'

export interface TownUnit {
  id: number
  name: string
  kind: string
  kindLabel: string
  townId: number
  townName: string
}

export const UNIT_KINDS = new Set(['department', 'village', 'community'])

// Every department/village/community directly under a town, in tree order (the org's 排序号). A caller who sees
// only their own unit (a department or village account) gets that unit (townId 0: its town is not visible).
export function townUnits(roots: OrgNode[]): TownUnit[] {
  const out: TownUnit[] = []
  for (const r of roots)
    if (UNIT_KINDS.has(r.kind)) out.push({ id: r.id, name: r.name, kind: r.kind, kindLabel: r.kindLabel, townId: 0, townName: '' })
  const walk = (nodes: OrgNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'town') {
        for (const c of n.children ?? [])
          if (UNIT_KINDS.has(c.kind)) out.push({ id: c.id, name: c.name, kind: c.kind, kindLabel: c.kindLabel, townId: n.id, townName: n.name })
      } else {
        walk(n.children ?? [])
      }
    }
  }
  walk(roots)
  return out
}

// Loaded once per component; an error leaves the list empty (the API client has shown it).
export function useTownUnits() {
  const units = ref<TownUnit[]>([])
  const loading = ref(false)
  async function load() {
    loading.value = true
    try {
      units.value = townUnits((await orgTree()).rows)
    } catch {
      units.value = []
    } finally {
      loading.value = false
    }
  }
  return { units, loading, load }
}
