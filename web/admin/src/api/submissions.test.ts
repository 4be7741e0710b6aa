import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { configureHttp, setCsrfToken } from './http'
import * as notifications from './notifications'
import * as quota from './quota'
import * as api from './submissions'

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}
const sub = (over: Record<string, unknown> = {}) => ({ id: 7, kind: 'photo_story', state: 'draft', title: '村道', allowedActions: ['edit', 'submit'], ...over })

describe('submissions API client', () => {
  const fetchMock = vi.fn()
  const toast = vi.fn()
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
    fetchMock.mockImplementation(async () => json(200, sub()))
    toast.mockReset()
    configureHttp({ toast, onUnauthenticated: vi.fn(), onPasswordChangeRequired: vi.fn() })
    setCsrfToken('tok-5')
  })
  afterEach(() => vi.unstubAllGlobals())
  const call = (i = 0) => ({ url: fetchMock.mock.calls[i][0] as string, method: fetchMock.mock.calls[i][1].method as string, body: fetchMock.mock.calls[i][1].body ? JSON.parse(fetchMock.mock.calls[i][1].body) : undefined, headers: fetchMock.mock.calls[i][1].headers })

  it('lists with the contract query names (queue, olderThanDays), leaving empty filters out, and fills missing arrays', async () => {
    fetchMock.mockResolvedValue(json(200, { rows: [{ id: 1, title: 'x' }], total: 1 }))
    const page = await api.listSubmissions({ pageNum: 1, pageSize: 10, kind: 'news', state: '', unitId: null, q: '路', queue: true, olderThanDays: 3 })
    expect(call().url).toBe('/api/v1/submissions?pageNum=1&pageSize=10&kind=news&q=%E8%B7%AF&queue=true&olderThanDays=3')
    expect(page.rows[0].allowedActions).toEqual([])
    expect(page.rows[0].pairs).toEqual([])
  })

  it('creates with kind, updates without it, deletes', async () => {
    const input: api.SubmissionInput = { kind: 'photo_story', title: '村道', body: '', projectIds: [3], pairs: [{ before: { fileId: 1, caption: '前' }, after: { fileId: 2, caption: '后' } }] }
    await api.createSubmission(input)
    await api.updateSubmission(7, input)
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }))
    await api.deleteSubmission(7)
    expect(call(0)).toMatchObject({ url: '/api/v1/submissions', method: 'POST', body: input })
    expect(call(0).headers['X-CSRF-Token']).toBe('tok-5')
    expect(call(1).url).toBe('/api/v1/submissions/7')
    expect(call(1).method).toBe('PUT')
    expect('kind' in call(1).body).toBe(false)
    expect(input.kind).toBe('photo_story')
    expect(call(2)).toMatchObject({ url: '/api/v1/submissions/7', method: 'DELETE' })
  })

  it('posts one URL per workflow action with the contract bodies', async () => {
    await api.submitSubmission(7)
    await api.withdrawSubmission(7)
    await api.approveSubmission(7)
    await api.publishSubmission(7)
    await api.forwardSubmission(7)
    await api.forwardSubmission(7, ' 县民生办 ')
    await api.returnSubmission(7, '照片不清楚')
    await api.unpublishSubmission(7, '信息有误')
    await api.adoptSubmission(7, { level: 'city', outlet: '市简报', adoptedOn: '2026-11-02' })
    const calls = fetchMock.mock.calls.map((_, i) => call(i))
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/v1/submissions/7/submit', 'POST /api/v1/submissions/7/withdraw', 'POST /api/v1/submissions/7/approve', 'POST /api/v1/submissions/7/publish',
      'POST /api/v1/submissions/7/forward', 'POST /api/v1/submissions/7/forward', 'POST /api/v1/submissions/7/return', 'POST /api/v1/submissions/7/unpublish', 'POST /api/v1/submissions/7/adopt',
    ])
    expect(calls.map((c) => c.body)).toEqual([{}, {}, {}, {}, {}, { to: '县民生办' }, { reason: '照片不清楚' }, { reason: '信息有误' }, { level: 'city', outlet: '市简报', adoptedOn: '2026-11-02' }])
  })

  it('turns a 409 illegal transition (a field error on "state", as the server sends it) into its message', async () => {
    fetchMock.mockResolvedValue(json(409, { error: { code: 'Conflict', message: '输入有误', fields: [{ field: 'state', message: '“已发布”状态的信息不能“退回”' }] } }))
    const e = await api.returnSubmission(7, 'x').catch((x) => x)
    expect(e.status).toBe(409)
    expect(toast).not.toHaveBeenCalled() // the caller shows it
    expect(api.actionError(e)).toBe('“已发布”状态的信息不能“退回”')
    expect(api.actionError(e, ['state'])).toBe('')
    fetchMock.mockResolvedValue(json(409, { error: { code: 'Conflict', message: '数据已被他人修改', fields: [] } }))
    expect(api.actionError(await api.approveSubmission(7).catch((x) => x))).toBe('数据已被他人修改')
    fetchMock.mockResolvedValue(json(422, { error: { code: 'InvalidArgument', message: '输入有误', fields: [{ field: 'reason', message: '请填写原因' }, { field: 'consent', message: '未经同意不能发布' }] } }))
    expect(api.actionError(await api.returnSubmission(7, '').catch((x) => x), ['reason'])).toBe('未经同意不能发布')
  })

  it('gets the detail with events and warnings', async () => {
    fetchMock.mockResolvedValue(json(200, sub({ events: [{ action: 'submit' }], warnings: [{ code: 'photo_no_exif', field: 'pairs[0]', message: '无拍摄时间' }] })))
    const d = await api.getSubmission(7)
    expect(call().url).toBe('/api/v1/submissions/7')
    expect(d.warnings).toHaveLength(1)
    expect(d.photos).toEqual([])
  })

  it('downloads the XLSX export with the list filters', async () => {
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:x')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    fetchMock.mockResolvedValue(new Response(new Blob(['PK']), { status: 200, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }))
    const d = await api.exportSubmissions({ kind: 'voice', unitId: 4, year: 2026 })
    expect(call().url).toBe('/api/v1/submissions/export?kind=voice&unitId=4&year=2026')
    expect(d.name).toBe('信息报送-2026.xlsx')
    expect(click).toHaveBeenCalled()
    vi.restoreAllMocks()
  })

  it('reads the ledger, rules and settings', async () => {
    fetchMock.mockImplementation(async () => json(200, { period: '2026-11', today: '2026-11-28', rows: [] }))
    await quota.getLedger({ period: '2026-Q4', unitId: 9 })
    await quota.getLedger()
    fetchMock.mockImplementation(async () => json(200, { year: 2026, isDefault: true, rules: [] }))
    await quota.getQuotaRules(2026)
    await quota.saveQuotaRules(2026, [{ kind: 'news', units: 'lead_departments', unitIds: [], count: 1, period: 'month', dueDay: '20', counts: 'submitted' }])
    await quota.getSettings()
    await quota.saveSettings({ secondLevel: true, pairDistanceM: 200, reminderDays: 5, bannedWords: ['据悉'] })
    const calls = fetchMock.mock.calls.map((_, i) => call(i))
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/v1/quota-ledger?unitId=9&period=2026-Q4', 'GET /api/v1/quota-ledger', 'GET /api/v1/quota-rules?year=2026', 'PUT /api/v1/quota-rules',
      'GET /api/v1/submission-settings', 'PUT /api/v1/submission-settings',
    ])
    expect(calls[3].body.year).toBe(2026)
    expect(calls[5].body.bannedWords).toEqual(['据悉'])
  })

  it('builds and parses period codes', () => {
    expect(quota.periodCode('month', 2020, 6)).toBe('2020-06')
    expect(quota.periodCode('quarter', 2020, 2)).toBe('2020-Q2')
    expect(quota.periodCode('year', 2020)).toBe('2020')
    expect(quota.parsePeriod('2020-12')).toEqual({ kind: 'month', year: 2020, index: 12 })
    expect(quota.parsePeriod('2020-Q4')).toEqual({ kind: 'quarter', year: 2020, index: 4 })
    expect(quota.parsePeriod('2020-13')).toBeNull()
  })

  it('lists notifications silently and marks them read', async () => {
    fetchMock.mockImplementation(async () => json(200, { rows: [], total: 0, unread: 0 }))
    await notifications.listNotifications({ pageNum: 1, pageSize: 10, unread: true })
    await notifications.markRead(3)
    await notifications.markAllRead()
    expect(fetchMock.mock.calls.map((_, i) => `${call(i).method} ${call(i).url}`)).toEqual([
      'GET /api/v1/notifications?pageNum=1&pageSize=10&unread=true', 'POST /api/v1/notifications/3/read', 'POST /api/v1/notifications/read-all',
    ])
    fetchMock.mockResolvedValue(json(500, {}))
    await notifications.listNotifications().catch(() => null)
    expect(toast).not.toHaveBeenCalled()
  })

  it('follows only back-office links from notifications', () => {
    expect(notifications.routeOf('/submissions/12')).toBe('/submissions/12')
    expect(notifications.routeOf('/admin/submissions/12')).toBe('/submissions/12')
    expect(notifications.routeOf('https://evil.example/')).toBeNull()
    expect(notifications.routeOf('//evil.example/')).toBeNull()
    expect(notifications.routeOf('javascript:alert(1)')).toBeNull()
  })
})
