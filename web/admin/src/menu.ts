// The left menu, built from the signed-in user's permissions (auth/me `permissions`). An entry is a page
// (path) or a group of pages (children, RuoYi's 目录 → 菜单); a group shows when one of its pages does.
export interface MenuItem {
  path: string // a group's own path is only its key
  titleKey: string
  icon: string
  permission?: string // shown only with this permission; none: always
  children?: MenuItem[]
}

// The business groups come after the existing entries: the landing page of each role (the first entry) and
// the keyboard order of the system pages stay as they were.
export const MENU: MenuItem[] = [
  { path: '/users', titleKey: 'menu.users', icon: 'User', permission: 'user:read' },
  { path: '/org', titleKey: 'menu.org', icon: 'OfficeBuilding', permission: 'org:read' },
  { path: '/audit', titleKey: 'menu.audit', icon: 'Document', permission: 'audit:read' },
  { path: '/profile', titleKey: 'menu.profile', icon: 'Avatar' },
  {
    path: 'group:projects',
    titleKey: 'menu.projects',
    icon: 'Files',
    permission: 'project:read',
    children: [{ path: '/projects', titleKey: 'menu.projectList', icon: 'List', permission: 'project:read' }],
  },
  {
    path: 'group:submissions',
    titleKey: 'menu.submissions',
    icon: 'Promotion',
    children: [
      { path: '/submissions/mine', titleKey: 'menu.submissionsMine', icon: 'EditPen', permission: 'submission:write' },
      { path: '/submissions/queue', titleKey: 'menu.submissionsQueue', icon: 'Stamp', permission: 'submission:review' },
      { path: '/submissions/all', titleKey: 'menu.submissionsAll', icon: 'Reading', permission: 'submission:read' },
      { path: '/submissions/ledger', titleKey: 'menu.submissionsLedger', icon: 'DataAnalysis', permission: 'quota:read' },
      { path: '/submissions/rules', titleKey: 'menu.submissionsRules', icon: 'Setting', permission: 'quota:write' },
    ],
  },
  {
    path: 'group:circulars',
    titleKey: 'menu.circulars',
    icon: 'Tickets',
    children: [
      { path: '/circulars/list', titleKey: 'menu.circularList', icon: 'Memo', permission: 'circular:read' },
      { path: '/circulars/new', titleKey: 'menu.circularNew', icon: 'DocumentAdd', permission: 'circular:write' },
      { path: '/circulars/scorecard', titleKey: 'menu.scorecard', icon: 'TrendCharts', permission: 'score:read' },
      { path: '/circulars/rules', titleKey: 'menu.scoreRules', icon: 'Operation', permission: 'score:read' },
    ],
  },
  {
    path: 'group:signage',
    titleKey: 'menu.signage',
    icon: 'Postcard',
    children: [
      { path: '/signage/signs', titleKey: 'menu.signs', icon: 'Flag', permission: 'sign:read' },
      { path: '/signage/windows', titleKey: 'menu.windows', icon: 'Shop', permission: 'sign:read' },
      { path: '/signage/leaflets', titleKey: 'menu.leaflets', icon: 'Notebook', permission: 'sign:read' },
      { path: '/signage/print-runs', titleKey: 'menu.printRuns', icon: 'Printer', permission: 'sign:read' },
    ],
  },
]

export function menuFor(permissions: readonly string[], items: MenuItem[] = MENU): MenuItem[] {
  const have = new Set(permissions)
  const out: MenuItem[] = []
  for (const m of items) {
    if (m.permission && !have.has(m.permission)) continue
    if (m.children) {
      const children = menuFor(permissions, m.children)
      if (children.length) out.push({ ...m, children })
    } else {
      out.push(m)
    }
  }
  return out
}

// The pages of a menu, groups flattened, in menu order.
export function menuPages(items: MenuItem[]): MenuItem[] {
  return items.flatMap((m) => (m.children ? menuPages(m.children) : [m]))
}

// Where a user lands after login: the first menu page they may open.
export function homePath(permissions: readonly string[]): string {
  return menuPages(menuFor(permissions))[0]?.path ?? '/profile'
}
