import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ElMessage } from 'element-plus'
import { configureHttp, http } from '@/api/http'
import { i18n } from '@/i18n'
import { homePath, menuFor, menuPages } from '@/menu'
import { useSessionStore } from '@/stores/session'
import { forgetServerTime } from '@/utils/serverClock'
import ActionButtons from './ActionButtons.vue'
import Ledger from './Ledger.vue'
import SubmissionList from './SubmissionList.vue'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
const item = (over: Record<string, unknown> = {}) => ({
  id: 5, townId: 4, orgUnitId: 10, orgUnitName: '农业综合服务中心', kind: 'photo_story', state: 'submitted', title: '村道硬化', body: '', authorName: '',
  projects: [], photos: [], pairs: [], adoptions: [], submittedAt: '2026-11-20T02:00:00Z', updatedAt: '2026-11-20T02:00:00Z', allowedActions: ['approve', 'return'], ...over,
})
const ledgerRow = (over: Record<string, unknown>) => ({
  unitId: 10, unitName: '农业综合服务中心', kind: 'news', kindLabel: '文字信息', period: '2026-11', dueDate: '2026-11-20', owed: 1, submitted: 0, approved: 0, published: 0,
  adopted: 0, counted: 0, late: 0, missing: 1, overdue: true, daysLeft: -8, ...over,
})

// eslint-disable-next-line @typescript-eslint/no-unused-vars
const fetchMock = vi.fn(async (url: string, _init?: RequestInit): Promise<Response> => {
  if (url.startsWith('/api/v1/org-units/tree')) return json({ rows: [{ id: 4, name: '民生镇', kind: 'town', kindLabel: '乡镇', sortOrder: 1, children: [{ id: 10, name: '农业综合服务中心', kind: 'department', kindLabel: '部门', sortOrder: 1, children: [] }, { id: 11, name: '东风村', kind: 'village', kindLabel: '村', sortOrder: 2, children: [] }] }] })
  if (url.startsWith('/api/v1/submissions?')) return json({ rows: [item({}), item({ id: 6, title: '饮水', kind: 'news', state: 'draft', allowedActions: ['edit', 'submit', 'delete'] })], total: 2 })
  if (url.startsWith('/api/v1/quota-ledger'))
    return json({ period: '2026-11', today: '2026-11-28', rows: [ledgerRow({}), ledgerRow({ unitId: 11, unitName: '城建办', owed: 1, submitted: 1, counted: 1, missing: 0, overdue: false })] })
  if (/\/api\/v1\/submissions\/5\/approve$/.test(url)) return json(item({ state: 'approved', allowedActions: ['publish'] }))
  if (/\/api\/v1\/submissions\/5\/publish$/.test(url)) return json(item({ state: 'published', allowedActions: ['unpublish'] }))
  if (/\/api\/v1\/submissions\/5\/submit$/.test(url)) return json(item({ state: 'submitted', allowedActions: ['withdraw'] }))
  if (/\/api\/v1\/submissions\/5\/return$/.test(url)) return json(item({ state: 'returned', lastReason: 'x', allowedActions: [] }))
  return json({ error: { code: 'NotFound', message: '记录不存在或已被删除', fields: [] } }, 404)
})

async function setup(component: any, props: Record<string, unknown>, permissions: string[]) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().set({ user: {} as any, csrfToken: 't', mustChangePassword: false, permissions, scope: 'subtree' })
  const router = createRouter({ history: createMemoryHistory('/admin/'), routes: [{ path: '/', component: { template: '<div />' } }, { path: '/submissions/:rest(.*)*', component: { template: '<div />' } }] })
  router.push('/')
  await router.isReady()
  const wrapper = mount(component, { props, global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}
const calls = (prefix: string) => fetchMock.mock.calls.map((c) => c[0] as string).filter((u) => u.startsWith(prefix))

describe('信息报送 pages', { timeout: 30_000 }, () => {
  beforeEach(() => {
    fetchMock.mockClear()
    vi.stubGlobal('fetch', fetchMock)
    configureHttp({ toast: vi.fn() })
    i18n.global.locale.value = 'zh-CN'
    vi.setSystemTime(new Date('2026-11-28T02:00:00Z')) // 10:00 in Shanghai, the day of the mocked ledger
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    forgetServerTime()
    document.body.innerHTML = ''
  })

  it('shows exactly the allowed actions and asks a reason before returning', async () => {
    const { wrapper } = await setup(ActionButtons, { item: item() }, [])
    const buttons = wrapper.findAll('.action-buttons button').map((b) => b.text())
    expect(buttons).toEqual(['审核通过', '退回'])
    await wrapper.find('[data-test="action-return"]').trigger('click')
    await flushPromises()
    const dialog = document.querySelector('[data-test="action-dialog"]') ?? document.body
    expect(dialog.textContent).toContain('原因')
    // empty reason: refused locally, nothing posted
    ;(document.querySelector('[data-test="action-confirm"]') as HTMLButtonElement).click()
    await flushPromises()
    expect(calls('/api/v1/submissions/5/return')).toHaveLength(0)
    expect(document.querySelector('.el-dialog .el-form-item.is-error label')?.textContent).toBe('原因')
    const textarea = document.querySelector('#action-reason') as HTMLTextAreaElement
    textarea.value = '照片不清楚，请重拍'
    textarea.dispatchEvent(new Event('input'))
    await flushPromises()
    ;(document.querySelector('[data-test="action-confirm"]') as HTMLButtonElement).click()
    await flushPromises()
    const post = fetchMock.mock.calls.find((c) => (c[0] as string).endsWith('/5/return'))!
    expect(JSON.parse(post[1]!.body as string)).toEqual({ reason: '照片不清楚，请重拍' })
    expect(wrapper.emitted('changed')?.[0]?.[0]).toMatchObject({ state: 'returned' })
  })

  it('approves on one click; publishing asks first, naming the portal, and a cancel posts nothing', async () => {
    const success = vi.spyOn(ElMessage, 'success')
    const { wrapper } = await setup(ActionButtons, { item: item() }, [])
    await wrapper.find('[data-test="action-approve"]').trigger('click')
    await flushPromises()
    expect(calls('/api/v1/submissions/5/approve')).toHaveLength(1)
    expect(document.querySelector('.el-message-box')).toBeNull()
    expect(success).toHaveBeenLastCalledWith('审核通过成功')
    wrapper.unmount()

    const pub = await setup(ActionButtons, { item: item({ state: 'approved', allowedActions: ['publish'] }), warnings: 2 }, [])
    await pub.wrapper.find('[data-test="action-publish"]').trigger('click')
    await flushPromises()
    const box = document.querySelector('.el-message-box') as HTMLElement
    expect(box.textContent).toContain('发布到门户网站')
    expect(box.textContent).toContain('本条信息有 2 条提示尚未处理。发布后，《村道硬化》将在门户网站公开，所有人都能看到。确定发布吗？')
    expect(calls('/api/v1/submissions/5/publish')).toHaveLength(0)
    const cancel = [...box.querySelectorAll('.el-message-box__btns button')].find((b) => b.textContent?.includes('取消')) as HTMLButtonElement
    cancel.click()
    await flushPromises()
    expect(calls('/api/v1/submissions/5/publish')).toHaveLength(0)

    await pub.wrapper.find('[data-test="action-publish"]').trigger('click')
    await flushPromises()
    const boxes = [...document.querySelectorAll('.el-message-box')] as HTMLElement[]
    const ok = [...boxes.at(-1)!.querySelectorAll('.el-message-box__btns button')].find((b) => b.textContent?.includes('发布')) as HTMLButtonElement
    ok.click()
    await flushPromises()
    await vi.waitFor(() => expect(calls('/api/v1/submissions/5/publish')).toHaveLength(1))
    await flushPromises()
    expect(success).toHaveBeenLastCalledWith('发布成功')
    expect(pub.wrapper.emitted('changed')?.[0]?.[0]).toMatchObject({ state: 'published' })
  })

  it('says so when an item is submitted', async () => {
    const success = vi.spyOn(ElMessage, 'success')
    const { wrapper } = await setup(ActionButtons, { item: item({ state: 'draft', allowedActions: ['edit', 'submit', 'delete'] }) }, [])
    await wrapper.find('[data-test="action-submit"]').trigger('click')
    await flushPromises()
    expect(calls('/api/v1/submissions/5/submit')).toHaveLength(1)
    expect(success).toHaveBeenLastCalledWith('报送成功')
  })

  it('shows the author buttons of a draft and none without allowed actions', async () => {
    const draft = await setup(ActionButtons, { item: item({ state: 'draft', allowedActions: ['delete', 'submit', 'edit'] }) }, [])
    expect(draft.wrapper.findAll('.action-buttons button').map((b) => b.text())).toEqual(['修改', '报送', '删除'])
    draft.wrapper.unmount()
    const none = await setup(ActionButtons, { item: item({ allowedActions: [] }) }, [])
    expect(none.wrapper.findAll('.action-buttons button')).toHaveLength(0)
  })

  it('asks the review queue with queue=true and the age filter', async () => {
    const { wrapper } = await setup(SubmissionList, { mode: 'queue' }, ['submission:read', 'submission:review'])
    expect(calls('/api/v1/submissions?')).toEqual(['/api/v1/submissions?queue=true&pageNum=1&pageSize=10'])
    const rows = wrapper.findAll('.el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('村道硬化')
    expect(rows[0].text()).toContain('图说民生')
    expect(rows[0].text()).toContain('待审核')
    expect(rows[0].text()).toContain('审核')
    expect(wrapper.find('[data-test="filter-age"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="add"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="export"]').exists()).toBe(true)
  })

  it('shows the unit its obligations with the countdown on 我的信息', async () => {
    const { wrapper } = await setup(SubmissionList, { mode: 'mine' }, ['submission:read', 'submission:write', 'quota:read'])
    expect(calls('/api/v1/quota-ledger')).toEqual(['/api/v1/quota-ledger?period=2026'])
    const obligations = wrapper.findAll('[data-test="obligation"]')
    expect(obligations).toHaveLength(2)
    expect(obligations[0].text()).toContain('本月还差 1 篇文字信息，已逾期 8 天')
    expect(obligations[0].classes()).toContain('ob-overdue')
    expect(obligations[1].text()).toContain('已完成（1/1）')
    expect(wrapper.find('[data-test="add"]').text()).toBe('新建信息')
    expect(calls('/api/v1/submissions?')).toEqual(['/api/v1/submissions?pageNum=1&pageSize=10'])
  })

  it('takes this month from the server, not from a device clock that is years off', async () => {
    vi.setSystemTime(new Date('2031-03-01T02:00:00Z'))
    const { wrapper } = await setup(SubmissionList, { mode: 'mine' }, ['submission:read', 'submission:write', 'quota:read'])
    // the device's year first; the ledger's today (2026-11-28) then names the year and month shown
    expect(calls('/api/v1/quota-ledger')).toEqual(['/api/v1/quota-ledger?period=2031', '/api/v1/quota-ledger?period=2026'])
    expect(wrapper.findAll('[data-test="obligation"]')).toHaveLength(2)
  })

  it('asks for the server\'s year at once when an answer\'s Date header has set the clock', async () => {
    vi.setSystemTime(new Date('2031-03-01T02:00:00Z'))
    fetchMock.mockImplementationOnce(async () => {
      const r = json({ rows: [], total: 0 })
      r.headers.set('date', 'Sat, 28 Nov 2026 02:00:00 GMT')
      return r
    })
    await http.get('/api/v1/submissions?pageNum=1')
    fetchMock.mockClear()
    const { wrapper } = await setup(SubmissionList, { mode: 'mine' }, ['submission:read', 'submission:write', 'quota:read'])
    expect(calls('/api/v1/quota-ledger')).toEqual(['/api/v1/quota-ledger?period=2026'])
    expect(wrapper.findAll('[data-test="obligation"]')).toHaveLength(2)
  })

  it('colours the ledger: overdue rows red with the reason in text', async () => {
    const { wrapper } = await setup(Ledger, {}, ['quota:read'])
    expect(calls('/api/v1/quota-ledger')[0]).toBe('/api/v1/quota-ledger?period=2026-11')
    const rows = wrapper.findAll('[data-test="ledger-table"] .el-table__body tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].classes()).toContain('ledger-overdue')
    expect(rows[0].text()).toContain('已逾期 8 天')
    expect(rows[1].classes()).toContain('ledger-met')
    expect(wrapper.find('[data-test="ledger-summary"]').text()).toContain('缺报 1 篇')
  })
})

describe('信息报送 menu', () => {
  it('shows each role its pages', () => {
    const paths = (p: string[]) => menuPages(menuFor(p)).map((m) => m.path).filter((x) => x.startsWith('/submissions'))
    expect(paths(['submission:read', 'submission:write', 'quota:read'])).toEqual(['/submissions/mine', '/submissions/all', '/submissions/ledger']) // dept, village
    expect(paths(['submission:read', 'submission:write', 'submission:review', 'quota:read', 'quota:write'])).toEqual(['/submissions/mine', '/submissions/queue', '/submissions/all', '/submissions/ledger', '/submissions/rules']) // office
    expect(paths(['submission:read', 'submission:review', 'quota:read'])).toEqual(['/submissions/queue', '/submissions/all', '/submissions/ledger']) // leader
    expect(paths(['user:read'])).toEqual([])
    expect(homePath(['project:read', 'submission:read'])).toBe('/profile')
  })
})
