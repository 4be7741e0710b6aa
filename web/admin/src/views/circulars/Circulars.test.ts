import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { configureHttp } from '@/api/http'
import { i18n } from '@/i18n'
import { homePath, menuFor, menuPages } from '@/menu'
import { useSessionStore } from '@/stores/session'
import CircularDetail from './CircularDetail.vue'
import CircularList from './CircularList.vue'
import CircularWizard from './CircularWizard.vue'
import Scorecard from './Scorecard.vue'
import ScoreRules from './ScoreRules.vue'

const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() }
vi.mock('./echarts', () => ({ init: vi.fn(() => chart) }))

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
const tally = (submitted = 1) => ({ submitted, adoptedCounty: 1, adoptedCity: 0, adoptedProvince: 0, owed: 1, done: 1, met: 1, missed: 0 })
const unit = (unitId: number, unitName: string, rank: number, score: string, flags: string[] = []) => ({
  unitId, unitName, rank, ytdRank: rank, periodScore: score, ytdScore: score, period: tally(flags.length ? 0 : 1), ytd: tally(3), flags, zeroed: false,
})
const PROSE = { overall: '6月共收到信息5条。\n\n采用2条。', good: '农业综合服务中心表现较好。', problems: '东风村零报送。', nextSteps: '请按时报送。' }
const circular = (over: Record<string, unknown> = {}) => ({
  id: 7, townId: 4, period: '2020-06', periodLabel: '2020年6月', state: 'draft', title: '关于2020年6月全镇民生工程信息报送情况的通报', codeWord: '民生办', redHeader: false,
  docNumber: null, serial: null, issuedOn: null, issuedAt: null, issuedBy: null, createdAt: '2026-11-28T02:00:00Z', updatedAt: '2026-11-28T02:00:00Z', ruleVersion: 1,
  prose: PROSE, unitIds: [10, 11],
  snapshot: { asOf: '2020-06-30', takenAt: '2026-11-28T02:00:00Z', ruleVersion: 1, units: [unit(10, '农业综合服务中心', 1, '4.0'), unit(11, '东风村', 2, '-1.0', ['零报送'])] },
  nextNumber: '民生办〔2026〕1号', ...over,
})
const DEFAULT_RULES = {
  version: 1, monthCap: '10.0', yearCap: '100.0', adoptionHighestOnly: true,
  kinds: [
    { kind: 'news', met: '2.0', extra: '0.5', extraCap: '2.0', county: '1.0', city: '2.0', province: '4.0', missed: '1.0', zeroOutMisses: 3 },
    { kind: 'photo_story', met: '3.0', extra: '1.0', extraCap: '2.0', county: '1.0', city: '2.0', province: '4.0', missed: '3.0', zeroOutMisses: 0 },
    { kind: 'voice', met: '3.0', extra: '1.0', extraCap: '2.0', county: '1.0', city: '2.0', province: '4.0', missed: '2.0', zeroOutMisses: 0 },
  ],
}
const SCORECARD = {
  year: 2026, asOf: '2026-11-28', ruleVersion: 1,
  columns: [
    { code: 'submissions.submitted', label: '报送数', module: 'submissions', measure: 'count', inTotal: false },
    { code: 'submissions.points', label: '信息得分', module: 'submissions', measure: 'points', inTotal: true },
  ],
  rows: [
    { unitId: 10, unitName: '农业综合服务中心', rank: 1, total: '24.5', values: ['12', '24.5'], raw: [12, 245] },
    { unitId: 11, unitName: '东风村', rank: 2, total: '3.0', values: ['2', '3.0'], raw: [2, 30], notes: ['文字信息累计3次未完成任务（达3次清零），年度得分清零，扣减8.5分'] },
    { unitId: 12, unitName: '西岭村', rank: null, total: '0.0', values: ['0', '0.0'], raw: [0, 0], notes: ['无报送任务'] },
  ],
  shortlist: [{ unitId: 10, unitName: '农业综合服务中心', rank: 1, total: '24.5' }],
  shortlistConfig: { minTotal: '20.0', topN: 5, conditions: [{ code: 'submissions.submitted', min: '10', max: null }] },
}

let state: ReturnType<typeof circular>
const fetchMock = vi.fn(async (url: string, init?: RequestInit): Promise<Response> => {
  const method = init?.method ?? 'GET'
  const body = init?.body ? JSON.parse(init.body as string) : undefined
  if (url.startsWith('/api/v1/org-units/tree'))
    return json({ rows: [{ id: 4, name: '民生镇', kind: 'town', kindLabel: '乡镇', sortOrder: 1, children: [{ id: 10, name: '农业综合服务中心', kind: 'department', kindLabel: '部门', sortOrder: 1, children: [] }, { id: 11, name: '东风村', kind: 'village', kindLabel: '村', sortOrder: 2, children: [] }, { id: 12, name: '西岭村', kind: 'village', kindLabel: '村', sortOrder: 3, children: [] }] }] })
  if (url.startsWith('/api/v1/circulars?'))
    return json({ rows: [circular({ id: 3, state: 'issued', docNumber: '民生办〔2026〕1号', issuedOn: '2026-07-05', prose: undefined, snapshot: undefined }), circular({ prose: undefined, snapshot: undefined })], total: 2 })
  if (url === '/api/v1/circulars' && method === 'POST') {
    state = circular({ period: body.period })
    return json(state, 201)
  }
  if (url === '/api/v1/circulars/7/refresh') {
    state = { ...state, unitIds: body.unitIds, snapshot: { ...state.snapshot, units: state.snapshot.units.filter((u) => body.unitIds.includes(u.unitId)) } }
    return json(state)
  }
  if (url === '/api/v1/circulars/7' && method === 'PUT') {
    if (!body.title) return json({ error: { code: 'InvalidArgument', message: '参数错误', fields: [{ field: 'title', message: '请填写标题' }] } }, 422)
    state = { ...state, title: body.title, prose: body.prose, codeWord: body.codeWord, redHeader: body.redHeader }
    return json(state)
  }
  if (url === '/api/v1/circulars/7/issue') {
    state = { ...state, state: 'issued', docNumber: '民生办〔2026〕1号', serial: 1, issuedOn: body.issuedOn, nextNumber: null, files: [{ format: 'docx', size: 20480, sha256: 'x' }] } as typeof state
    return json(state)
  }
  if (url.startsWith('/api/v1/circulars/7?issuedOn=')) {
    // The server numbers by the year of the issue date; in 2020 three circulars are already issued.
    const year = new URLSearchParams(url.split('?')[1]).get('issuedOn')!.slice(0, 4)
    return json({ ...state, nextNumber: `民生办〔${year}〕${year === '2020' ? 4 : 1}号` })
  }
  if (url === '/api/v1/circulars/7') return json(state)
  if (url === '/api/v1/circulars/3') {
    const c = circular({ id: 3, state: 'issued', docNumber: '民生办〔2026〕1号', issuedOn: '2026-07-05', issuedBy: '镇民生办', nextNumber: null })
    const unranked = { ...unit(12, '西岭村', 0, '0.0'), rank: null, ytdRank: null } as unknown as ReturnType<typeof unit>
    const zeroed = { ...c.snapshot.units[1], notes: ['文字信息累计3次未完成任务（达3次清零），年度得分清零，扣减8.5分'] }
    return json({ ...c, snapshot: { ...c.snapshot, units: [c.snapshot.units[0], zeroed, unranked] } })
  }
  if (url.startsWith('/api/v1/score-rules/preview')) return json({ period: '2026', periodLabel: '2026年', asOf: '2026-11-28', ruleVersion: 0, units: [unit(10, '农业综合服务中心', 1, '30.0')] })
  if (url.startsWith('/api/v1/score-rules') && method === 'PUT') {
    if (body.rules.kinds[0].met === '99.0') return json({ error: { code: 'InvalidArgument', message: '参数错误', fields: [{ field: 'rules.kinds[0].met', message: '超出允许范围' }] } }, 422)
    return json({ year: 2026, version: 2, isDefault: false, rules: { ...body.rules, version: 2 }, versions: [{ version: 2, createdAt: '2026-11-28T03:00:00Z', createdBy: '镇民生办' }] })
  }
  if (url.startsWith('/api/v1/score-rules')) return json({ year: 2026, version: 0, isDefault: true, rules: DEFAULT_RULES, versions: [] })
  if (url.startsWith('/api/v1/scorecard/shortlist-config') && method === 'PUT') return json(body)
  if (url.startsWith('/api/v1/scorecard?')) return json(SCORECARD)
  return json({ error: { code: 'NotFound', message: '记录不存在或已被删除', fields: [] } }, 404)
})

async function setup(component: any, props: Record<string, unknown>, permissions: string[], path = '/') {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().set({ user: {} as any, csrfToken: 't', mustChangePassword: false, permissions, scope: 'subtree' })
  const router = createRouter({ history: createMemoryHistory('/admin/'), routes: [{ path: '/', component: { template: '<div />' } }, { path: '/circulars/:rest(.*)*', component: { template: '<div />' } }] })
  router.push(path)
  await router.isReady()
  const wrapper = mount(component, { props, global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}
const calls = (prefix: string, method = 'GET') => fetchMock.mock.calls.filter((c) => (c[0] as string).startsWith(prefix) && (c[1]?.method ?? 'GET') === method)
const bodyOf = (c: unknown[]) => JSON.parse((c[1] as RequestInit).body as string)
async function click(wrapper: any, selector: string) {
  await wrapper.find(selector).trigger('click')
  await flushPromises()
}
async function confirmBox() {
  await flushPromises()
  const ok = document.querySelector('.el-message-box__btns .el-button--primary') as HTMLButtonElement
  expect(ok).toBeTruthy()
  ok.click()
  await flushPromises()
  await vi.advanceTimersByTimeAsync(10) // the box closes on a timer (fake timers)
  await flushPromises()
}

describe('通报考核 pages', { timeout: 30_000 }, () => {
  beforeEach(() => {
    fetchMock.mockClear()
    chart.setOption.mockClear()
    vi.stubGlobal('fetch', fetchMock)
    configureHttp({ toast: vi.fn() })
    i18n.global.locale.value = 'zh-CN'
    vi.setSystemTime(new Date('2026-11-28T02:00:00Z')) // 10:00 in Shanghai, the day of the mocked answers
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists issued circulars with their three files and drafts with continue/delete', async () => {
    const { wrapper } = await setup(CircularList, {}, ['circular:read', 'circular:write'])
    expect(calls('/api/v1/circulars?')[0][0]).toBe('/api/v1/circulars?pageNum=1&pageSize=10&page=1')
    const rows = wrapper.findAll('.el-table__body-wrapper tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('民生办〔2026〕1号')
    expect(rows[0].text()).toContain('已印发')
    expect(rows[0].findAll('a[download]').map((a) => a.attributes('href'))).toEqual(['/api/v1/circulars/3/file?format=docx', '/api/v1/circulars/3/file?format=pdf', '/api/v1/circulars/3/file?format=xlsx'])
    expect(rows[1].text()).toContain('（未编号）')
    expect(rows[1].text()).toContain('草稿')
    expect(rows[1].find('[data-test="row-continue"]').exists()).toBe(true)
    expect(rows[1].find('[data-test="row-delete"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="add"]').text()).toBe('新建通报')
  })

  it('shows a department only the files, no write actions', async () => {
    const { wrapper } = await setup(CircularList, {}, ['circular:read'])
    expect(wrapper.find('[data-test="add"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="row-delete"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="filter-state"]').exists()).toBe(false)
  })

  it('walks the wizard: period → units → figures → prose → number → issued files', async () => {
    const { wrapper, router } = await setup(CircularWizard, {}, ['circular:read', 'circular:write'])
    // 期间: June 2020
    await wrapper.find('[data-test="period-year"]').trigger('click')
    const selectOption = async (label: string) => {
      const opt = Array.from(document.querySelectorAll('.el-select-dropdown__item')).find((el) => el.textContent?.trim() === label) as HTMLElement
      opt.click()
      await flushPromises()
    }
    await selectOption('2020')
    await wrapper.find('[data-test="period-month"]').trigger('click')
    await selectOption('6 月')
    expect(wrapper.find('[data-test="period-code"]').text()).toBe('2020年6月（2020-06）')
    await click(wrapper, '[data-test="next"]')
    expect(bodyOf(calls('/api/v1/circulars', 'POST')[0])).toEqual({ period: '2020-06' })
    expect(router.currentRoute.value.query.id).toBe('7')

    // 单位: the snapshot's two units checked, the town's third offered unchecked
    const unitRows = wrapper.findAll('[data-test="unit-table"] .el-table__body tr')
    expect(unitRows).toHaveLength(3)
    expect(unitRows[2].text()).toContain('西岭村')
    expect(unitRows[2].text()).toContain('本期无报送任务')
    expect(wrapper.find('[data-test="units-count"]').text()).toBe('已选 2 / 3 个单位')
    // untick 东风村: the snapshot is re-taken with the prose reset (not edited yet)
    await wrapper.find('[data-test="unit-11"] input').setValue(false)
    await click(wrapper, '[data-test="next"]')
    expect(bodyOf(calls('/api/v1/circulars/7/refresh', 'POST')[0])).toEqual({ unitIds: [10], resetProse: true })

    // 预览数据
    const figures = wrapper.findAll('[data-test="snapshot-table"] .el-table__body tr')
    expect(figures).toHaveLength(1)
    expect(figures[0].text()).toContain('农业综合服务中心')
    expect(wrapper.find('[data-test="figures-meta"]').text()).toContain('数据截至 2020-06-30')
    await click(wrapper, '[data-test="next"]')

    // 正文: prefilled; an empty title is refused by the server next to the field
    expect((wrapper.find('#c-prose-overall').element as HTMLTextAreaElement).value).toBe(PROSE.overall)
    await wrapper.find('#c-title').setValue('')
    await wrapper.find('[data-test="step-prose"]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('.el-form-item.is-error label').text()).toBe('标题')
    await wrapper.find('#c-title').setValue('关于6月信息报送的通报')
    await wrapper.find('[data-test="red-header"]').trigger('click')
    await wrapper.find('[data-test="step-prose"]').trigger('submit')
    await flushPromises()
    const put = bodyOf(calls('/api/v1/circulars/7', 'PUT').at(-1)!)
    expect(put).toEqual({ title: '关于6月信息报送的通报', prose: PROSE, codeWord: '民生办', redHeader: true })

    // 编号与印发
    expect(wrapper.find('[data-test="next-number"]').text()).toBe('民生办〔2026〕1号')
    await wrapper.find('[data-test="step-issue"]').trigger('submit')
    await confirmBox()
    expect(bodyOf(calls('/api/v1/circulars/7/issue', 'POST')[0]).issuedOn).toBe('2026-11-28')
    const done = wrapper.find('[data-test="step-done"]')
    expect(done.text()).toContain('通报已印发')
    expect(done.text()).toContain('民生办〔2026〕1号')
    expect(done.findAll('a[download]').map((a) => a.text())).toEqual(['DOCX', 'PDF', 'XLSX'])
  })

  it('confirms the number the issue date will get: its year and the server\'s next serial', async () => {
    state = circular()
    const { wrapper } = await setup(CircularWizard, {}, ['circular:read', 'circular:write'], '/circulars/new?id=7')
    await click(wrapper, '[data-test="next"]') // units → figures
    await click(wrapper, '[data-test="next"]') // figures → prose
    await wrapper.find('[data-test="step-prose"]').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-test="next-number"]').text()).toBe('民生办〔2026〕1号')
    // 印发日期 2020-07-06: the page and the confirmation name 民生办〔2020〕4号, never 〔2026〕.
    const input = wrapper.find('#c-issued-on')
    await input.setValue('2020-07-06')
    await input.trigger('change')
    await flushPromises()
    expect(wrapper.find('[data-test="next-number"]').text()).toBe('民生办〔2020〕4号')
    await wrapper.find('[data-test="step-issue"]').trigger('submit')
    await flushPromises()
    const box = document.querySelector('.el-message-box__message')!.textContent ?? ''
    expect(box).toContain('民生办〔2020〕4号')
    expect(box).toContain('2020-07-06')
    expect(box).not.toContain('〔2026〕')
    expect(calls('/api/v1/circulars/7?issuedOn=2020-07-06').length).toBeGreaterThanOrEqual(2) // on change and before confirming
    await confirmBox()
    expect(bodyOf(calls('/api/v1/circulars/7/issue', 'POST')[0]).issuedOn).toBe('2020-07-06')
  })

  it('shows the server field error of the period next to it', async () => {
    const { wrapper } = await setup(CircularWizard, {}, ['circular:write'])
    fetchMock.mockImplementationOnce(async () => json({ error: { code: 'InvalidArgument', message: '参数错误', fields: [{ field: 'period', message: '统计时段不能晚于本月' }] } }, 422))
    await click(wrapper, '[data-test="next"]')
    expect(wrapper.find('[data-test="step-period"] .el-form-item.is-error .el-form-item__label').text()).toBe('统计时段')
    expect(wrapper.find('[data-test="step-units"]').exists()).toBe(false)
  })

  it('refuses to go on with no unit chosen', async () => {
    state = circular()
    const { wrapper } = await setup(CircularWizard, {}, ['circular:write'], '/circulars/new?id=7')
    expect(wrapper.find('[data-test="step-units"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="units-count"]').text()).toBe('已选 2 / 3 个单位')
    await wrapper.find('[data-test="units-all"] input').setValue(true)
    expect(wrapper.find('[data-test="units-count"]').text()).toBe('已选 3 / 3 个单位')
    await wrapper.find('[data-test="units-all"] input').setValue(false)
    expect(wrapper.find('[data-test="units-count"]').text()).toBe('已选 0 / 3 个单位')
    await click(wrapper, '[data-test="next"]')
    expect(wrapper.find('[data-test="local-error"]').text()).toContain('请至少选择一个单位')
    expect(calls('/api/v1/circulars/7/refresh', 'POST')).toHaveLength(0)
  })

  it('shows an issued circular: number, files, figures and prose as text', async () => {
    const { wrapper } = await setup(CircularDetail, { id: 3 }, ['circular:read'])
    expect(wrapper.find('[data-test="detail-number"]').text()).toBe('民生办〔2026〕1号')
    expect(wrapper.find('[data-test="detail-state"]').text()).toBe('已印发')
    expect(wrapper.findAll('a[download]')).toHaveLength(3)
    const rows = wrapper.findAll('[data-test="snapshot-table"] .el-table__body tr')
    expect(rows).toHaveLength(3)
    expect(wrapper.find('[data-test="snapshot-table"]').text()).toContain('零报送')
    // The reason a score was lowered; a unit without an obligation: ranks "—", 本期无报送任务.
    expect(rows[1].find('[data-test="score-note"]').text()).toBe('文字信息累计3次未完成任务（达3次清零），年度得分清零，扣减8.5分')
    const cells = rows[2].findAll('td').map((td) => td.text())
    expect(cells[0]).toBe('—')
    expect(cells[9]).toBe('—')
    expect(rows[2].find('[data-test="no-obligation"]').text()).toBe('本期无报送任务')
    const prose = wrapper.find('[data-test="detail-prose"]')
    expect(prose.findAll('h3').map((h) => h.text())).toEqual(['一、总体情况', '二、好的单位', '三、存在问题', '四、下步要求'])
    expect(prose.findAll('p')[1].text()).toBe('采用2条。')
  })

  it('checks the rules locally, previews them and saves a new version', async () => {
    const { wrapper } = await setup(ScoreRules, {}, ['score:read', 'score:write'])
    expect(calls('/api/v1/score-rules?')[0][0]).toMatch(/^\/api\/v1\/score-rules\?year=\d{4}$/)
    expect(wrapper.find('[data-test="rules-default"]').exists()).toBe(true)
    expect(wrapper.findAll('[data-test="score-rules-table"] .el-table__body tr')).toHaveLength(3)
    await wrapper.find('[data-test="rule-0-met"]').setValue('2.25')
    await wrapper.find('[data-test="month-cap"]').setValue('abc')
    await click(wrapper, '[data-test="rules-preview"]')
    expect(wrapper.find('[data-test="err-0-met"]').text()).toBe('请填写 0～100 之间的分值，最多一位小数')
    expect(wrapper.find('.caps .el-form-item.is-error label').text()).toBe('每月得分上限')
    expect(calls('/api/v1/score-rules/preview', 'POST')).toHaveLength(0)

    await wrapper.find('[data-test="rule-0-met"]').setValue('2.5')
    await wrapper.find('[data-test="month-cap"]').setValue('')
    await click(wrapper, '[data-test="rules-preview"]')
    const preview = calls('/api/v1/score-rules/preview', 'POST')[0]
    expect(preview[0]).toMatch(/preview\?year=\d{4}$/)
    expect(bodyOf(preview).rules.kinds[0].met).toBe('2.5')
    expect(bodyOf(preview).rules.monthCap).toBeNull()
    expect(wrapper.find('[data-test="rules-preview-result"]').text()).toContain('30.0')

    // the server's field error lands next to its input
    await wrapper.find('[data-test="rule-0-met"]').setValue('99')
    await click(wrapper, '[data-test="rules-save"]')
    expect(wrapper.find('[data-test="err-0-met"]').text()).toBe('超出允许范围')
    await wrapper.find('[data-test="rule-0-met"]').setValue('2.5')
    await click(wrapper, '[data-test="rules-save"]')
    expect(wrapper.find('[data-test="rules-version"]').text()).toBe('第 2 版')
    expect(wrapper.find('[data-test="rules-versions"]').text()).toContain('镇民生办')
  })

  it('lets score:read preview but not edit the rules', async () => {
    const { wrapper } = await setup(ScoreRules, {}, ['score:read'])
    expect(wrapper.find('[data-test="rules-save"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="rules-preview"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="rule-0-met"]').attributes('disabled')).toBeDefined()
  })

  it('shows the scorecard: chart, ranking table with the API columns, shortlist and thresholds', async () => {
    const { wrapper } = await setup(Scorecard, {}, ['score:read', 'score:write'])
    await flushPromises()
    const headers = wrapper.findAll('[data-test="scorecard-table"] .el-table__header th').map((th) => th.text())
    expect(headers).toEqual(['排名', '单位', '报送数', '信息得分', '合计', '备注', '建议名单'])
    const rows = wrapper.findAll('[data-test="scorecard-table"] .el-table__body tr')
    expect(rows).toHaveLength(3)
    // Why a score is low, and a unit without an obligation shown unranked.
    expect(rows[1].text()).toContain('年度得分清零')
    expect(rows[2].findAll('td')[0].text()).toBe('—')
    expect(rows[2].text()).toContain('无报送任务')
    expect(rows[0].text()).toContain('24.5')
    expect(rows[0].classes()).toContain('on-shortlist')
    const canvas = wrapper.find('[data-test="score-chart-canvas"]')
    expect(canvas.attributes('role')).toBe('img')
    expect(canvas.attributes('aria-label')).toContain('农业综合服务中心 24.5 分')
    expect(canvas.attributes('aria-describedby')).toBe('scorecard-table')
    expect(chart.setOption).toHaveBeenCalled()
    const option = chart.setOption.mock.calls[0][0]
    expect(option.yAxis.data).toEqual(['西岭村', '东风村', '农业综合服务中心'])
    // Numbered once: the item's own 第 N 名, in a list that adds no number of its own.
    const list = wrapper.find('[data-test="shortlist-list"]')
    expect(list.element.tagName).toBe('UL')
    expect(wrapper.find('[data-test="shortlist"] ol').exists()).toBe(false)
    expect(list.findAll('li').map((li) => li.text())).toEqual(['第 1 名 农业综合服务中心（24.5 分）'])
    expect((wrapper.find('[data-test="min-total"]').element as HTMLInputElement).value).toBe('20.0')
    await wrapper.find('[data-test="min-total"]').setValue('')
    await wrapper.find('[data-test="shortlist"] form').trigger('submit')
    await flushPromises()
    const put = calls('/api/v1/scorecard/shortlist-config', 'PUT')[0]
    expect(bodyOf(put)).toEqual({ minTotal: null, topN: 5, conditions: [{ code: 'submissions.submitted', min: '10', max: null }] })
  })

  it('hides the threshold editing from score:read', async () => {
    const { wrapper } = await setup(Scorecard, {}, ['score:read'])
    expect(wrapper.find('[data-test="save-config"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="add-condition"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="export-xlsx"]').exists()).toBe(true)
  })
})

describe('通报考核 menu', () => {
  const paths = (p: string[]) => menuPages(menuFor(p)).map((m) => m.path).filter((x) => x.startsWith('/circulars'))
  it('shows each role its pages', () => {
    expect(paths(['circular:read', 'circular:write', 'score:read', 'score:write'])).toEqual(['/circulars/list', '/circulars/new', '/circulars/scorecard', '/circulars/rules']) // office
    expect(paths(['circular:read', 'score:read'])).toEqual(['/circulars/list', '/circulars/scorecard', '/circulars/rules']) // leader, county
    expect(paths(['circular:read'])).toEqual(['/circulars/list']) // department, village
    expect(paths(['user:read', 'org:read'])).toEqual([]) // administrators: no empty group
    expect(menuFor(['user:read']).some((m) => m.titleKey === 'menu.circulars')).toBe(false)
    expect(homePath(['circular:read'])).toBe('/profile')
  })
})
