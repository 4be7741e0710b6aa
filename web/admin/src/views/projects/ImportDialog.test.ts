import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { configureHttp, setCsrfToken } from '@/api/http'
import { i18n } from '@/i18n'
import ImportDialog from './ImportDialog.vue'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
const PROBLEMS = {
  error: { code: 'unprocessable', message: '导入文件有 3 处错误，未导入任何数据', fields: [], requestId: 'r' },
  problems: [
    { row: 3, column: 'C', header: '类别', value: '工程', reason: '类别的取值无效' },
    { row: 4, column: 'D', header: '牵头单位', value: '不存在的单位', reason: '牵头单位不存在' },
    { row: 6, column: 'G', header: '计划投资（万元）', value: 'abc', reason: '计划投资应为金额' },
  ],
  rowCount: 5,
}

// el-form-item shows its error 100 ms after it is set (a debounced state): the fake timers are moved on.
const settle = async () => {
  await vi.advanceTimersByTimeAsync(150)
  await flushPromises()
}
const $ = (sel: string) => document.body.querySelector(sel) as HTMLElement | null
const $$ = (sel: string) => Array.from(document.body.querySelectorAll(sel)) as HTMLElement[]

async function choose(file: File) {
  const input = $('.import-upload input[type="file"]') as HTMLInputElement
  Object.defineProperty(input, 'files', { value: [file], configurable: true })
  input.dispatchEvent(new Event('change'))
  await flushPromises()
  await settle()
}
async function click(sel: string) {
  $(sel)!.click()
  await flushPromises()
  await nextTick()
  await settle()
}

describe('导入 dialog', { timeout: 30_000 }, () => {
  const fetchMock = vi.fn()
  const toast = vi.fn()
  let saved: string[] = []
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
    toast.mockReset()
    configureHttp({ toast })
    setCsrfToken('tok')
    saved = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download)
    })
    i18n.global.locale.value = 'zh-CN'
    vi.setSystemTime(new Date('2026-11-28T02:00:00Z'))
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  async function open() {
    const wrapper = mount(ImportDialog, { props: { modelValue: false, defaultYear: 2021 }, global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    return wrapper
  }

  it('lists the problems of a refused file and downloads the error report for the same file', async () => {
    await open()
    const f = new File(['编号,项目名称'], '项目清单.csv', { type: 'text/csv' })
    await choose(f)
    fetchMock.mockResolvedValueOnce(json(PROBLEMS, 422))
    await click('[data-test="import-submit"]')
    expect(toast).not.toHaveBeenCalled()
    const box = $('[data-test="import-problems"]')!
    expect(box.textContent).toContain('共发现 3 处错误，未导入任何数据')
    expect(box.textContent).toContain('导入文件有 3 处错误，未导入任何数据')
    const rows = $$('[data-test="problem-table"] .el-table__body tr')
    expect(rows).toHaveLength(3)
    expect(rows[0].textContent).toContain('3')
    expect(rows[0].textContent).toContain('类别')
    expect(rows[0].textContent).toContain('工程')
    expect(rows[0].textContent).toContain('类别的取值无效')
    const sent = fetchMock.mock.calls[0][1].body as FormData
    expect(sent.get('dryRun')).toBe('false')
    expect(sent.get('year')).toBe('2021')
    expect(sent.get('mode')).toBe('create')

    fetchMock.mockResolvedValueOnce(new Response(new Blob(['PK']), { status: 200, headers: { 'content-disposition': "attachment; filename*=UTF-8''%E9%94%99%E8%AF%AF%E6%8A%A5%E5%91%8A.xlsx" } }))
    await click('[data-test="import-report"]')
    const [url, init] = fetchMock.mock.calls[1]
    expect(url).toBe('/api/v1/projects/import/report')
    expect(((init.body as FormData).get('file') as File).name).toBe('项目清单.csv')
    expect((init.body as FormData).get('year')).toBe('2021')
    expect(saved).toEqual(['错误报告.xlsx'])
  })

  it('checks without saving, then imports and reports the counts', async () => {
    const wrapper = await open()
    await choose(new File(['x'], 'a.xlsx'))
    fetchMock.mockResolvedValueOnce(json({ created: 4, updated: 1, rows: 5, dryRun: true }))
    await click('[data-test="import-check"]')
    expect(($('[data-test="import-checked"]')!.textContent ?? '').replace(/\s/g, '')).toContain('共5行，将新增4个、更新1个项目')
    expect((fetchMock.mock.calls[0][1].body as FormData).get('dryRun')).toBe('true')
    fetchMock.mockResolvedValueOnce(json({ created: 4, updated: 1, rows: 5, dryRun: false }))
    await click('[data-test="import-submit"]')
    expect(wrapper.emitted('imported')?.[0]).toEqual([2021])
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('shows a plain file error under the file and refuses other extensions', async () => {
    await open()
    await choose(new File(['x'], 'old.xls'))
    expect($('.import-dialog')!.textContent).toContain('仅允许导入 xlsx、csv 格式文件。')
    expect(fetchMock).not.toHaveBeenCalled()
    await choose(new File(['x'], 'bomb.xlsx'))
    fetchMock.mockResolvedValueOnce(json({ error: { code: 'PayloadTooLarge', message: '文件过大', fields: [{ field: 'file', message: '文件解压后超过 50 MB' }] } }, 413))
    await click('[data-test="import-submit"]')
    expect($('.import-dialog')!.textContent).toContain('文件解压后超过 50 MB')
    expect($('[data-test="import-problems"]')).toBeNull()
    fetchMock.mockResolvedValueOnce(json({ error: { code: 'unprocessable', message: '文件含有公式，请粘贴为数值后再导入', fields: [] } }, 422))
    await click('[data-test="import-submit"]')
    expect($('[data-test="import-error"]')!.textContent).toContain('文件含有公式')
    expect($('[data-test="import-problems"]')).toBeNull()
  })
})
