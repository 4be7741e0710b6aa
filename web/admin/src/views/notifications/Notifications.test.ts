import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { configureHttp, setCsrfToken } from '@/api/http'
import { notificationsChanged } from '@/api/notifications'
import NotificationBell from '@/components/NotificationBell.vue'
import { i18n } from '@/i18n'
import Notifications from './Notifications.vue'

const note = (id: number, over: Record<string, unknown> = {}) => ({
  id, kind: 'submission.returned', title: `通知${id}`, body: '', link: `/submissions/${id}`, createdAt: `2026-03-${String(id).padStart(2, '0')}T02:00:00Z`, readAt: null, ...over,
})
function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
  if (url.startsWith('/api/v1/notifications?') || url === '/api/v1/notifications') {
    const q = new URL(url, 'http://x').searchParams
    const all = [note(12), note(11, { readAt: '2026-03-11T03:00:00Z' }), note(10)]
    const rows = q.get('unread') === 'true' ? all.filter((n) => !n.readAt) : all
    return json({ rows, total: q.get('unread') === 'true' ? 2 : 23, unread: 2 })
  }
  if (init?.method === 'POST') return json({ id: 1, readAt: '2026-03-12T03:00:00Z', updated: 2 })
  return json({ error: { code: 'NotFound', message: '记录不存在或已被删除', fields: [] } }, 404)
})
const calls = (prefix: string) => fetchMock.mock.calls.filter(([u]) => (u as string).startsWith(prefix))

async function setup(component: typeof Notifications | typeof NotificationBell) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({
    history: createMemoryHistory('/admin/'),
    routes: [{ path: '/notifications', component: Notifications }, { path: '/:p(.*)*', component: { template: '<div />' } }],
  })
  router.push('/')
  await router.isReady()
  const wrapper = mount(component, { global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('全部通知', { timeout: 30_000 }, () => {
  beforeEach(() => {
    fetchMock.mockClear()
    vi.stubGlobal('fetch', fetchMock)
    configureHttp({ toast: vi.fn() })
    setCsrfToken('tok')
    i18n.global.locale.value = 'zh-CN'
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists every notification as the server orders them, paged, with read and unread in words', async () => {
    const { wrapper } = await setup(Notifications)
    expect(calls('/api/v1/notifications')[0][0]).toBe('/api/v1/notifications?pageNum=1&pageSize=10')
    const rows = wrapper.findAll('.el-table__body tr')
    expect(rows.map((r) => r.find('[data-test="notice-title"]').text())).toEqual(['通知12', '通知11', '通知10'])
    expect(rows.map((r) => r.find('[data-test="notice-state-tag"]').text())).toEqual(['未读', '已读', '未读'])
    expect(rows[0].text()).toContain('2026-03-12 10:00:00')
    expect(wrapper.find('[data-test="unread-count"]').text()).toBe('2 条未读')
    expect(wrapper.find('.el-pagination__total').text()).toContain('23')
    // the next page
    await wrapper.find('.el-pagination .btn-next').trigger('click')
    await flushPromises()
    expect(calls('/api/v1/notifications').at(-1)![0]).toBe('/api/v1/notifications?pageNum=2&pageSize=10')
  })

  it('filters the unread ones, marks one read, then all', async () => {
    const { wrapper, router } = await setup(Notifications)
    const changed = notificationsChanged.value
    ;(wrapper.findComponent({ name: 'ElSelect' }).vm as any).$emit('update:modelValue', 'unread')
    await wrapper.find('.list-search').trigger('submit')
    await flushPromises()
    expect(calls('/api/v1/notifications').at(-1)![0]).toBe('/api/v1/notifications?pageNum=1&pageSize=10&unread=true')
    expect(wrapper.findAll('.el-table__body tr')).toHaveLength(2)

    await wrapper.find('[data-test="mark-read"]').trigger('click')
    await flushPromises()
    expect(calls('/api/v1/notifications/12/read')).toHaveLength(1)
    expect(wrapper.find('[data-test="unread-count"]').text()).toBe('1 条未读')
    expect(notificationsChanged.value).toBe(changed + 1) // the bell reloads its count

    const lists = calls('/api/v1/notifications?').length
    await wrapper.find('[data-test="read-all"]').trigger('click')
    await flushPromises()
    expect(calls('/api/v1/notifications/read-all')).toHaveLength(1)
    expect(calls('/api/v1/notifications?').length).toBe(lists + 1) // reloaded
    expect(notificationsChanged.value).toBe(changed + 2)

    // a title opens its link and marks it read
    await wrapper.findAll('[data-test="notice-title"]')[1].trigger('click')
    await flushPromises()
    expect(calls('/api/v1/notifications/10/read')).toHaveLength(1)
    expect(router.currentRoute.value.fullPath).toBe('/submissions/10')
  })

  it('is reached from the bell', async () => {
    const { wrapper, router } = await setup(NotificationBell)
    await wrapper.find('[data-test="bell"]').trigger('click')
    await flushPromises()
    const viewAll = document.querySelector('[data-test="view-all"]') as HTMLElement
    expect(viewAll.textContent).toContain('查看全部通知')
    viewAll.click()
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/notifications')
  })
})
