import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { configureHttp, setCsrfToken } from '@/api/http'
import { i18n } from '@/i18n'
import { homePath, menuFor, menuPages } from '@/menu'
import { routes } from '@/router'
import { useSessionStore } from '@/stores/session'
import LeafletEditor from './LeafletEditor.vue'
import PrintRuns from './PrintRuns.vue'
import SignEditor from './SignEditor.vue'
import SignList from './SignList.vue'
import Windows from './Windows.vue'

class FakeXhr {
  static all: FakeXhr[] = []
  headers: Record<string, string> = {}
  body: FormData | null = null
  status = 0
  responseText = ''
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  constructor() {
    FakeXhr.all.push(this)
  }
  open() {}
  getResponseHeader(): string | null {
    return null
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  send(body: FormData) {
    this.body = body
  }
  abort() {
    this.onabort?.()
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent)
  }
  answer(status: number, body: unknown) {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.onload?.()
  }
}

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
const NOT_FOUND = () => json({ error: { code: 'NotFound', message: '记录不存在或已被删除', fields: [] } }, 404)
const EMPTY_OVERRIDES = { builder: null, investment: null, buildDates: null, managerUnit: null, supervisionPhone: null, location: null, content: null, contractor: null, responsible: null }
const FIELDS = {
  builder: '民生镇人民政府', investment: '480.00万元', buildDates: '2020年4月1日至2020年12月31日', managerUnit: '农业综合服务中心', supervisionPhone: '0551-65123456',
  location: '民生镇东风村', content: '农村户厕改造120户', contractor: '', responsible: '张三',
}
const sign = (over: Record<string, unknown> = {}) => ({
  id: null, projectId: 5, projectCode: '2020-01', projectName: '农村改厕及废弃物资源化利用', leadUnitName: '农业综合服务中心', size: 'a4', script: 'hans',
  fields: { ...FIELDS }, overrides: { ...EMPTY_OVERRIDES }, evidence: null, state: 'missing', overdue: true, daysSinceStart: 45, updatedAt: null, ...over,
})
const EVIDENCE = { fileId: 77, takenAt: '2020-05-06T14:30:00', lat: 31.8, lng: 117.2, distanceM: 1234, uploadedAt: '2020-05-06T07:00:00Z', warnings: [{ code: 'too_far', message: '照片拍摄地点距项目 1.2 公里，超过 200 米' }] }

let signState: ReturnType<typeof sign>
let leaflet: { projectId: number; versions: any[] }
// The server's warning about the QR code's address (qrWarning), null when phones can open it.
let qrWarning: string | null = null
const LOOPBACK = '二维码指向 http://127.0.0.1:8080，这是服务器本机的地址，群众手机扫码打不开。请系统管理员设置对外网址（命令 minsheng base-url，见运维手册）。'
const fetchMock = vi.fn(async (url: string, init?: RequestInit): Promise<Response> => {
  const method = init?.method ?? 'GET'
  const body = init?.body && typeof init.body === 'string' ? JSON.parse(init.body) : undefined
  if (/\/artwork\?format=png/.test(url)) return new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { status: 200, headers: { 'content-type': 'image/png' } })
  if (url === '/api/v1/projects/years') return json({ years: [2020], current: 2020 })
  if (url.startsWith('/api/v1/projects?')) {
    const cat = new URL(url, 'http://x').searchParams.get('category')
    const rows = cat === 'subsidy' ? [{ id: 8, code: '2020-05', name: '城乡居民基本医疗保险', category: 'subsidy' }, { id: 9, code: '2020-07', name: '家庭经济困难学生资助', category: 'subsidy' }] : [{ id: 5, code: '2020-01', name: '农村改厕及废弃物资源化利用', category: 'engineering' }]
    return json({ rows, total: rows.length })
  }
  if (url.startsWith('/api/v1/org-units/tree'))
    return json({ rows: [{ id: 4, name: '民生镇', kind: 'town', kindLabel: '乡镇', sortOrder: 1, children: [{ id: 10, name: '镇便民服务中心', kind: 'department', kindLabel: '部门', sortOrder: 1, children: [] }, { id: 11, name: '东风村', kind: 'village', kindLabel: '村', sortOrder: 2, children: [] }] }] })
  if (url.startsWith('/api/v1/signs?'))
    return json({
      rows: [
        sign(),
        sign({ id: 3, projectId: 6, projectCode: '2020-04', projectName: '城镇老旧小区改造', leadUnitName: '城建办', state: 'evidenced', overdue: false, daysSinceStart: 80, completedDate: '2020-06-27', evidence: EVIDENCE, updatedAt: '2020-05-06T03:00:00Z' }),
        sign({ id: 4, projectId: 7, projectCode: '2020-09', projectName: '农村危房改造', leadUnitName: '城建办', state: 'draft', overdue: false, daysSinceStart: 10 }),
      ],
      total: 3,
      overdueDays: 30,
    })
  if (url === '/api/v1/signs/project/5' && method === 'GET') return json({ ...signState, qrWarning })
  if (url === '/api/v1/signs/project/5' && method === 'PUT') {
    if (body.overrides.supervisionPhone === '12345')
      return json({ error: { code: 'InvalidArgument', message: '参数错误', fields: [{ field: 'overrides.supervisionPhone', message: '监督电话应为固定电话（如 0551-12345678）或手机号' }] } }, 422)
    const fields = { ...FIELDS }
    for (const [k, v] of Object.entries(body.overrides)) if (v !== null) (fields as any)[k] = v
    signState = { ...signState, id: 12, size: body.size, script: body.script, overrides: body.overrides, fields, state: signState.evidence ? 'evidenced' : 'draft', updatedAt: '2020-05-01T01:02:03Z' }
    return json(signState)
  }
  if (url === '/api/v1/signs/project/5/evidence' && method === 'POST') {
    signState = { ...signState, evidence: { ...EVIDENCE, fileId: body.fileId } as any, state: 'evidenced', overdue: false }
    return json(signState)
  }
  if (url === '/api/v1/signs/project/5/evidence' && method === 'DELETE') {
    signState = { ...signState, evidence: null, state: 'draft' }
    return json(signState)
  }
  if (url === '/api/v1/windows' && method === 'GET')
    return json({ rows: [{ id: 2, unitId: 10, unitName: '镇便民服务中心', place: '3 号窗口', projectIds: [8, 9], lastCheckedOn: '2020-05-01', checks: [{ id: 1, checkedOn: '2020-05-01', posterPresent: true, note: '' }] }], total: 1, qrWarning })
  if (url === '/api/v1/windows/2/checks' && method === 'POST') return json({ id: 2 }, 201)
  if (url === '/api/v1/leaflets/project/8' && method === 'GET') return json({ ...leaflet, qrWarning })
  if (url === '/api/v1/leaflets/project/8' && method === 'PUT') {
    leaflet = { ...leaflet, versions: [...leaflet.versions, { version: 2, frozen: false, frozenAt: null, ...body, updatedAt: '2020-06-01T00:00:00Z' }] }
    return json(leaflet)
  }
  if (url.startsWith('/api/v1/print-runs?'))
    return json({
      rows: [
        { id: 1, kind: 'leaflet', projectId: 8, projectCode: '2020-05', projectName: '城乡居民基本医疗保险', leafletVersion: 1, copies: 500, printedOn: '2020-05-01', distributed: 300 },
        { id: 2, kind: 'poster', projectId: 9, projectCode: '2020-07', projectName: '家庭经济困难学生资助', leafletVersion: null, copies: 20, printedOn: '2020-05-02', distributed: 0 },
      ],
      total: 2,
      qrWarning,
    })
  if (url === '/api/v1/print-runs' && method === 'POST') {
    if (qrWarning && body.confirmQr !== true)
      return json({ error: { code: 'Conflict', message: '二维码的网址有问题，确认仍要印制请重新提交并确认', fields: [{ field: 'confirmQr', message: qrWarning }] } }, 409)
    return json({ id: 3, ...body, leafletVersion: null, distributed: 0 }, 201)
  }
  if (url === '/api/v1/print-runs/1' && method === 'GET')
    return json({ id: 1, kind: 'leaflet', projectId: 8, leafletVersion: 1, copies: 500, printedOn: '2020-05-01', distributions: [{ id: 1, targetKind: 'school', targetName: '民生镇中心小学', copies: 300, pupilsReached: 280, handedOn: '2020-05-03' }] })
  if (url === '/api/v1/print-runs/2/distributions' && method === 'POST')
    return json({ id: 2, kind: 'poster', projectId: 9, leafletVersion: null, copies: 20, printedOn: '2020-05-02', distributions: [{ id: 5, ...body }] }, 201)
  return NOT_FOUND()
})

const OFFICE = ['project:read', 'sign:read', 'sign:write', 'print:write', 'file:upload', 'file:read']

async function setup(component: any, props: Record<string, unknown>, permissions: string[], role = 'office') {
  const pinia = createPinia()
  setActivePinia(pinia)
  useSessionStore().set({ user: { role } as any, csrfToken: 'tok', mustChangePassword: false, permissions, scope: 'subtree' })
  const router = createRouter({ history: createMemoryHistory('/admin/'), routes: [{ path: '/:rest(.*)*', component: { template: '<div />' } }] })
  router.push('/')
  await router.isReady()
  const wrapper = mount(component, { props, global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}
const calls = (prefix: string, method = 'GET') => fetchMock.mock.calls.filter((c) => (c[0] as string).startsWith(prefix) && (c[1]?.method ?? 'GET') === method)
const bodyOf = (c: unknown[]) => JSON.parse((c[1] as RequestInit).body as string)
const settle = async () => {
  await flushPromises()
  await vi.advanceTimersByTimeAsync(150) // el-form-item shows errors after a 100 ms debounce (fake timers)
  await flushPromises()
}

describe('宣传物料 pages', { timeout: 30_000 }, () => {
  beforeEach(() => {
    FakeXhr.all = []
    fetchMock.mockClear()
    signState = sign()
    qrWarning = null
    leaflet = { projectId: 8, versions: [{ version: 1, frozen: true, frozenAt: '2020-05-01T00:00:00Z', title: '医保明白纸', plainText: '参保缴费', eligibility: '全体居民', howToApply: '村里办理', hotline: '0551-12345', paper: 'a5', twoUp: true, updatedAt: '2020-04-30T00:00:00Z' }] }
    vi.stubGlobal('fetch', fetchMock)
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    configureHttp({ toast: vi.fn() })
    setCsrfToken('tok')
    i18n.global.locale.value = 'zh-CN'
    vi.setSystemTime(new Date('2026-11-28T02:00:00Z'))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('lists the year\'s signs with state, a red overdue tag in words, the ZIP and PDF links', async () => {
    const { wrapper } = await setup(SignList, {}, OFFICE)
    expect(calls('/api/v1/signs?')[0][0]).toBe('/api/v1/signs?year=2020&state=all')
    const rows = wrapper.findAll('[data-test="sign-table"] .el-table__body-wrapper tbody tr')
    expect(rows).toHaveLength(3)
    expect(rows[0].find('[data-test="row-state"]').text()).toBe('未建')
    const overdue = rows[0].find('[data-test="row-overdue"]')
    expect(overdue.text()).toBe('逾期')
    expect(overdue.classes()).toContain('el-tag--danger')
    expect(rows[0].text()).toContain('逾期：开工 45 天未佐证')
    expect(rows[0].find('[data-test="row-pdf"]').exists()).toBe(false) // no record yet
    expect(rows[1].find('[data-test="row-state"]').text()).toBe('已佐证')
    expect(rows[1].find('[data-test="row-overdue"]').exists()).toBe(false)
    // finished: its duration, not days up to today
    expect(rows[1].find('[data-test="row-since-start"]').text()).toBe('开工到竣工 80 天')
    expect(rows[2].find('[data-test="row-since-start"]').text()).toBe('开工 10 天')
    expect(rows[1].find('[data-test="row-pdf"]').attributes('href')).toBe('/api/v1/signs/project/6/artwork?format=pdf')
    expect(rows[2].find('[data-test="row-edit"]').attributes('href')).toBe('/admin/signage/signs/7')
    expect(wrapper.find('[data-test="sign-zip"]').attributes('href')).toBe('/api/v1/signs/export.zip?year=2020&format=pdf')
    expect(wrapper.find('[data-test="overdue-rule"]').text()).toBe('开工 30 天后仍无安装佐证即为逾期')
    expect(wrapper.find('[data-test="sign-summary"]').text()).toBe('共 3 个工程类项目：未建 1 个，草稿 1 个，已佐证 1 个，逾期 1 个')
    expect(wrapper.find('[data-test="overdue-settings"]').exists()).toBe(true)

    // the keyword filters locally
    await wrapper.find('input[data-test="sign-keyword"]').setValue('城建办')
    await wrapper.find('.list-search').trigger('submit')
    await flushPromises()
    expect(wrapper.findAll('[data-test="sign-table"] .el-table__body-wrapper tbody tr')).toHaveLength(2)
  })

  it('shows a department no overdue setting and a leader only 查看', async () => {
    const dept = await setup(SignList, {}, OFFICE, 'dept')
    expect(dept.wrapper.find('[data-test="overdue-settings"]').exists()).toBe(false)
    dept.wrapper.unmount()
    const { wrapper } = await setup(SignList, {}, ['sign:read'], 'leader')
    expect(wrapper.find('[data-test="row-edit"]').text()).toBe('查看')
  })

  it('edits a sign: project values as placeholders, overrides, server phone message, preview reloaded after save', async () => {
    const { wrapper } = await setup(SignEditor, { id: 5 }, OFFICE)
    expect(wrapper.find('[data-test="sign-state"]').text()).toBe('未建')
    expect(wrapper.find('[data-test="sign-overdue"]').text()).toBe('逾期：开工 45 天未佐证')
    const builder = wrapper.find('#sign-builder')
    expect(builder.attributes('placeholder')).toBe('民生镇人民政府')
    expect((builder.element as HTMLInputElement).value).toBe('')
    expect(wrapper.find('#sign-contractor').attributes('placeholder')).toBe('项目中未填写')
    expect(wrapper.find('[data-test="phone-hint"]').text()).toBe('固定电话格式正确')
    const previews = () => calls('/api/v1/signs/project/5/artwork?format=png').map((c) => c[0])
    expect(previews()).toEqual(['/api/v1/signs/project/5/artwork?format=png&size=a4&script=hans'])
    await vi.waitFor(() => expect(wrapper.find('[data-test="sign-preview"]').attributes('src')).toBe('data:image/png;base64,iVBORw=='))
    expect(wrapper.find('[data-test="download-pdf"]').attributes('href')).toBe('/api/v1/signs/project/5/artwork?format=pdf')
    expect(wrapper.find('[data-test="download-svg"]').attributes('href')).toBe('/api/v1/signs/project/5/artwork?format=svg')
    expect(wrapper.find('[data-test="sign-save"]').text()).toBe('创建标牌')

    // size and script preview at once
    await wrapper.find('[data-test="size-240x120"] input').setValue(true)
    await wrapper.find('[data-test="script-hant"] input').setValue(true)
    await flushPromises()
    expect(previews().at(-1)).toBe('/api/v1/signs/project/5/artwork?format=png&size=240x120&script=hant')
    const before = previews().length

    // a bad phone: the local hint, then the server's message next to the field
    await wrapper.find('#sign-supervisionPhone').setValue('12345')
    expect(wrapper.find('[data-test="phone-hint"]').classes()).toContain('hint-bad')
    await wrapper.find('[data-test="sign-form"]').trigger('submit')
    await settle()
    expect(wrapper.find('.field-supervisionPhone .el-form-item__error').text()).toBe('监督电话应为固定电话（如 0551-12345678）或手机号')

    await wrapper.find('#sign-supervisionPhone').setValue('13912345678')
    await wrapper.find('#sign-builder').setValue(' 民生镇政府 ')
    await wrapper.find('[data-test="sign-form"]').trigger('submit')
    await settle()
    const put = bodyOf(calls('/api/v1/signs/project/5', 'PUT').at(-1)!)
    expect(put).toEqual({ size: '240x120', script: 'hant', overrides: { ...EMPTY_OVERRIDES, builder: '民生镇政府', supervisionPhone: '13912345678' } })
    expect(wrapper.find('.field-supervisionPhone .el-form-item__error').exists()).toBe(false)
    expect(wrapper.find('[data-test="sign-state"]').text()).toBe('草稿')
    // the same URL fetched again after the save (new texts)
    expect(previews().length).toBe(before + 1)
    expect(previews().at(-1)).toBe('/api/v1/signs/project/5/artwork?format=png&size=240x120&script=hant')
    expect(wrapper.find('.field-builder .override-tag').text()).toBe('已修改')
    // clearing an override goes back to the project's value (null)
    await wrapper.find('[data-test="reset-builder"]').trigger('click')
    await wrapper.find('[data-test="sign-form"]').trigger('submit')
    await settle()
    expect(bodyOf(calls('/api/v1/signs/project/5', 'PUT').at(-1)!).overrides.builder).toBeNull()
  })

  it('uploads the installation photo from the camera, shows EXIF time, distance and warnings, and removes it', async () => {
    const { wrapper } = await setup(SignEditor, { id: 5 }, OFFICE)
    const camera = wrapper.find('input[data-test="evidence-input"]')
    expect(camera.attributes('capture')).toBe('environment')
    expect(camera.attributes('accept')).toBe('image/*')
    Object.defineProperty(camera.element, 'files', { value: [new File(['x'], 'IMG_1.jpg', { type: 'image/jpeg' })], configurable: true })
    camera.element.dispatchEvent(new Event('change'))
    await flushPromises()
    expect(FakeXhr.all).toHaveLength(1)
    expect(FakeXhr.all[0].headers['X-CSRF-Token']).toBe('tok')
    FakeXhr.all[0].progress(1, 4)
    await flushPromises()
    expect(wrapper.text()).toContain('正在上传 25%')
    FakeXhr.all[0].answer(201, { id: 77, name: 'IMG_1.jpg', kind: 'image', type: 'image/jpeg', size: 1, hasThumbnail: true, takenAt: null, gps: null })
    await flushPromises()
    expect(bodyOf(calls('/api/v1/signs/project/5/evidence', 'POST')[0])).toEqual({ fileId: 77 })
    const shown = wrapper.find('[data-test="evidence-shown"]')
    expect(shown.find('img').attributes('src')).toBe('/api/v1/files/77/thumb')
    expect(wrapper.find('[data-test="evidence-taken"]').text()).toBe('2020-05-06 14:30:00') // the camera's clock, as it is
    expect(wrapper.find('[data-test="evidence-distance"]').text()).toBe('1.2 公里')
    expect(wrapper.find('[data-test="evidence-warnings"] li').text()).toBe('照片拍摄地点距项目 1.2 公里，超过 200 米')
    expect(wrapper.find('[data-test="evidence-warnings"] li').attributes('data-code')).toBe('too_far')
    expect(wrapper.find('[data-test="sign-state"]').text()).toBe('已佐证')
    expect(wrapper.find('[data-test="sign-overdue"]').exists()).toBe(false)

    await wrapper.find('[data-test="evidence-remove"]').trigger('click')
    await flushPromises()
    ;(document.querySelector('.el-message-box__btns .el-button--primary') as HTMLButtonElement).click()
    await settle()
    expect(calls('/api/v1/signs/project/5/evidence', 'DELETE')).toHaveLength(1)
    expect(wrapper.find('[data-test="evidence-shown"]').exists()).toBe(false)
    expect(wrapper.find('input[data-test="evidence-input"]').exists()).toBe(true)
  })

  it('shows a failed upload with its reason and no evidence call', async () => {
    const { wrapper } = await setup(SignEditor, { id: 5 }, OFFICE)
    const camera = wrapper.find('input[data-test="evidence-input"]')
    Object.defineProperty(camera.element, 'files', { value: [new File(['x'], 'a.heic')], configurable: true })
    camera.element.dispatchEvent(new Event('change'))
    await flushPromises()
    FakeXhr.all[0].answer(415, { error: { code: 'UnsupportedMediaType', message: '不支持的文件类型', fields: [{ field: 'file', message: '只能上传 JPEG、PNG、WebP 图片或 PDF' }] } })
    await flushPromises()
    expect(wrapper.find('[data-test="evidence-failed"]').text()).toContain('只能上传 JPEG、PNG、WebP 图片或 PDF')
    expect(calls('/api/v1/signs/project/5/evidence', 'POST')).toHaveLength(0)
  })

  it('lets a reader see the sign without editing or uploading', async () => {
    const { wrapper } = await setup(SignEditor, { id: 5 }, ['sign:read'], 'leader')
    expect(wrapper.find('[data-test="sign-save"]').exists()).toBe(false)
    expect(wrapper.find('#sign-builder').attributes('disabled')).toBeDefined()
    expect(wrapper.find('input[data-test="evidence-input"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="download-pdf"]').exists()).toBe(true)
  })

  it('gives a department that does not lead the project a read-only sign (canEdit false)', async () => {
    signState = sign({ canEdit: false, defaults: { ...FIELDS, builder: '镇政府（项目数据）' }, overrides: { ...EMPTY_OVERRIDES, builder: '民生镇人民政府' } })
    const { wrapper } = await setup(SignEditor, { id: 5 }, OFFICE, 'dept')
    expect(wrapper.find('[data-test="sign-save"]').exists()).toBe(false)
    expect(wrapper.find('input[data-test="evidence-input"]').exists()).toBe(false)
    expect(wrapper.find('#sign-builder').attributes('placeholder')).toBe('镇政府（项目数据）') // the server's defaults
    expect((wrapper.find('#sign-builder').element as HTMLInputElement).value).toBe('民生镇人民政府')
  })

  it('starts the first leaflet from the server\'s defaults and hides editing without canEdit', async () => {
    leaflet = { projectId: 8, versions: [], defaults: { title: '城乡居民基本医疗保险明白纸', plainText: '每人每年缴费', eligibility: '', howToApply: '', hotline: '0551-1234567', paper: 'a4', twoUp: false } } as any
    const { wrapper } = await setup(LeafletEditor, { id: 8 }, OFFICE)
    expect((wrapper.find('#leaflet-title').element as HTMLInputElement).value).toBe('城乡居民基本医疗保险明白纸')
    expect((wrapper.find('#leaflet-hotline').element as HTMLInputElement).value).toBe('0551-1234567')
    expect(wrapper.find('#leaflet-form-title').text()).toBe('编辑第 1 版（新版本）')
    expect(wrapper.text()).toContain('保存后可预览和下载')
    wrapper.unmount()
    leaflet = { ...leaflet, canEdit: false } as any
    const other = await setup(LeafletEditor, { id: 8 }, OFFICE, 'dept')
    expect(other.wrapper.find('[data-test="leaflet-form"]').exists()).toBe(false)
  })

  it('registers windows with poster links and records a check', async () => {
    const { wrapper } = await setup(Windows, {}, OFFICE)
    const row = wrapper.find('[data-test="window-table"] .el-table__body-wrapper tbody tr')
    expect(row.text()).toContain('镇便民服务中心')
    expect(row.text()).toContain('2020-05 城乡居民基本医疗保险、2020-07 家庭经济困难学生资助')
    expect(row.find('[data-test="window-last-checked"]').text()).toBe('2020-05-01')
    await row.find('[data-test="window-check"]').trigger('click')
    await flushPromises()
    const form = document.querySelector('[data-test="check-form"]') as HTMLFormElement
    expect(form).toBeTruthy()
    ;(document.querySelector('#check-note') as HTMLTextAreaElement).value = '海报已褪色，已更换'
    document.querySelector('#check-note')!.dispatchEvent(new Event('input'))
    const missing = Array.from(document.querySelectorAll('[data-test="check-present"] input')) as HTMLInputElement[]
    missing[1].click()
    await flushPromises()
    form.dispatchEvent(new Event('submit'))
    await settle()
    const body = bodyOf(calls('/api/v1/windows/2/checks', 'POST')[0])
    expect(body).toEqual({ checkedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), posterPresent: false, note: '海报已褪色，已更换' })
    // the poster links of the window's projects
    const toggle = row.find('[data-test="window-toggle"]')
    expect(toggle.attributes('aria-expanded')).toBe('false')
    await toggle.trigger('click')
    await flushPromises()
    expect(toggle.attributes('aria-expanded')).toBe('true')
    const links = wrapper.findAll('[data-test="poster-pdf"]').map((a) => a.attributes('href'))
    expect(links).toEqual(['/api/v1/windows/2/poster?projectId=8&format=pdf&script=hans', '/api/v1/windows/2/poster?projectId=9&format=pdf&script=hans'])
  })

  it('shows leaflet versions with the frozen badge and saves the next version', async () => {
    const { wrapper } = await setup(LeafletEditor, { id: 8 }, OFFICE)
    expect(wrapper.find('[data-test="version-1-badge"]').text()).toBe('已定稿')
    expect(wrapper.find('#leaflet-form-title').text()).toBe('编辑第 2 版（新版本）')
    expect(wrapper.text()).toContain('第 1 版已印制定稿')
    expect((wrapper.find('#leaflet-title').element as HTMLInputElement).value).toBe('医保明白纸')
    expect(calls('/api/v1/leaflets/project/8/versions/1/artwork?format=png&script=hans')).toHaveLength(1)
    await vi.waitFor(() => expect(wrapper.find('[data-test="leaflet-preview"]').attributes('src')).toMatch(/^data:image\/png;base64,/))
    expect(wrapper.find('[data-test="leaflet-pdf"]').attributes('href')).toBe('/api/v1/leaflets/project/8/versions/1/artwork?format=pdf&script=hans')
    await wrapper.find('#leaflet-title').setValue('')
    await wrapper.find('[data-test="leaflet-form"]').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('请填写标题')
    expect(calls('/api/v1/leaflets/project/8', 'PUT')).toHaveLength(0)
    await wrapper.find('#leaflet-title').setValue('医保明白纸（2020）')
    await wrapper.find('[data-test="leaflet-form"]').trigger('submit')
    await settle()
    expect(bodyOf(calls('/api/v1/leaflets/project/8', 'PUT')[0])).toEqual({ title: '医保明白纸（2020）', plainText: '参保缴费', eligibility: '全体居民', howToApply: '村里办理', hotline: '0551-12345', paper: 'a5', twoUp: true })
    expect(wrapper.find('[data-test="version-2-badge"]').text()).toBe('草稿')
    expect(wrapper.find('#leaflet-form-title').text()).toBe('编辑第 2 版（草稿）')
    expect(wrapper.find('[data-test="leaflet-pdf"]').attributes('href')).toContain('/versions/2/')
    expect(calls('/api/v1/leaflets/project/8/versions/2/artwork?format=png&script=hans')).toHaveLength(1)
  })

  it('lists print runs with totals and records a handout to a school with pupils', async () => {
    const { wrapper } = await setup(PrintRuns, {}, OFFICE)
    expect(calls('/api/v1/print-runs?')[0][0]).toBe('/api/v1/print-runs?year=2020')
    expect(wrapper.find('[data-test="run-totals"]').text()).toBe('共 2 次印制，印制 520 份，已发放 300 份，尚余 220 份，覆盖学生 0 人')
    // opening the first run loads its distributions
    await wrapper.find('[data-test="run-toggle-1"]').trigger('click')
    await flushPromises()
    expect(calls('/api/v1/print-runs/1')).toHaveLength(1)
    expect(wrapper.find('[data-test="run-detail-1"]').text()).toContain('民生镇中心小学')
    expect(wrapper.find('[data-test="run-totals"]').text()).toContain('覆盖学生 280 人')

    await wrapper.find('[data-test="run-dist-2"]').trigger('click')
    await flushPromises()
    const name = document.querySelector('#dist-name') as HTMLInputElement
    name.value = '民生镇中心小学'
    name.dispatchEvent(new Event('input'))
    const pupils = document.querySelector('#dist-pupils') as HTMLInputElement
    pupils.value = '18'
    pupils.dispatchEvent(new Event('input'))
    pupils.dispatchEvent(new Event('change'))
    await flushPromises()
    ;(document.querySelector('[data-test="dist-form"]') as HTMLFormElement).dispatchEvent(new Event('submit'))
    await settle()
    const body = bodyOf(calls('/api/v1/print-runs/2/distributions', 'POST')[0])
    expect(body).toEqual({ targetKind: 'school', targetName: '民生镇中心小学', copies: 20, pupilsReached: 18, handedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) })
    expect(wrapper.find('[data-test="run-totals"]').text()).toBe('共 2 次印制，印制 520 份，已发放 320 份，尚余 200 份，覆盖学生 298 人')
  })

  it('shows the server\'s QR warning above the sign, leaflet and poster artwork, and nothing when there is none', async () => {
    for (const component of [SignEditor, LeafletEditor, Windows]) {
      qrWarning = LOOPBACK
      const warned = await setup(component, component === Windows ? {} : { id: component === SignEditor ? 5 : 8 }, OFFICE)
      const alert = warned.wrapper.find('[data-test="qr-warning"]')
      expect(alert.exists()).toBe(true)
      expect(alert.text()).toContain('二维码网址提醒')
      expect(alert.text()).toContain(LOOPBACK)
      warned.wrapper.unmount()
      qrWarning = null
      const fine = await setup(component, component === Windows ? {} : { id: component === SignEditor ? 5 : 8 }, OFFICE)
      expect(fine.wrapper.find('[data-test="qr-warning"]').exists()).toBe(false)
      fine.wrapper.unmount()
    }
  })

  it('asks before printing artwork whose QR will not open and resends the run confirmed', async () => {
    qrWarning = LOOPBACK
    const { wrapper } = await setup(PrintRuns, {}, OFFICE)
    const newRun = async () => {
      await wrapper.find('[data-test="run-add"]').trigger('click')
      await flushPromises()
      expect(document.querySelector('[data-test="run-form"] [data-test="qr-warning"]')?.textContent).toContain(LOOPBACK)
      ;(document.querySelector('[data-test="run-form-kind"] input[value="poster"]') as HTMLInputElement).click()
      await flushPromises()
      ;(document.querySelector('[data-test="run-project"]') as HTMLElement).click()
      await flushPromises()
      const opt = Array.from(document.querySelectorAll('.el-select-dropdown__item')).find((el) => el.textContent?.trim() === '2020-05 城乡居民基本医疗保险') as HTMLElement
      opt.click()
      await flushPromises()
      ;(document.querySelector('[data-test="run-form"]') as HTMLFormElement).dispatchEvent(new Event('submit'))
      await settle()
    }
    // declined: one refused request, nothing resent, the dialog stays open
    await newRun()
    expect(document.querySelector('.el-message-box')?.textContent).toContain(LOOPBACK)
    expect(document.querySelector('.el-message-box')?.textContent).toContain('仍要印制')
    ;(document.querySelector('.el-message-box__btns .el-button:not(.el-button--primary)') as HTMLButtonElement).click()
    await settle()
    expect(calls('/api/v1/print-runs', 'POST').map(bodyOf)).toEqual([{ kind: 'poster', projectId: 8, copies: 100, printedOn: expect.any(String) }])
    expect(document.querySelector('[data-test="run-form"]')).toBeTruthy()
    // confirmed: the same run again with confirmQr
    fetchMock.mockClear()
    ;(document.querySelector('[data-test="run-form"]') as HTMLFormElement).dispatchEvent(new Event('submit'))
    await settle()
    const boxes = document.querySelectorAll('.el-message-box__btns .el-button--primary') // the declined box may linger
    ;(boxes[boxes.length - 1] as HTMLButtonElement).click()
    await settle()
    const sent = calls('/api/v1/print-runs', 'POST').map(bodyOf)
    expect(sent).toHaveLength(2)
    expect(sent[1]).toEqual({ ...sent[0], confirmQr: true })
    expect(sent[0].confirmQr).toBeUndefined()
    expect(document.body.textContent).toContain('印制已登记')
  })
})

describe('宣传物料 menu and routes', () => {
  const paths = (p: string[]) => menuPages(menuFor(p)).map((m) => m.path).filter((x) => x.startsWith('/signage'))
  it('shows the group to the business roles only', () => {
    expect(paths(['sign:read', 'sign:write', 'print:write'])).toEqual(['/signage/signs', '/signage/windows', '/signage/leaflets', '/signage/print-runs'])
    expect(paths(['sign:read'])).toEqual(['/signage/signs', '/signage/windows', '/signage/leaflets', '/signage/print-runs'])
    expect(paths(['user:read', 'org:read'])).toEqual([])
    expect(menuFor(['user:read']).some((m) => m.titleKey === 'menu.signage')).toBe(false)
    expect(homePath(['sign:read'])).toBe('/profile')
  })
  it('routes the editors with the project id', () => {
    const layout = routes.find((r) => r.path === '/')!
    const byName = (n: string) => layout.children!.find((c) => c.name === n)!
    expect(byName('signEditor').path).toBe('signage/signs/:id(\\d+)')
    expect(byName('leafletEditor').meta?.permission).toBe('sign:read')
    for (const n of ['signs', 'windows', 'leaflets', 'printRuns']) expect(byName(n).meta?.permission).toBe('sign:read')
  })
})
