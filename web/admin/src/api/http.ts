// The one HTTP client of the back office: same-origin cookies, the CSRF token on unsafe methods, and the
// server's errors ({"error":{code,message,fields,requestId}}) turned into readable Chinese.
//  - field errors: thrown as ApiError with `fields`; forms show them next to their fields (useFieldErrors)
//  - anything else: an ElMessage toast with the server's message (unless `silent`)
//  - 401: back to the login page; 403 "password change required": to the change-password page
export interface FieldError {
  field: string
  message: string
}

export class ApiError extends Error {
  constructor(
    message: string,
    public status: number,
    public code: string,
    public fields: FieldError[] = [],
    public requestId = '',
  ) {
    super(message)
    this.name = 'ApiError'
  }
  fieldMap(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const f of this.fields) if (!(f.field in out)) out[f.field] = f.message
    return out
  }
}

export interface Page<T> {
  rows: T[]
  total: number
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface RequestOptions {
  query?: Query
  body?: unknown
  // No toast: the caller shows the message itself (e.g. the login form).
  silent?: boolean
  // The caller shows field errors next to its form fields: no toast when the error names fields.
  form?: boolean
}

export interface HttpHooks {
  toast: (message: string) => void
  onUnauthenticated: () => void
  onPasswordChangeRequired: () => void
}

// The server's text for error.password_change_required (src/core/messages.cpp).
export const PASSWORD_CHANGE_REQUIRED = '请先修改初始密码或已过期的密码'

const hooks: HttpHooks = { toast: () => {}, onUnauthenticated: () => {}, onPasswordChangeRequired: () => {} }
let csrfToken = ''

export function configureHttp(h: Partial<HttpHooks>): void {
  Object.assign(hooks, h)
}
export function setCsrfToken(token: string): void {
  csrfToken = token
}
export function getCsrfToken(): string {
  return csrfToken
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

// "?a=1&b=x", leaving out empty values.
export function queryString(query?: Query): string {
  if (!query) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    p.append(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

const FALLBACK: Record<number, string> = {
  400: '请求有误，请检查输入',
  401: '请先登录',
  403: '没有权限执行此操作',
  404: '记录不存在或已被删除',
  409: '数据已被他人修改，请刷新后重试',
  413: '内容过大',
  429: '操作过于频繁，请稍后再试',
}

// The ApiError for a failed response (body already read as text).
export function toApiError(status: number, text: string): ApiError {
  let err: any = null
  try {
    err = JSON.parse(text)?.error
  } catch {
    err = null
  }
  if (err && typeof err.message === 'string') {
    const fields = Array.isArray(err.fields)
      ? err.fields.filter((f: any) => f && typeof f.field === 'string').map((f: any) => ({ field: f.field, message: String(f.message ?? '') }))
      : []
    return new ApiError(err.message || FALLBACK[status] || `服务器错误（HTTP ${status}）`, status, String(err.code ?? ''), fields, String(err.requestId ?? ''))
  }
  return new ApiError(FALLBACK[status] ?? `服务器错误（HTTP ${status}），请稍后再试`, status, '')
}

function isLoginCall(url: string): boolean {
  return url.startsWith('/api/v1/auth/login')
}

async function send(method: string, url: string, opt: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: string | undefined
  if (UNSAFE.has(method)) {
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opt.body ?? {})
  }
  let res: Response
  try {
    res = await fetch(url + queryString(opt.query), { method, headers, body, credentials: 'same-origin' })
  } catch {
    const e = new ApiError('网络连接失败，请检查网络后重试', 0, 'Network')
    if (!opt.silent) hooks.toast(e.message)
    throw e
  }
  if (res.ok) return res
  const e = toApiError(res.status, await res.text().catch(() => ''))
  if (res.status === 401 && !isLoginCall(url)) {
    setCsrfToken('')
    hooks.onUnauthenticated()
  } else if (res.status === 403 && e.message === PASSWORD_CHANGE_REQUIRED) {
    hooks.onPasswordChangeRequired()
  }
  const shownByForm = opt.form && e.fields.length > 0
  if (!opt.silent && !shownByForm) hooks.toast(e.message)
  throw e
}

export async function request<T>(method: string, url: string, opt: RequestOptions = {}): Promise<T> {
  const res = await send(method, url, opt)
  const text = await res.text()
  return (text ? JSON.parse(text) : {}) as T
}

export const http = {
  get: <T>(url: string, query?: Query, opt: RequestOptions = {}) => request<T>('GET', url, { ...opt, query }),
  post: <T>(url: string, body?: unknown, opt: RequestOptions = {}) => request<T>('POST', url, { ...opt, body }),
  put: <T>(url: string, body?: unknown, opt: RequestOptions = {}) => request<T>('PUT', url, { ...opt, body }),
  del: <T>(url: string, opt: RequestOptions = {}) => request<T>('DELETE', url, opt),
  // A file download (CSV export): fetched with the session, saved under the server's file name.
  async download(url: string, query: Query | undefined, fallbackName: string): Promise<void> {
    const res = await send('GET', url, { query })
    const blob = await res.blob()
    const cd = res.headers.get('content-disposition') ?? ''
    const m = /filename\*=UTF-8''([^;]+)/i.exec(cd) ?? /filename="?([^";]+)"?/i.exec(cd)
    const name = m ? decodeURIComponent(m[1]) : fallbackName
    const href = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = href
    a.download = name
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(href), 1000)
  },
}
