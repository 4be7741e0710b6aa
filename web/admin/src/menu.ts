// The left menu, built from the signed-in user's permissions (auth/me `permissions`).
export interface MenuItem {
  path: string
  titleKey: string
  icon: string
  permission?: string // shown only with this permission; none: always
}

export const MENU: MenuItem[] = [
  { path: '/users', titleKey: 'menu.users', icon: 'User', permission: 'user:read' },
  { path: '/org', titleKey: 'menu.org', icon: 'OfficeBuilding', permission: 'org:read' },
  { path: '/audit', titleKey: 'menu.audit', icon: 'Document', permission: 'audit:read' },
  { path: '/profile', titleKey: 'menu.profile', icon: 'Avatar' },
]

export function menuFor(permissions: readonly string[], items: MenuItem[] = MENU): MenuItem[] {
  const have = new Set(permissions)
  return items.filter((m) => !m.permission || have.has(m.permission))
}

// Where a user lands after login: the first menu entry they may open.
export function homePath(permissions: readonly string[]): string {
  return menuFor(permissions)[0]?.path ?? '/profile'
}
