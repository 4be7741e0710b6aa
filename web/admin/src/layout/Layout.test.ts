import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { configureHttp } from '@/api/http'
import { i18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import { useTabsStore } from '@/stores/tabs'
import Layout from './Layout.vue'

const Page = { template: '<div />' }

async function setup() {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().set({ user: { displayName: '民生办' } as any, csrfToken: 't', mustChangePassword: false, permissions: [], scope: 'subtree' })
  const router = createRouter({
    history: createMemoryHistory('/admin/'),
    routes: [
      {
        path: '/',
        component: Layout,
        children: [
          { path: '', redirect: '/users' },
          { path: 'users', component: Page, meta: { titleKey: 'menu.users' } },
          { path: 'projects/:id', component: Page, meta: { titleKey: 'project.detailTitle' } },
        ],
      },
    ],
  })
  router.push('/users')
  await router.isReady()
  const wrapper = mount({ template: '<router-view />' }, { global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  for (let i = 1; i <= 14; ++i) {
    await router.push(`/projects/${i}`)
    await flushPromises()
  }
  return { wrapper, router, tabs: useTabsStore() }
}
async function choose(wrapper: Awaited<ReturnType<typeof setup>>['wrapper'], item: string) {
  await wrapper.find('[data-test="tab-actions"]').trigger('click')
  await flushPromises()
  ;(document.querySelector(`[data-test="${item}"]`) as HTMLElement).click()
  await flushPromises()
}

describe('page tabs', { timeout: 30_000 }, () => {
  beforeEach(() => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ rows: [], total: 0, unread: 0 }), { status: 200, headers: { 'content-type': 'application/json' } })))
    configureHttp({ toast: vi.fn() })
    i18n.global.locale.value = 'zh-CN'
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('keeps every tab in one scrolling row', async () => {
    const { wrapper } = await setup()
    const bar = wrapper.find('[data-test="tabs"]')
    expect(bar.findAll('.tab')).toHaveLength(15)
    expect(bar.find('.tab.active a').attributes('aria-current')).toBe('page')
    expect(bar.find('.tab.active a').attributes('href')).toBe('/admin/projects/14')
  })

  it('closes the other tabs, keeping the current page', async () => {
    const { wrapper, router, tabs } = await setup()
    await router.push('/projects/7')
    await flushPromises()
    await choose(wrapper, 'tabs-close-others')
    expect(tabs.tabs.map((t) => t.path)).toEqual(['/projects/7'])
    expect(router.currentRoute.value.path).toBe('/projects/7')
    expect(wrapper.findAll('[data-test="tabs"] .tab')).toHaveLength(1)
  })

  it('closes all tabs and goes home', async () => {
    const { wrapper, router, tabs } = await setup()
    await choose(wrapper, 'tabs-close-all')
    expect(router.currentRoute.value.path).toBe('/users')
    expect(tabs.tabs.map((t) => t.path)).toEqual(['/users'])
  })
})
