// api/openapi.yaml for the browser tests: a reader for the YAML subset the file uses (the same subset as
// tests/integration/openapi_schema.cpp: block mappings and sequences, flow collections, plain and quoted
// scalars, folded/literal block scalars; anything else throws) and the string fields of each request schema.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../server'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Obj = { [k: string]: Json }

interface Line {
  n: number
  indent: number
  text: string
}

function fail(n: number, what: string): never {
  throw new Error(`api/openapi.yaml line ${n}: ${what}`)
}

function plain(s: string): Json {
  s = s.trimEnd()
  if (s === '' || s === 'null' || s === '~') return null
  if (s === 'true') return true
  if (s === 'false') return false
  if (/^-?[0-9]+$/.test(s)) return Number.parseInt(s, 10)
  if (/^-?[0-9]+\.[0-9]+$/.test(s)) return Number.parseFloat(s)
  return s
}

export function parseYamlSubset(text: string): Json {
  const raw = text.split('\n').map((l) => l.replace(/\r$/, ''))
  const lines: Line[] = []
  for (let i = 0; i < raw.length; ++i) {
    const indent = raw[i].length - raw[i].replace(/^ +/, '').length
    if (raw[i][indent] === '\t') fail(i + 1, 'tab in indentation')
    let rest = raw[i].slice(indent)
    if (rest === '' || rest.startsWith('#')) continue
    if (rest === '---' || rest.startsWith('%')) fail(i + 1, 'documents and directives are not supported')
    const header = [': >-', ': >', ': |-', ': |'].find((h) => rest.endsWith(h))
    if (header) {
      const start = i + 1
      const body: string[] = []
      while (i + 1 < raw.length) {
        const next = raw[i + 1]
        const first = next.search(/[^ ]/)
        if (first !== -1 && first <= indent) break
        body.push(first === -1 ? '' : next)
        ++i
      }
      while (body.length && body[body.length - 1] === '') body.pop()
      const strip = Math.min(...body.filter((b) => b).map((b) => b.search(/[^ ]/)))
      const folded = header[2] === '>'
      let value = ''
      let afterBreak = true
      for (const b of body) {
        if (b === '') {
          value += '\n'
          afterBreak = true
          continue
        }
        if (value && !afterBreak) value += folded ? ' ' : '\n'
        value += b.slice(strip)
        afterBreak = false
      }
      if (header.length === 3) value += '\n'
      rest = rest.slice(0, rest.length - header.length + 1) + ' ' + JSON.stringify(value)
      lines.push({ n: start, indent, text: rest })
      continue
    }
    lines.push({ n: i + 1, indent, text: rest })
  }
  let pos = 0
  const isItem = (t: string) => t === '-' || t.startsWith('- ')
  const keyEnd = (t: string): number => {
    if (!t || t[0] === '{' || t[0] === '[') return -1
    if (t[0] === "'" || t[0] === '"') {
      const close = t.indexOf(t[0], 1)
      if (close < 0) return -1
      const i = close + 1
      return t[i] === ':' && (i + 1 === t.length || t[i + 1] === ' ') ? i : -1
    }
    for (let i = 0; i < t.length; ++i) if (t[i] === ':' && (i + 1 === t.length || t[i + 1] === ' ')) return i
    return -1
  }
  const flow = (t: string, at: { i: number }, n: number, inFlow: boolean): Json => {
    while (t[at.i] === ' ') ++at.i
    if (at.i >= t.length) return null
    const c = t[at.i]
    if ('&*!|>'.includes(c)) fail(n, 'anchors, aliases, tags and block scalars are not supported')
    if (c === "'" || c === '"') {
      ++at.i
      let out = ''
      for (;;) {
        if (at.i >= t.length) fail(n, 'unterminated quoted string')
        const d = t[at.i++]
        if (d === c) {
          if (c === "'" && t[at.i] === "'") {
            out += "'"
            ++at.i
            continue
          }
          return out
        }
        if (c === '"' && d === '\\') {
          const e = t[at.i++]
          const map: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', '/': '/' }
          if (!(e in map)) fail(n, `unsupported escape \\${e}`)
          out += map[e]
          continue
        }
        out += d
      }
    }
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']'
      ++at.i
      const o: Obj = {}
      const a: Json[] = []
      while (t[at.i] === ' ') ++at.i
      if (t[at.i] === close) {
        ++at.i
        return c === '{' ? o : a
      }
      for (;;) {
        if (c === '{') {
          const k = flow(t, at, n, true)
          if (typeof k !== 'string') fail(n, 'flow mapping key must be a string')
          while (t[at.i] === ' ') ++at.i
          if (t[at.i] !== ':') fail(n, "expected ':' in flow mapping")
          ++at.i
          o[k] = flow(t, at, n, true)
        } else {
          a.push(flow(t, at, n, true))
        }
        while (t[at.i] === ' ') ++at.i
        if (t[at.i] === ',') {
          ++at.i
          continue
        }
        if (t[at.i] === close) {
          ++at.i
          return c === '{' ? o : a
        }
        fail(n, 'unterminated flow collection')
      }
    }
    let s = ''
    while (at.i < t.length) {
      const d = t[at.i]
      if (inFlow && (d === ',' || d === ']' || d === '}')) break
      if (inFlow && d === ':' && (at.i + 1 === t.length || t[at.i + 1] === ' ' || t[at.i + 1] === ',')) break
      if (d === '#' && s.endsWith(' ')) break
      s += d
      ++at.i
    }
    const v = plain(s)
    if (inFlow && t[at.i] === ':' && typeof v !== 'string') return s.trimEnd()
    return v
  }
  const inline = (text: string, n: number): Json => {
    const at = { i: 0 }
    const v = flow(text, at, n, false)
    while (text[at.i] === ' ') ++at.i
    if (at.i < text.length && text[at.i] !== '#') fail(n, 'trailing text after a value')
    return v
  }
  const block = (indent: number): Json => (isItem(lines[pos].text) ? sequence(indent) : mapping(indent))
  const mapping = (indent: number): Json => {
    const o: Obj = {}
    while (pos < lines.length && lines[pos].indent === indent && !isItem(lines[pos].text)) {
      const line = lines[pos]
      const end = keyEnd(line.text)
      if (end < 0) fail(line.n, 'expected "key: value"')
      let key = line.text.slice(0, end)
      if (key[0] === "'" || key[0] === '"') key = inline(key, line.n) as string
      if (key in o) fail(line.n, `duplicate key ${key}`)
      const rest = end + 1 < line.text.length ? line.text.slice(end + 2) : ''
      ++pos
      let v: Json = null
      if (!rest || rest[0] === '#') {
        if (pos < lines.length && lines[pos].indent > indent) v = block(lines[pos].indent)
        else if (pos < lines.length && lines[pos].indent === indent && isItem(lines[pos].text)) v = sequence(indent)
      } else {
        v = inline(rest, line.n)
        if (pos < lines.length && lines[pos].indent > indent) fail(lines[pos].n, 'multi-line scalars are not supported')
      }
      o[key] = v
    }
    if (pos < lines.length && lines[pos].indent > indent) fail(lines[pos].n, 'unexpected indentation')
    return o
  }
  const sequence = (indent: number): Json => {
    const a: Json[] = []
    while (pos < lines.length && lines[pos].indent === indent && isItem(lines[pos].text)) {
      const line = lines[pos]
      if (line.text === '-') {
        ++pos
        a.push(pos < lines.length && lines[pos].indent > indent ? block(lines[pos].indent) : null)
        continue
      }
      const after = line.text.slice(2).replace(/^ +/, '')
      const skip = line.text.length - after.length
      if (keyEnd(after) >= 0 || isItem(after)) {
        line.indent += skip
        line.text = after
        a.push(block(line.indent))
      } else {
        ++pos
        a.push(inline(after, line.n))
        if (pos < lines.length && lines[pos].indent > indent) fail(lines[pos].n, 'multi-line scalars are not supported')
      }
    }
    return a
  }
  if (!lines.length) return null
  const doc = block(lines[0].indent)
  if (pos !== lines.length) fail(lines[pos].n, 'unexpected indentation')
  return doc
}

let cached: Obj | undefined
export function openapi(): Obj {
  cached ??= parseYamlSubset(readFileSync(join(ROOT, 'api', 'openapi.yaml'), 'utf8')) as Obj
  return cached
}

function resolve(s: Json, depth = 0): Obj {
  if (depth > 32) throw new Error('api/openapi.yaml: $ref cycle')
  if (!s || typeof s !== 'object' || Array.isArray(s)) return {}
  const schemas = ((openapi().components as Obj).schemas ?? {}) as Obj
  let out: Obj = {}
  const ref = s.$ref
  if (typeof ref === 'string') out = resolve(schemas[ref.replace('#/components/schemas/', '')], depth + 1)
  for (const part of (s.allOf ?? []) as Json[]) {
    const r = resolve(part, depth + 1)
    for (const [k, v] of Object.entries(r)) {
      if (k === 'properties' && out.properties) out.properties = { ...(out.properties as Obj), ...(v as Obj) }
      else if (k === 'required' && out.required) out.required = [...(out.required as Json[]), ...(v as Json[])]
      else out[k] = v
    }
  }
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref' || k === 'allOf') continue
    if (k === 'properties') {
      const props: Obj = { ...((out.properties as Obj) ?? {}) }
      for (const [pk, pv] of Object.entries((v as Obj) ?? {})) props[pk] = resolve(pv, depth + 1)
      out.properties = props
    } else if (k === 'items') out.items = resolve(v, depth + 1)
    else out[k] = v
  }
  return out
}

// The resolved application/json request schema of an operation, or undefined.
export function requestSchema(method: string, path: string): Obj | undefined {
  const op = ((openapi().paths as Obj)[path] as Obj | undefined)?.[method.toLowerCase()] as Obj | undefined
  const media = ((op?.requestBody as Obj | undefined)?.content as Obj | undefined)?.['application/json'] as Obj | undefined
  return media?.schema ? resolve(media.schema) : undefined
}

export interface TextField {
  path: string // "title", "photos[].caption", "overrides.builder"
  free: boolean // no enum/format/pattern, not read-only or write-only: any text is kept as it is
  maxLength?: number
  markdown: boolean // described as Markdown: shown rendered (raw HTML dropped), not as typed
}

// Every string field of a resolved schema, nested objects and arrays of objects included.
export function stringFields(schema: Obj, prefix = ''): TextField[] {
  if (schema.type === 'string') {
    const free = !('enum' in schema || 'format' in schema || 'pattern' in schema || schema.readOnly || schema.writeOnly)
    const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : undefined
    const markdown = typeof schema.description === 'string' && /Markdown/i.test(schema.description)
    return [{ path: prefix, free, maxLength, markdown }]
  }
  if (schema.items) return stringFields(schema.items as Obj, `${prefix}[]`)
  return Object.entries((schema.properties as Obj) ?? {}).flatMap(([k, v]) =>
    stringFields(v as Obj, prefix ? `${prefix}.${k}` : k),
  )
}

// Sets the field at `path` of `body` ("[]" is the first element); false when the body does not reach it.
export function setField(body: Obj, path: string, value: string): boolean {
  const parts = path.replace(/\[\]/g, '.[]').split('.').filter((p) => p !== '')
  let cur: Json = body
  for (let i = 0; i < parts.length - 1; ++i) {
    const p = parts[i]
    if (p === '[]') {
      if (!Array.isArray(cur) || !cur.length) return false
      cur = cur[0]
    } else {
      if (!cur || typeof cur !== 'object' || Array.isArray(cur) || !(p in cur)) return false
      cur = (cur as Obj)[p]
    }
  }
  const last = parts[parts.length - 1]
  if (last === '[]') {
    if (!Array.isArray(cur) || !cur.length) return false
    cur[0] = value
    return true
  }
  if (!cur || typeof cur !== 'object' || Array.isArray(cur) || !(last in cur)) return false
  ;(cur as Obj)[last] = value
  return true
}
