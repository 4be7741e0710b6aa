import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { configureHttp } from '@/api/http'
import { i18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import { forgetServerTime } from '@/utils/serverClock'
import AuditLogs from './audit/AuditLogs.vue'
import Profile from './profile/Profile.vue'
import Users from './users/Users.vue'

// Pages that show a time from the API show it as Shanghai wall time ("2026-03-03 07:30:00"), never the raw
// ISO text nor the UTC hour eight hours earlier, with the device in UTC, in Los Angeles and in Shanghai.
const AT = '2026-03-03T07:30:00.000+08:00' // 23:30 on 2 March in UTC
const SHOWN = '2026-03-03 07:30:00'
const machineTz = process.env.TZ

const user = {
  id: 7, username: 'wang', displayName: '王五', role: 'office', roleLabel: '镇办', orgUnitId: 4, orgUnitName: '民生镇', mustChangePassword: false,
  locked: false, lockedOut: false, lockedUntil: null, lastLoginAt: AT, createdAt: AT, activityAt: AT, isDemo: false,
}
const auditRow = {
  seq: 3, at: AT, userId: 7, username: 'wang', role: 'office', ip: '127.0.0.1', requestId: 'r1', action: 'submission.publish', entity: 'submission',
  entityId: '5', orgUnitId: 4, result: 'ok', reason: '', before: '', after: '',
}

function json(body: unknown) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
}
const fetchMock = vi.fn(async (url: string): Promise<Response> => {
  if (url.startsWith('/api/v1/users')) return json({ rows: [user], total: 1 })
  if (url.startsWith('/api/v1/audit-logs')) return json({ rows: [auditRow], total: 1 })
  if (url.startsWith('/api/v1/org-units/tree')) return json({ rows: [] })
  return json({})
})

async function show(component: any, permissions: string[]) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().set({ user: user as any, csrfToken: 't', mustChangePassword: false, permissions, scope: 'all' })
  const router = createRouter({ history: createMemoryHistory('/admin/'), routes: [{ path: '/:rest(.*)*', component: { template: '<div />' } }] })
  router.push('/')
  await router.isReady()
  const wrapper = mount(component, { global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai'])('times on the pages, device in %s', { timeout: 30_000 }, (tz) => {
  beforeEach(() => {
    process.env.TZ = tz
    fetchMock.mockClear()
    vi.stubGlobal('fetch', fetchMock)
    configureHttp({ toast: vi.fn() })
    i18n.global.locale.value = 'zh-CN'
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    forgetServerTime()
    document.body.innerHTML = ''
  })

  it.each([
    ['用户管理 (last login)', Users, ['user:read']],
    ['审计日志', AuditLogs, ['audit:read']],
    ['个人中心', Profile, []],
  ])('%s', async (_name, component, permissions) => {
    const text = (await show(component, permissions as string[])).text()
    expect(text).toContain(SHOWN)
    expect(text).not.toContain(AT)
    expect(text).not.toContain('2026-03-02 23:30')
  })
})

afterAll(() => {
  if (machineTz === undefined) delete process.env.TZ
  else process.env.TZ = machineTz
})
