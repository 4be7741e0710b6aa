import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { configureHttp, setCsrfToken } from '@/api/http'
import { i18n } from '@/i18n'
import ProjectProgress from './ProjectProgress.vue'

const PROJECT = {
  id: 5, townId: 4, year: 2021, code: '2021-91', name: '农村改厕', category: 'engineering', leadUnitId: 10, leadUnitName: '农业综合服务中心',
  cooperatingUnits: [], changeFlag: 'new', fundsPlanned: 125_500_000, fundsDisbursed: 10_000_000, beneficiaries: null, status: 'in_progress',
  progressPct: 30, lastReportDate: '2021-05-01', address: '', location: null, previousId: null, isDemo: false, createdAt: '', updatedAt: '',
  canEdit: true, canReport: true, policyText: '', plainText: '', targets: [], policyHtml: '', plainHtml: '', progress: [],
}

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
  aborted = false
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
    this.aborted = true
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
const settle = async () => {
  await flushPromises()
  await vi.advanceTimersByTimeAsync(150) // el-form-item shows errors after a 100 ms debounce (fake timers)
}

describe('填报进展', { timeout: 30_000 }, () => {
  const fetchMock = vi.fn()
  beforeEach(() => {
    FakeXhr.all = []
    fetchMock.mockReset()
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
      if (url === '/api/v1/projects/5' && (!init || init.method === 'GET')) return json(PROJECT)
      if (url === '/api/v1/projects/5/progress' && init?.method === 'POST') return json({ id: 9 }, 201)
      return json({ error: { code: 'NotFound', message: '记录不存在或已被删除', fields: [] } }, 404)
    })
    vi.stubGlobal('fetch', fetchMock)
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    configureHttp({ toast: vi.fn() })
    setCsrfToken('tok')
    i18n.global.locale.value = 'zh-CN'
    vi.setSystemTime(new Date('2026-11-28T17:00:00Z')) // 01:00 on the 29th in Shanghai, still the 28th in UTC
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  async function setup() {
    const pinia = createPinia()
    setActivePinia(pinia)
    const router = createRouter({ history: createMemoryHistory('/admin/'), routes: [{ path: '/projects/:id/progress', component: ProjectProgress, props: (r) => ({ id: Number(r.params.id) }) }, { path: '/projects/:id', component: { template: '<div />' } }] })
    router.push('/projects/5/progress')
    await router.isReady()
    const wrapper = mount(ProjectProgress, { props: { id: 5 }, global: { plugins: [pinia, router, i18n, ElementPlus] }, attachTo: document.body })
    await flushPromises()
    return { wrapper, router }
  }
  function choose(wrapper: Awaited<ReturnType<typeof setup>>['wrapper'], files: File[]) {
    const input = wrapper.find('input[data-test="photo-input"]').element as HTMLInputElement
    Object.defineProperty(input, 'files', { value: files, configurable: true })
    input.dispatchEvent(new Event('change'))
  }
  const posted = () => {
    const call = fetchMock.mock.calls.find(([u, i]) => u === '/api/v1/projects/5/progress' && i?.method === 'POST')
    return call ? JSON.parse(call[1].body) : null
  }

  it('starts from today and the current figures; the camera input is there', async () => {
    const { wrapper } = await setup()
    expect((wrapper.find('#progress-date').element as HTMLInputElement).value).toBe('2026-11-29')
    expect(wrapper.find('#progress-date').attributes('min')).toBe('2021-05-01')
    expect(wrapper.find('#progress-date').attributes('max')).toBe('2026-11-29')
    expect((wrapper.find('#progress-pct').element as HTMLInputElement).value).toBe('30')
    expect((wrapper.find('#progress-funds').element as HTMLInputElement).value).toBe('10.00')
    const camera = wrapper.find('input[data-test="photo-input"]')
    expect(camera.attributes('accept')).toBe('image/*')
    expect(camera.attributes('capture')).toBe('environment')
    expect(wrapper.text()).toContain('计划投资 125.50 万元')
  })

  it('uploads photos with progress, lets one be removed, then saves {fileId, caption} and 分', async () => {
    const { wrapper, router } = await setup()
    choose(wrapper, [new File(['a'], 'a.jpg', { type: 'image/jpeg' }), new File(['b'], 'b.jpg', { type: 'image/jpeg' })])
    await flushPromises()
    expect(FakeXhr.all).toHaveLength(2)
    expect(FakeXhr.all[0].headers['X-CSRF-Token']).toBe('tok')
    expect((FakeXhr.all[0].body!.get('file') as File).name).toBe('a.jpg')
    FakeXhr.all[0].progress(1, 2)
    await flushPromises()
    expect(wrapper.text()).toContain('正在上传 50%')
    const save = wrapper.find('[data-test="progress-save"]')
    expect(save.attributes('disabled')).toBeDefined()
    expect(save.text()).toContain('照片上传中')

    FakeXhr.all[0].answer(201, { id: 41, name: 'a.jpg', kind: 'image', type: 'image/jpeg', size: 1, hasThumbnail: true, takenAt: null, gps: null })
    await flushPromises()
    // the second is removed while still uploading: its request is aborted
    await wrapper.findAll('[data-test="photo-remove"]')[1].trigger('click')
    await flushPromises()
    expect(FakeXhr.all[1].aborted).toBe(true)
    expect(wrapper.findAll('[data-test="photo-done"]')).toHaveLength(1)
    expect(wrapper.find('[data-test="photo-done"] img').attributes('src')).toBe('/api/v1/files/41/thumb')
    expect(save.attributes('disabled')).toBeUndefined()

    await wrapper.find('[data-test="photo-done"] input').setValue('  东风村现场 ')
    await wrapper.find('#progress-funds').setValue('30.5')
    await wrapper.find('#progress-note').setValue('完成 48 户')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(posted()).toEqual({ reportDate: '2026-11-29', progressPct: 30, fundsDisbursed: 30_500_000, status: 'in_progress', note: '完成 48 户', photos: [{ fileId: 41, caption: '东风村现场' }] })
    expect(router.currentRoute.value.fullPath).toBe('/projects/5')
  })

  it('prefills 累计拨付 as shown elsewhere, keeps the exact amount when untouched and a typed one exactly', async () => {
    const exact = { ...PROJECT, fundsDisbursed: 12_049_500 } // 12.0495 万元
    fetchMock.mockImplementation(async (url: string, init?: RequestInit) => {
      if (url === '/api/v1/projects/5' && (!init || init.method === 'GET')) return json(exact)
      if (url === '/api/v1/projects/5/progress' && init?.method === 'POST') return json({ id: 9 }, 201)
      return json({ error: { code: 'NotFound', message: '记录不存在或已被删除', fields: [] } }, 404)
    })
    const { wrapper } = await setup()
    expect((wrapper.find('#progress-funds').element as HTMLInputElement).value).toBe('12.05')
    expect(wrapper.text()).toContain('累计拨付 12.05 万元')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(posted().fundsDisbursed).toBe(12_049_500)

    fetchMock.mockClear()
    await wrapper.find('#progress-funds').setValue('12.0501')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(posted().fundsDisbursed).toBe(12_050_100)
  })

  it('refuses funds over the plan and shows a failed photo with its reason', async () => {
    const { wrapper } = await setup()
    await wrapper.find('#progress-funds').setValue('200')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('累计拨付不能超过计划投资 125.50 万元')
    expect(posted()).toBeNull()

    choose(wrapper, [new File(['x'], 'x.php.jpg')])
    await flushPromises()
    FakeXhr.all[0].answer(415, { error: { code: 'UnsupportedMediaType', message: '不支持的文件类型', fields: [{ field: 'file', message: '只能上传 JPEG、PNG、WebP 图片或 PDF' }] } })
    await flushPromises()
    expect(wrapper.find('[data-test="photo-failed"]').text()).toContain('只能上传 JPEG、PNG、WebP 图片或 PDF')
    await wrapper.find('#progress-funds').setValue('20')
    await wrapper.find('form').trigger('submit')
    await settle()
    expect(wrapper.text()).toContain('有照片上传失败')
    expect(posted()).toBeNull()
  })
})
