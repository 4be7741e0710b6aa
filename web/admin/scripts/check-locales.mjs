// Every key of zh-CN.json (the source) must exist, as a string, in en.json and zh-TW.json.
// Prints "check:locales: N passed, M failed" (one case per locale) for scripts/test-all.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'locales')
const load = (name) => JSON.parse(readFileSync(join(dir, name), 'utf8'))
const flatten = (node, prefix = '', out = new Map()) => {
  for (const [k, v] of Object.entries(node)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v !== null && typeof v === 'object') flatten(v, key, out)
    else out.set(key, v)
  }
  return out
}
const source = flatten(load('zh-CN.json'))
let passed = 0
let failed = 0
for (const name of ['en.json', 'zh-TW.json']) {
  let other
  try {
    other = flatten(load(name))
  } catch (e) {
    console.error(`${name}: cannot read: ${e.message}`)
    failed++
    continue
  }
  const missing = [...source.keys()].filter((k) => typeof other.get(k) !== 'string' || other.get(k) === '')
  const extra = [...other.keys()].filter((k) => !source.has(k))
  if (extra.length) console.warn(`${name}: keys not in zh-CN.json (unused): ${extra.join(', ')}`)
  if (missing.length) {
    console.error(`${name}: missing ${missing.length} of ${source.size} keys: ${missing.join(', ')}`)
    failed++
  } else {
    console.log(`${name}: all ${source.size} keys present`)
    passed++
  }
}
console.log(`check:locales: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
