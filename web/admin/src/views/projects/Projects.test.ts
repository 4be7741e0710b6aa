import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { configureHttp } from '@/api/http'
import { i18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import Projects from './Projects.vue'

const OFFICE = ['user:read', 'org:read', 'file:upload', 'file:read', 'project:read', 'project:write', 'project:progress']
const LEADER = ['org:read', 'file:read', 'project:read']

const row = (over: Record<string, unknown>) => ({
  id: 1, townId: 4, townName: '民生镇', year: 2021, code: '2021-01', name: '农村改厕', category: 'engineering', categoryLabel: '工程类',
  leadUnitId: 10, leadUnitName: '农业综合服务中心', cooperatingUnits: [], changeFlag: 'new', changeFlagLabel: '新增',
  fundsPlanned: 12_345_678_900, fundsDisbursed: 1_234_567, beneficiaries: 100, status: 'in_progress', statusLabel: '实施中', progressPct: 45,
  lastReportDate: '2021-05-06', address: '', location: null, previousId: null, isDemo: false, createdAt: '', updatedAt: '', canEdit: true, canReport: true,
  ...over,
})

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

const fetchMock = vi.fn(async (url: string) => {
  if (url.startsWith('/api/v1/projects/years')) return json({ years: [2021, 2020], current: 2021 })
  if (url.startsWith('/api/v1/org-units/tree'))
    return json({ rows: [{ id: 4, name: '民生镇', kind: 'town', kindLabel: '乡镇', sortOrder: 1, children: [
      { id: 10, name: '农业综合服务中心', kind: 'department', kindLabel: '部门', sortOrder: 1, children: [] },
      { id: 11, name: '东风村', kind: 'village', kindLabel: '村', sortOrder: 2, children: [] },
    ] }] })
  if (url.startsWith('/api/v1/projects?'))
    return json({ rows: [row({}), row({ id: 2, code: '2021-02', name: '学生资助', category: 'subsidy', changeFlag: 'continued', status: 'planned', fundsPlanned: 0, fundsDisbursed: 0, progressPct: 0, lastReportDate: null, canEdit: false, canReport: false })], total: 2 })
  return json({ error: { code: 'NotFound', message: '记录不存在或已被删除', fields: [] } }, 404)
})

async function setup(permissions: string[]) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().set({ user: {} as any, csrfToken: 't', mustChangePassword: false, permissions, scope: 'subtree' })
  const router = createRouter({ history: createMemoryHistory('/admin/'), routes: [{ path: '/projects', component: Projects }, { path: '/projects/:id(\\d+)/:rest*', component: { template: '<div />' } }] })
  router.push('/projects')
  await router.isReady()
  const wrapper = mount(Projects, { global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}
const listCalls = () => fetchMock.mock.calls.map((c) => c[0] as string).filter((u) => u.startsWith('/api/v1/projects?'))

describe('项目清单', { timeout: 30_000 }, () => {
  beforeEach(() => {
    fetchMock.mockClear()
    vi.stubGlobal('fetch', fetchMock)
    configureHttp({ toast: vi.fn() })
    i18n.global.locale.value = 'zh-CN'
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('loads the current year and renders the columns with money in 万元', async () => {
    const { wrapper } = await setup(OFFICE)
    expect(listCalls()).toEqual(['/api/v1/projects?year=2021&pageNum=1&pageSize=10'])
    const headers = wrapper.findAll('.el-table__header th').map((th) => th.text())
    for (const h of ['编号', '项目名称', '类别', '牵头单位', '年度变化', '计划投资（万元）', '累计拨付（万元）', '进度', '状态', '最近填报', '操作']) expect(headers).toContain(h)
    const rows = wrapper.findAll('.el-table__body tr')
    expect(rows).toHaveLength(2)
    const first = rows[0].text()
    for (const s of ['2021-01', '农村改厕', '工程类', '农业综合服务中心', '新增', '12345.68', '1.23', '实施中', '2021-05-06']) expect(first).toContain(s)
    expect(rows[0].find('[role="progressbar"]').attributes('aria-valuenow')).toBe('45')
    expect(rows[0].find('[role="progressbar"]').attributes('aria-label')).toContain('农村改厕')
    const second = rows[1].text()
    for (const s of ['补助类', '继续', '0.00', '未开工', '—']) expect(second).toContain(s)
    expect(wrapper.find('.el-pagination__total').text()).toContain('2')
  })

  it('shows row buttons by canEdit/canReport and toolbar buttons by permission', async () => {
    const office = (await setup(OFFICE)).wrapper
    const [r1, r2] = office.findAll('.el-table__body tr')
    expect(r1.find('[data-test="row-edit"]').exists()).toBe(true)
    expect(r1.find('[data-test="row-report"]').exists()).toBe(true)
    expect(r1.find('[data-test="row-delete"]').exists()).toBe(true)
    expect(r2.find('[data-test="row-view"]').exists()).toBe(true)
    expect(r2.find('[data-test="row-edit"]').exists()).toBe(false)
    expect(r2.find('[data-test="row-report"]').exists()).toBe(false)
    expect(r2.find('[data-test="row-delete"]').exists()).toBe(false)
    expect(office.find('[data-test="add"]').text()).toBe('新增项目')
    for (const b of ['import', 'export', 'template', 'plan-next-year']) expect(office.find(`[data-test="${b}"]`).exists(), b).toBe(true)
    office.unmount()

    const leader = (await setup(LEADER)).wrapper
    // the import template is for those who import (the server answers it to project:write only)
    for (const b of ['add', 'import', 'template', 'plan-next-year']) expect(leader.find(`[data-test="${b}"]`).exists(), b).toBe(false)
    expect(leader.find('[data-test="export"]').exists()).toBe(true)
  })

  it('searches with a one-character Chinese query and keeps the year on reset', async () => {
    const { wrapper } = await setup(OFFICE)
    const input = wrapper.find('input[data-test="keyword"]')
    expect(input.exists()).toBe(true)
    await input.setValue('村')
    await wrapper.find('form.list-search').trigger('submit')
    await flushPromises()
    expect(listCalls().at(-1)).toBe('/api/v1/projects?q=%E6%9D%91&year=2021&pageNum=1&pageSize=10')
    await wrapper.find('[data-test="reset"]').trigger('click')
    await flushPromises()
    expect(listCalls().at(-1)).toBe('/api/v1/projects?year=2021&pageNum=1&pageSize=10')
  })

  it('opens the detail and the progress page from the row', async () => {
    const { wrapper, router } = await setup(OFFICE)
    await wrapper.find('.el-table__body tr [data-test="row-report"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/projects/1/progress')
  })
})
