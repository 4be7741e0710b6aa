import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it, vi } from 'vitest'
import { h, reactive } from 'vue'
import { i18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import ListPage from './ListPage.vue'

function setup(permissions: string[], props: Record<string, unknown> = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().set({ user: {} as any, csrfToken: 't', mustChangePassword: false, permissions, scope: 'all' })
  const fetch = vi.fn(async (q: any) => ({ rows: Array.from({ length: Math.min(q.pageSize, 3) }, (_, i) => ({ id: i + 1, name: `行${i}` })), total: 57 }))
  const query = reactive({ keyword: '' })
  const wrapper = mount(ListPage, {
    props: { fetch, query, addPermission: 'user:write', editPermission: 'user:write', deletePermission: 'user:delete', importPermission: 'user:import', exportPermission: 'user:export', ...props },
    slots: { search: () => h('input', { class: 'kw' }), default: () => h('span') },
    global: { plugins: [pinia, i18n, ElementPlus] },
  })
  return { wrapper, fetch, query }
}

describe('ListPage', () => {
  it('loads page 1 with 10 rows and shows the total', async () => {
    const { wrapper, fetch } = setup([])
    await flushPromises()
    expect(fetch).toHaveBeenCalledWith({ keyword: '', pageNum: 1, pageSize: 10 })
    expect(wrapper.find('.el-pagination__total').text()).toContain('57')
    expect(wrapper.findAll('.el-pagination .el-pager li').length).toBeGreaterThan(1)
  })

  it('shows each toolbar button only with its permission', async () => {
    const none = setup([]).wrapper
    await flushPromises()
    for (const b of ['add', 'edit', 'delete', 'import', 'export']) expect(none.find(`[data-test="${b}"]`).exists()).toBe(false)
    const some = setup(['user:write', 'user:export']).wrapper
    await flushPromises()
    expect(some.find('[data-test="add"]').exists()).toBe(true)
    expect(some.find('[data-test="edit"]').exists()).toBe(true)
    expect(some.find('[data-test="delete"]').exists()).toBe(false)
    expect(some.find('[data-test="import"]').exists()).toBe(false)
    expect(some.find('[data-test="export"]').exists()).toBe(true)
    // 修改 needs exactly one selected row
    expect(some.find('[data-test="edit"]').attributes('disabled')).toBeDefined()
  })

  it('sends pageNum/pageSize when paging and resets to page 1 on search', async () => {
    const { wrapper, fetch, query } = setup(['user:write'])
    await flushPromises()
    const vm = wrapper.findComponent({ name: 'ElPagination' })
    vm.vm.$emit('current-change', 3)
    await flushPromises()
    expect(fetch).toHaveBeenLastCalledWith({ keyword: '', pageNum: 3, pageSize: 10 })
    vm.vm.$emit('size-change', 20)
    await flushPromises()
    expect(fetch).toHaveBeenLastCalledWith({ keyword: '', pageNum: 1, pageSize: 20 })
    query.keyword = '甲村'
    await (wrapper.vm as any).search()
    expect(fetch).toHaveBeenLastCalledWith({ keyword: '甲村', pageNum: 1, pageSize: 20 })
    await wrapper.find('[data-test="reset"]').trigger('click')
    await flushPromises()
    expect(query.keyword).toBe('')
    expect(fetch).toHaveBeenLastCalledWith({ keyword: '', pageNum: 1, pageSize: 20 })
  })

  it('offers the page sizes 10/20/30/50 and the RuoYi layout', async () => {
    const { wrapper } = setup([])
    await flushPromises()
    const p = wrapper.findComponent({ name: 'ElPagination' })
    expect(p.props('pageSizes')).toEqual([10, 20, 30, 50])
    expect(p.props('layout')).toBe('total, sizes, prev, pager, next, jumper')
  })

  it('emits export with the current (transformed) query', async () => {
    const { wrapper } = setup(['user:export'], { transformQuery: (q: any) => ({ ...q, extra: 'x' }) })
    await flushPromises()
    await wrapper.find('[data-test="export"]').trigger('click')
    expect(wrapper.emitted('export')?.[0]).toEqual([{ keyword: '', extra: 'x' }])
  })
})
