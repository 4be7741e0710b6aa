import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { configureHttp } from '@/api/http'
import { i18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import ProjectDetail from './ProjectDetail.vue'

const TARGETS = [
  { id: 1, name: '户厕改造', unit: '户', planned: 1200, achieved: 1180 },
  { id: 2, name: '资源化利用站', unit: '个', planned: 2, achieved: null },
]
const project = (over: Record<string, unknown>) => ({
  id: 5, townId: 4, year: 2021, code: '2021-91', name: '农村改厕', category: 'engineering', categoryLabel: '工程类', leadUnitId: 10,
  leadUnitName: '农业综合服务中心', cooperatingUnits: [], changeFlag: 'new', changeFlagLabel: '新增', fundsPlanned: 125_500_000, fundsDisbursed: 10_000_000,
  beneficiaries: null, status: 'in_progress', statusLabel: '实施中', progressPct: 30, lastReportDate: '2021-05-01', address: '', location: null,
  previousId: null, isDemo: false, createdAt: '', updatedAt: '', canEdit: false, canReport: false, policyText: '', plainText: '', targets: TARGETS,
  policyHtml: '', plainHtml: '', progress: [], ...over,
})

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

async function setup(body: unknown) {
  vi.stubGlobal('fetch', vi.fn(async () => json(body)))
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().set({ user: {} as any, csrfToken: 't', mustChangePassword: false, permissions: ['project:read'], scope: 'subtree' })
  const router = createRouter({ history: createMemoryHistory('/admin/'), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] })
  const wrapper = mount(ProjectDetail, { props: { id: 5 }, global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}
const achieved = (wrapper: Awaited<ReturnType<typeof setup>>) =>
  wrapper.findAll('[data-test="targets"] .el-table__body tr').map((tr) => tr.findAll('td').map((td) => td.text()))

describe('项目详情：目标任务', { timeout: 30_000 }, () => {
  beforeEach(() => {
    configureHttp({ toast: vi.fn() })
    i18n.global.locale.value = 'zh-CN'
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('shows an unrecorded completed amount as unknown while the project runs', async () => {
    const wrapper = await setup(project({}))
    expect(achieved(wrapper)).toEqual([['户厕改造', '户', '1200', '1180'], ['资源化利用站', '个', '2', '—']])
  })

  it('shows the target as completed at 100 % or once finished, and a recorded amount as recorded', async () => {
    for (const over of [{ progressPct: 100 }, { status: 'completed', statusLabel: '已完成', progressPct: 95 }]) {
      const wrapper = await setup(project(over))
      expect(achieved(wrapper)).toEqual([['户厕改造', '户', '1200', '1180'], ['资源化利用站', '个', '2', '2']])
      wrapper.unmount()
    }
  })
})
