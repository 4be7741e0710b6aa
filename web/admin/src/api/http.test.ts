import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, PASSWORD_CHANGE_REQUIRED, configureHttp, http, queryString, setCsrfToken, toApiError } from './http'

function reply(status: number, body: unknown) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

describe('http client', () => {
  const fetchMock = vi.fn()
  const hooks = { toast: vi.fn(), onUnauthenticated: vi.fn(), onPasswordChangeRequired: vi.fn() }
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock)
    fetchMock.mockReset()
    Object.values(hooks).forEach((h) => h.mockReset())
    configureHttp(hooks)
    setCsrfToken('tok-123')
  })
  afterEach(() => vi.unstubAllGlobals())

  it('sends the CSRF token on unsafe methods only, with same-origin credentials', async () => {
    fetchMock.mockImplementation(async () => reply(200, { ok: true }))
    await http.get('/api/v1/users', { pageNum: 1, keyword: '' })
    await http.post('/api/v1/users', { a: 1 })
    await http.put('/api/v1/users/1', { a: 2 })
    await http.del('/api/v1/org-units/1')
    const [getUrl, getInit] = fetchMock.mock.calls[0]
    expect(getUrl).toBe('/api/v1/users?pageNum=1')
    expect(getInit.credentials).toBe('same-origin')
    expect(getInit.headers['X-CSRF-Token']).toBeUndefined()
    for (const [, init] of fetchMock.mock.calls.slice(1)) {
      expect(init.credentials).toBe('same-origin')
      expect(init.headers['X-CSRF-Token']).toBe('tok-123')
      expect(init.headers['Content-Type']).toBe('application/json')
    }
    expect(JSON.parse(fetchMock.mock.calls[1][1].body)).toEqual({ a: 1 })
    expect(fetchMock.mock.calls[3][1].body).toBe('{}')
  })

  it('keeps field errors for the form and shows no toast for them', async () => {
    fetchMock.mockResolvedValue(
      reply(400, { error: { code: 'InvalidArgument', message: '用户名已存在', fields: [{ field: 'username', message: '用户名已存在' }], requestId: 'r1' } }),
    )
    const e = await http.post('/api/v1/users', {}, { form: true }).catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(400)
    expect(e.fieldMap()).toEqual({ username: '用户名已存在' })
    expect(hooks.toast).not.toHaveBeenCalled()
  })

  it('toasts other errors with the server message', async () => {
    fetchMock.mockResolvedValue(reply(409, { error: { code: 'Conflict', message: '该单位下还有用户，不能删除', fields: [] } }))
    await expect(http.del('/api/v1/org-units/3')).rejects.toThrow('该单位下还有用户，不能删除')
    expect(hooks.toast).toHaveBeenCalledWith('该单位下还有用户，不能删除')
  })

  it('sends 401 back to the login page, except for the login call itself', async () => {
    fetchMock.mockResolvedValue(reply(401, { error: { code: 'Unauthenticated', message: '登录已过期，请重新登录', fields: [] } }))
    await expect(http.get('/api/v1/users')).rejects.toBeInstanceOf(ApiError)
    expect(hooks.onUnauthenticated).toHaveBeenCalledTimes(1)
    fetchMock.mockResolvedValue(reply(401, { error: { code: 'Unauthenticated', message: '用户名或密码错误，或账号已被锁定', fields: [] } }))
    const e = await http.post('/api/v1/auth/login', {}, { silent: true }).catch((x) => x)
    expect(e.message).toBe('用户名或密码错误，或账号已被锁定')
    expect(hooks.onUnauthenticated).toHaveBeenCalledTimes(1)
    expect(hooks.toast).toHaveBeenCalledTimes(1)
  })

  it('sends "password change required" to the change-password page', async () => {
    fetchMock.mockResolvedValue(reply(403, { error: { code: 'PermissionDenied', message: PASSWORD_CHANGE_REQUIRED, fields: [] } }))
    await expect(http.get('/api/v1/users')).rejects.toBeInstanceOf(ApiError)
    expect(hooks.onPasswordChangeRequired).toHaveBeenCalledTimes(1)
    fetchMock.mockResolvedValue(reply(403, { error: { code: 'PermissionDenied', message: '没有权限', fields: [] } }))
    await expect(http.get('/api/v1/users')).rejects.toBeInstanceOf(ApiError)
    expect(hooks.onPasswordChangeRequired).toHaveBeenCalledTimes(1)
  })

  it('maps network failures and non-JSON answers to Chinese', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(http.get('/api/v1/users')).rejects.toThrow('网络连接失败，请检查网络后重试')
    expect(toApiError(502, '<html>bad gateway</html>').message).toBe('服务器错误（HTTP 502），请稍后再试')
    expect(toApiError(429, '').message).toBe('操作过于频繁，请稍后再试')
  })

  it('builds query strings without empty values', () => {
    expect(queryString({ a: 1, b: '', c: null, d: undefined, e: false, f: '甲' })).toBe('?a=1&e=false&f=%E7%94%B2')
    expect(queryString({})).toBe('')
  })
})

describe('downloadName', () => {
  it('prefers filename*, then filename, then the fallback', async () => {
    const { downloadName } = await import('./http')
    expect(downloadName(`attachment; filename="a.xlsx"; filename*=UTF-8''%E9%A1%B9%E7%9B%AE.xlsx`, 'x')).toBe('项目.xlsx')
    expect(downloadName('attachment; filename="report.xlsx"', 'x')).toBe('report.xlsx')
    expect(downloadName('attachment; filename=plain.csv', 'x')).toBe('plain.csv')
    expect(downloadName(`attachment; filename*=UTF-8''%E9%A1%B9%ZZ; filename="ok.csv"`, 'x')).toBe('ok.csv')
    expect(downloadName(null, '模板.xlsx')).toBe('模板.xlsx')
    expect(downloadName('attachment', '模板.xlsx')).toBe('模板.xlsx')
  })
})
