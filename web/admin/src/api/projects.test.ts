import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, configureHttp, setCsrfToken } from './http'
import * as api from './projects'

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
function file(body: string, headers: Record<string, string>) {
  return new Response(new Blob([body]), { status: 200, headers })
}
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

describe('projects API client', () => {
  const fetchMock = vi.fn()
  const toast = vi.fn()
  let saved: { name: string; href: string }[] = []
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
    toast.mockReset()
    configureHttp({ toast, onUnauthenticated: vi.fn(), onPasswordChangeRequired: vi.fn() })
    setCsrfToken('tok-9')
    saved = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, href: this.getAttribute('href') ?? '' })
    })
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('lists with the contract query names, leaving empty filters out', async () => {
    fetchMock.mockResolvedValue(json(200, { rows: [], total: 0 }))
    await api.listProjects({ pageNum: 2, pageSize: 20, year: 2021, q: '村', category: '', status: 'in_progress', changeFlag: undefined, leadUnitId: null })
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/projects?pageNum=2&pageSize=20&year=2021&q=%E6%9D%91&status=in_progress')
  })

  it('sends PUT without the year and POST with it', async () => {
    fetchMock.mockImplementation(async () => json(200, { id: 1 }))
    const body: api.ProjectInput = {
      year: 2021, code: '2021-01', name: '甲', category: 'engineering', leadUnitId: 5, cooperatingUnitIds: [6], changeFlag: 'new',
      policyText: '', plainText: '', fundsPlanned: 12_500_000, beneficiaries: null, address: '', location: null, targets: [],
    }
    await api.createProject(body)
    await api.updateProject(7, body)
    expect(fetchMock.mock.calls[0][1].method).toBe('POST')
    expect(JSON.parse(fetchMock.mock.calls[0][1].body).year).toBe(2021)
    expect(fetchMock.mock.calls[1][0]).toBe('/api/v1/projects/7')
    expect(fetchMock.mock.calls[1][1].method).toBe('PUT')
    expect('year' in JSON.parse(fetchMock.mock.calls[1][1].body)).toBe(false)
    expect(body.year).toBe(2021) // the caller's object is untouched
  })

  it('keeps a form field error for the form (no toast)', async () => {
    fetchMock.mockResolvedValue(json(400, { error: { code: 'InvalidArgument', message: '输入有误', fields: [{ field: 'code', message: '编号已存在' }] } }))
    const e = await api.createProject({} as api.ProjectInput).catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.fieldMap()).toEqual({ code: '编号已存在' })
    expect(toast).not.toHaveBeenCalled()
  })

  it('posts the import as multipart with the CSRF header and no JSON content type', async () => {
    fetchMock.mockResolvedValue(json(200, { created: 3, updated: 0, rows: 3, dryRun: true }))
    const f = new File(['编号,项目名称\n'], '清单.csv', { type: 'text/csv' })
    const res = await api.importProjects({ file: f, year: 2021, mode: 'upsert' }, true)
    expect(res).toEqual({ created: 3, updated: 0, rows: 3, dryRun: true })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/projects/import')
    expect(init.method).toBe('POST')
    expect(init.headers['X-CSRF-Token']).toBe('tok-9')
    expect(init.headers['Content-Type']).toBeUndefined()
    const form = init.body as FormData
    expect(form).toBeInstanceOf(FormData)
    expect((form.get('file') as File).name).toBe('清单.csv')
    expect(form.get('year')).toBe('2021')
    expect(form.get('mode')).toBe('upsert')
    expect(form.get('dryRun')).toBe('true')
  })

  it('turns a 422 with problems into the problem list, silently', async () => {
    fetchMock.mockResolvedValue(
      json(422, {
        error: { code: 'unprocessable', message: '导入文件有 2 处错误，未导入任何数据', fields: [], requestId: 'r1' },
        problems: [
          { row: 3, column: 'C', header: '类别', value: '工程', reason: '类别的取值无效' },
          { row: 5, column: 'G', header: '计划投资（万元）', value: null, reason: '请填写计划投资' },
        ],
        rowCount: 4,
      }),
    )
    const f = new File(['x'], 'a.xlsx')
    const e = await api.importProjects({ file: f, year: 2021, mode: 'create' }, false).catch((x) => x)
    expect(toast).not.toHaveBeenCalled()
    const p = api.importProblems(e)
    expect(p?.rowCount).toBe(4)
    expect(p?.message).toBe('导入文件有 2 处错误，未导入任何数据')
    expect(p?.problems).toEqual([
      { row: 3, column: 'C', header: '类别', value: '工程', reason: '类别的取值无效' },
      { row: 5, column: 'G', header: '计划投资（万元）', value: '', reason: '请填写计划投资' },
    ])
  })

  it('keeps plain file errors (415/413/422 without problems) as ordinary errors', async () => {
    fetchMock.mockResolvedValue(json(415, { error: { code: 'UnsupportedMediaType', message: '仅支持 xlsx 或 csv 文件', fields: [{ field: 'file', message: '仅支持 xlsx 或 csv 文件' }] } }))
    const e = await api.importProjects({ file: new File(['x'], 'a.xls'), year: 2021, mode: 'create' }, false).catch((x) => x)
    expect(api.importProblems(e)).toBeNull()
    expect(e.status).toBe(415)
    expect(e.fieldMap().file).toBe('仅支持 xlsx 或 csv 文件')
    fetchMock.mockResolvedValue(json(422, { error: { code: 'unprocessable', message: '文件含有合并单元格', fields: [] } }))
    const e2 = await api.importProjects({ file: new File(['x'], 'a.xlsx'), year: 2021, mode: 'create' }, false).catch((x) => x)
    expect(api.importProblems(e2)).toBeNull()
    expect(e2.message).toBe('文件含有合并单元格')
    fetchMock.mockResolvedValue(new Response('<html>too large</html>', { status: 413 }))
    const e3 = await api.importProjects({ file: new File(['x'], 'a.xlsx'), year: 2021, mode: 'create' }, false).catch((x) => x)
    expect(api.importProblems(e3)).toBeNull()
    expect(e3.message).toBe('内容过大')
  })

  it('posts the same file again for the error report and saves it under the server name', async () => {
    fetchMock.mockResolvedValue(file('PK', { 'content-type': XLSX, 'content-disposition': "attachment; filename=\"report.xlsx\"; filename*=UTF-8''%E5%AF%BC%E5%85%A5%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A.xlsx" }))
    const f = new File(['data'], '清单.xlsx')
    const d = await api.downloadImportReport({ file: f, year: 2021, mode: 'create' })
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/projects/import/report')
    expect(init.method).toBe('POST')
    expect(init.headers['X-CSRF-Token']).toBe('tok-9')
    const sent = (init.body as FormData).get('file') as File
    expect(sent.name).toBe('清单.xlsx')
    expect(await sent.text()).toBe('data')
    expect((init.body as FormData).get('year')).toBe('2021')
    expect((init.body as FormData).get('mode')).toBe('create')
    expect(d.name).toBe('导入错误报告.xlsx')
    expect(d.type).toBe(XLSX)
    expect(saved).toEqual([{ name: '导入错误报告.xlsx', href: 'blob:x' }])
  })

  it('downloads exports and the template by GET with the file name of Content-Disposition or a fallback', async () => {
    fetchMock.mockResolvedValueOnce(file('\uFEFF编号', { 'content-type': 'text/csv', 'content-disposition': "attachment; filename*=UTF-8''2021%E5%B9%B4%E9%A1%B9%E7%9B%AE%E6%B8%85%E5%8D%95.csv" }))
    await api.exportProjects(2021, 'csv', 'catalogue')
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/projects/export?year=2021&format=csv&what=catalogue')
    expect(saved[0].name).toBe('2021年项目清单.csv')
    fetchMock.mockResolvedValueOnce(file('PK', { 'content-type': XLSX }))
    await api.downloadTemplate()
    expect(fetchMock.mock.calls[1][0]).toBe('/api/v1/projects/import-template')
    expect(saved[1].name).toBe('项目清单导入模板.xlsx')
  })

  it('toasts a failed download and saves nothing', async () => {
    fetchMock.mockResolvedValue(json(403, { error: { code: 'PermissionDenied', message: '没有权限执行此操作', fields: [] } }))
    await expect(api.exportProjects(2021, 'xlsx', 'progress')).rejects.toBeInstanceOf(ApiError)
    expect(toast).toHaveBeenCalledWith('没有权限执行此操作')
    expect(saved).toEqual([])
  })

  it('plans the next year with the contract body', async () => {
    fetchMock.mockResolvedValue(json(201, { created: 2, year: 2022 }))
    const r = await api.planNextYear(2021, 2022, [{ projectId: 1, changeFlag: 'withdrawn' }])
    expect(r).toEqual({ created: 2, year: 2022 })
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/projects/plan-next-year')
    expect(JSON.parse(fetchMock.mock.calls[0][1].body)).toEqual({ fromYear: 2021, toYear: 2022, items: [{ projectId: 1, changeFlag: 'withdrawn' }] })
  })
})

// A minimal XMLHttpRequest: records what was sent, answers when told to.
class FakeXhr {
  static last: FakeXhr
  method = ''
  url = ''
  headers: Record<string, string> = {}
  body: unknown = null
  status = 0
  responseText = ''
  upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null }
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  constructor() {
    FakeXhr.last = this
  }
  open(method: string, url: string) {
    this.method = method
    this.url = url
  }
  getResponseHeader(): string | null {
    return null
  }
  setRequestHeader(k: string, v: string) {
    this.headers[k] = v
  }
  send(body: unknown) {
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

describe('photo upload', () => {
  const toast = vi.fn()
  beforeEach(() => {
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    toast.mockReset()
    configureHttp({ toast, onUnauthenticated: vi.fn(), onPasswordChangeRequired: vi.fn() })
    setCsrfToken('tok-9')
  })
  afterEach(() => vi.unstubAllGlobals())

  it('posts multipart `file` to /api/v1/files with the CSRF header and reports progress', async () => {
    const seen: number[] = []
    const photo = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'IMG_0001.jpg', { type: 'image/jpeg' })
    const p = api.uploadPhoto(photo, (n) => seen.push(n))
    const xhr = FakeXhr.last
    expect(xhr.method).toBe('POST')
    expect(xhr.url).toBe('/api/v1/files')
    expect(xhr.headers['X-CSRF-Token']).toBe('tok-9')
    expect(xhr.headers['Content-Type']).toBeUndefined()
    expect(((xhr.body as FormData).get('file') as File).name).toBe('IMG_0001.jpg')
    xhr.progress(50, 200)
    xhr.progress(200, 200)
    xhr.answer(201, { id: 41, name: 'IMG_0001.jpg', kind: 'image', type: 'image/jpeg', size: 3, hasThumbnail: true, takenAt: null, gps: null })
    expect((await p).id).toBe(41)
    expect(seen).toEqual([25, 100, 100])
  })

  it('throws the server error (field message first) without a toast, and can be aborted', async () => {
    const p = api.uploadPhoto(new File(['x'], 'a.php.jpg'))
    FakeXhr.last.answer(415, { error: { code: 'UnsupportedMediaType', message: '不支持的文件类型', fields: [{ field: 'file', message: '只能上传 JPEG、PNG、WebP 图片或 PDF' }] } })
    const e = await p.catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(415)
    expect(e.fields[0].message).toBe('只能上传 JPEG、PNG、WebP 图片或 PDF')
    expect(toast).not.toHaveBeenCalled()
    const ctl = new AbortController()
    const q = api.uploadPhoto(new File(['x'], 'b.jpg'), undefined, ctl.signal)
    ctl.abort()
    expect((await q.catch((x) => x)).code).toBe('Aborted')
  })
})
