// The one HTTP client of the back office: same-origin cookies, the CSRF token on unsafe methods, and the
// server's errors ({"error":{code,message,fields,requestId}}) turned into readable Chinese.
//  - field errors: thrown as ApiError with `fields`; forms show them next to their fields (useFieldErrors)
//  - anything else: an ElMessage toast with the server's message (unless `silent`)
//  - 401: back to the login page; 403 "password change required": to the change-password page
//  - multipart bodies (FormData) go as they are; an upload can report its progress (XMLHttpRequest)
//  - downloads (GET or a multipart POST) are saved under the server's file name (Content-Disposition)
//  - every answer's Date header sets the back office's clock (utils/serverClock), not the device's
import { learnServerTime } from '@/utils/serverClock'

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
    // The whole parsed JSON answer (e.g. the import's "problems" beside "error"); null when not JSON.
    public body: any = null,
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
  let body: any = null
  try {
    body = JSON.parse(text)
  } catch {
    body = null
  }
  const err = body && typeof body === 'object' ? body.error : null
  if (err && typeof err.message === 'string') {
    const fields = Array.isArray(err.fields)
      ? err.fields.filter((f: any) => f && typeof f.field === 'string').map((f: any) => ({ field: f.field, message: String(f.message ?? '') }))
      : []
    return new ApiError(err.message || FALLBACK[status] || `服务器错误（HTTP ${status}）`, status, String(err.code ?? ''), fields, String(err.requestId ?? ''), body)
  }
  return new ApiError(FALLBACK[status] ?? `服务器错误（HTTP ${status}），请稍后再试`, status, '', [], '', body)
}

function isLoginCall(url: string): boolean {
  return url.startsWith('/api/v1/auth/login')
}

const NETWORK_ERROR = '网络连接失败，请检查网络后重试'

function networkError(opt: RequestOptions): ApiError {
  const e = new ApiError(NETWORK_ERROR, 0, 'Network')
  if (!opt.silent) hooks.toast(e.message)
  return e
}

// The error of a failed answer, after the session hooks and the toast (the one place both fetch and
// XMLHttpRequest answers go through).
function failure(url: string, status: number, text: string, opt: RequestOptions): ApiError {
  const e = toApiError(status, text)
  if (status === 401 && !isLoginCall(url)) {
    setCsrfToken('')
    hooks.onUnauthenticated()
  } else if (status === 403 && e.message === PASSWORD_CHANGE_REQUIRED) {
    hooks.onPasswordChangeRequired()
  }
  const shownByForm = opt.form && e.fields.length > 0
  if (!opt.silent && !shownByForm) hooks.toast(e.message)
  return e
}

async function send(method: string, url: string, opt: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: string | FormData | undefined
  if (UNSAFE.has(method)) {
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken
    if (opt.body instanceof FormData) {
      body = opt.body // the browser writes the multipart Content-Type with its boundary
    } else {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(opt.body ?? {})
    }
  }
  let res: Response
  try {
    res = await fetch(url + queryString(opt.query), { method, headers, body, credentials: 'same-origin' })
  } catch {
    throw networkError(opt)
  }
  learnServerTime(res.headers.get('date'))
  if (res.ok) return res
  throw failure(url, res.status, await res.text().catch(() => ''), opt)
}

// The file name of a download: RFC 5987 filename* first, then filename, else the fallback.
export function downloadName(contentDisposition: string | null, fallback: string): string {
  const cd = contentDisposition ?? ''
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(cd)
  if (star) {
    try {
      return decodeURIComponent(star[1].trim())
    } catch {
      // malformed escape: try the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;]+)/i.exec(cd)
  const name = plain ? (plain[1] ?? plain[2]).trim() : ''
  return name || fallback
}

export interface Download {
  blob: Blob
  name: string
  type: string
}

async function toDownload(res: Response, fallbackName: string): Promise<Download> {
  const blob = await res.blob()
  return { blob, name: downloadName(res.headers.get('content-disposition'), fallbackName), type: res.headers.get('content-type') ?? blob.type }
}

// Hands a blob to the browser as a file download.
export function saveBlob(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 1000)
}

export interface UploadOptions extends RequestOptions {
  // 0..100 as the request body is sent.
  onProgress?: (percent: number) => void
  // Aborts the upload (rejects with an ApiError of code "Aborted", no toast).
  signal?: AbortSignal
}

// A multipart POST with upload progress (fetch cannot report it): same CSRF header, cookies and error
// handling as every other call.
export function upload<T>(url: string, form: FormData, opt: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url + queryString(opt.query))
    xhr.setRequestHeader('Accept', 'application/json')
    if (csrfToken) xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    if (opt.onProgress) {
      const report = opt.onProgress
      xhr.upload.onprogress = (ev: ProgressEvent) => {
        if (ev.lengthComputable && ev.total > 0) report(Math.min(100, Math.round((ev.loaded / ev.total) * 100)))
      }
    }
    xhr.onload = () => {
      learnServerTime(xhr.getResponseHeader('date'))
      const text = typeof xhr.responseText === 'string' ? xhr.responseText : ''
      if (xhr.status >= 200 && xhr.status < 300) {
        opt.onProgress?.(100)
        try {
          resolve((text ? JSON.parse(text) : {}) as T)
        } catch {
          reject(failure(url, 502, '', opt)) // an answer that is not JSON: "服务器错误（HTTP 502）…"
        }
      } else {
        reject(failure(url, xhr.status, text, opt))
      }
    }
    xhr.onerror = () => reject(networkError(opt))
    xhr.onabort = () => reject(new ApiError('已取消', 0, 'Aborted'))
    if (opt.signal) {
      if (opt.signal.aborted) {
        reject(new ApiError('已取消', 0, 'Aborted'))
        return
      }
      opt.signal.addEventListener('abort', () => xhr.abort(), { once: true })
    }
    xhr.send(form)
  })
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
  // A multipart POST (FormData) answered with JSON.
  postForm: <T>(url: string, form: FormData, opt: RequestOptions = {}) => request<T>('POST', url, { ...opt, body: form }),
  upload,
  // A file fetched with the session (GET, or a multipart POST), not yet saved.
  async fetchFile(method: 'GET' | 'POST', url: string, fallbackName: string, opt: RequestOptions = {}): Promise<Download> {
    return toDownload(await send(method, url, opt), fallbackName)
  },
  // A file download (CSV export): fetched with the session, saved under the server's file name.
  async download(url: string, query: Query | undefined, fallbackName: string, opt: RequestOptions = {}): Promise<Download> {
    const file = await toDownload(await send('GET', url, { ...opt, query }), fallbackName)
    saveBlob(file.blob, file.name)
    return file
  },
  // The same for a multipart POST (e.g. an import's error report for the uploaded file).
  async downloadPost(url: string, form: FormData, fallbackName: string, opt: RequestOptions = {}): Promise<Download> {
    const file = await toDownload(await send('POST', url, { ...opt, body: form }), fallbackName)
    saveBlob(file.blob, file.name)
    return file
  },
}
