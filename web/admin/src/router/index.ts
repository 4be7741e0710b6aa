import { createRouter, createWebHistory, type RouteRecordRaw, type Router } from 'vue-router'
import { homePath } from '@/menu'
import { useSessionStore } from '@/stores/session'

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/views/login/Login.vue'), meta: { public: true, titleKey: 'login.title' } },
  { path: '/password', name: 'password', component: () => import('@/views/password/ChangePassword.vue'), meta: { titleKey: 'password.title' } },
  {
    path: '/',
    component: () => import('@/layout/Layout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => homePath(useSessionStore().permissions) },
      { path: 'users', name: 'users', component: () => import('@/views/users/Users.vue'), meta: { titleKey: 'menu.users', permission: 'user:read' } },
      { path: 'org', name: 'org', component: () => import('@/views/org/OrgUnits.vue'), meta: { titleKey: 'menu.org', permission: 'org:read' } },
      { path: 'audit', name: 'audit', component: () => import('@/views/audit/AuditLogs.vue'), meta: { titleKey: 'menu.audit', permission: 'audit:read' } },
      { path: 'projects', name: 'projects', component: () => import('@/views/projects/Projects.vue'), meta: { titleKey: 'menu.projectList', permission: 'project:read' } },
      { path: 'projects/:id(\\d+)', name: 'projectDetail', component: () => import('@/views/projects/ProjectDetail.vue'), props: (r) => ({ id: Number(r.params.id) }), meta: { titleKey: 'project.detailTitle', permission: 'project:read' } },
      { path: 'projects/:id(\\d+)/progress', name: 'projectProgress', component: () => import('@/views/projects/ProjectProgress.vue'), props: (r) => ({ id: Number(r.params.id) }), meta: { titleKey: 'progress.title', permission: 'project:progress' } },
      { path: 'submissions', redirect: '/submissions/all' },
      { path: 'submissions/mine', name: 'submissionsMine', component: () => import('@/views/submissions/SubmissionList.vue'), props: { mode: 'mine' }, meta: { titleKey: 'menu.submissionsMine', permission: 'submission:write' } },
      { path: 'submissions/queue', name: 'submissionsQueue', component: () => import('@/views/submissions/SubmissionList.vue'), props: { mode: 'queue' }, meta: { titleKey: 'menu.submissionsQueue', permission: 'submission:review' } },
      { path: 'submissions/all', name: 'submissionsAll', component: () => import('@/views/submissions/SubmissionList.vue'), props: { mode: 'all' }, meta: { titleKey: 'menu.submissionsAll', permission: 'submission:read' } },
      { path: 'submissions/ledger', name: 'submissionsLedger', component: () => import('@/views/submissions/Ledger.vue'), meta: { titleKey: 'menu.submissionsLedger', permission: 'quota:read' } },
      { path: 'submissions/rules', name: 'submissionsRules', component: () => import('@/views/submissions/QuotaRules.vue'), meta: { titleKey: 'menu.submissionsRules', permission: 'quota:write' } },
      { path: 'submissions/new', name: 'submissionNew', component: () => import('@/views/submissions/SubmissionEditor.vue'), meta: { titleKey: 'submission.newTitle', permission: 'submission:write' } },
      { path: 'submissions/:id(\\d+)', name: 'submissionDetail', component: () => import('@/views/submissions/SubmissionDetail.vue'), props: (r) => ({ id: Number(r.params.id) }), meta: { titleKey: 'submission.detailTitle', permission: 'submission:read' } },
      { path: 'submissions/:id(\\d+)/edit', name: 'submissionEdit', component: () => import('@/views/submissions/SubmissionEditor.vue'), props: (r) => ({ id: Number(r.params.id) }), meta: { titleKey: 'submission.editTitle', permission: 'submission:write' } },
      { path: 'circulars', redirect: '/circulars/list' },
      { path: 'circulars/list', name: 'circularList', component: () => import('@/views/circulars/CircularList.vue'), meta: { titleKey: 'menu.circularList', permission: 'circular:read' } },
      { path: 'circulars/new', name: 'circularNew', component: () => import('@/views/circulars/CircularWizard.vue'), meta: { titleKey: 'menu.circularNew', permission: 'circular:write' } },
      { path: 'circulars/:id(\\d+)', name: 'circularDetail', component: () => import('@/views/circulars/CircularDetail.vue'), props: (r) => ({ id: Number(r.params.id) }), meta: { titleKey: 'circular.detailTitle', permission: 'circular:read' } },
      { path: 'circulars/scorecard', name: 'scorecard', component: () => import('@/views/circulars/Scorecard.vue'), meta: { titleKey: 'menu.scorecard', permission: 'score:read' } },
      { path: 'circulars/rules', name: 'scoreRules', component: () => import('@/views/circulars/ScoreRules.vue'), meta: { titleKey: 'menu.scoreRules', permission: 'score:read' } },
      { path: 'signage', redirect: '/signage/signs' },
      { path: 'signage/signs', name: 'signs', component: () => import('@/views/signage/SignList.vue'), meta: { titleKey: 'menu.signs', permission: 'sign:read' } },
      { path: 'signage/signs/:id(\\d+)', name: 'signEditor', component: () => import('@/views/signage/SignEditor.vue'), props: (r) => ({ id: Number(r.params.id) }), meta: { titleKey: 'signage.editorTitle', permission: 'sign:read' } },
      { path: 'signage/windows', name: 'windows', component: () => import('@/views/signage/Windows.vue'), meta: { titleKey: 'menu.windows', permission: 'sign:read' } },
      { path: 'signage/leaflets', name: 'leaflets', component: () => import('@/views/signage/Leaflets.vue'), meta: { titleKey: 'menu.leaflets', permission: 'sign:read' } },
      { path: 'signage/leaflets/:id(\\d+)', name: 'leafletEditor', component: () => import('@/views/signage/LeafletEditor.vue'), props: (r) => ({ id: Number(r.params.id) }), meta: { titleKey: 'signage.leafletTitle', permission: 'sign:read' } },
      { path: 'signage/print-runs', name: 'printRuns', component: () => import('@/views/signage/PrintRuns.vue'), meta: { titleKey: 'menu.printRuns', permission: 'sign:read' } },
      { path: 'notifications', name: 'notifications', component: () => import('@/views/notifications/Notifications.vue'), meta: { titleKey: 'notice.allTitle' } },
      { path: 'profile', name: 'profile', component: () => import('@/views/profile/Profile.vue'), meta: { titleKey: 'menu.profile' } },
      { path: 'forbidden', name: 'forbidden', component: () => import('@/views/error/Forbidden.vue'), meta: { titleKey: 'error.forbiddenTitle' } },
      { path: ':rest(.*)*', name: 'notFound', component: () => import('@/views/error/NotFound.vue'), meta: { titleKey: 'error.notFoundTitle' } },
    ],
  },
]

// Signed out: to the login page; a password to change first: to the change-password page; a page the role
// may not open: "no access" (the server refuses the data anyway).
export function installGuards(router: Router): void {
  router.beforeEach(async (to) => {
    const store = useSessionStore()
    const session = await store.ensure()
    if (to.meta.public) {
      if (session && to.name === 'login') return session.mustChangePassword ? { name: 'password' } : { path: '/' }
      return true
    }
    if (!session) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
    if (session.mustChangePassword && to.name !== 'password') return { name: 'password' }
    const permission = to.meta.permission as string | undefined
    if (permission && !store.has(permission)) return { name: 'forbidden', query: { from: to.fullPath } }
    return true
  })
}

export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHistory('/admin/'), routes })
  installGuards(router)
  return router
}
