// Generates src/locales/zh-TW.json from zh-CN.json with OpenCC s2tw (Debian's `opencc` CLI): the values are
// converted, the keys kept. Run by `npm run build` and `npm run check:locales`.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'locales')
const source = JSON.parse(readFileSync(join(dir, 'zh-CN.json'), 'utf8'))

const values = []
const collect = (node) => {
  for (const v of Object.values(node)) {
    if (typeof v === 'string') values.push(v)
    else collect(v)
  }
}
collect(source)

// One value per line; line breaks inside a value travel as a private-use character.
const NL = '\uE000'
const tmp = mkdtempSync(join(tmpdir(), 'minsheng-opencc-'))
let converted
try {
  const input = join(tmp, 'in.txt')
  const output = join(tmp, 'out.txt')
  writeFileSync(input, values.map((v) => v.replaceAll('\n', NL)).join('\n') + '\n')
  try {
    execFileSync('opencc', ['-c', 's2tw.json', '-i', input, '-o', output], { stdio: 'inherit' })
  } catch (e) {
    console.error('gen-zh-tw: OpenCC failed (Debian package `opencc`, installed by scripts/bootstrap):', e.message)
    process.exit(1)
  }
  converted = readFileSync(output, 'utf8').split('\n').slice(0, values.length).map((v) => v.replaceAll(NL, '\n'))
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
if (converted.length !== values.length) {
  console.error(`gen-zh-tw: OpenCC returned ${converted.length} lines for ${values.length} values`)
  process.exit(1)
}

let i = 0
const rebuild = (node) =>
  Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, typeof v === 'string' ? converted[i++] : rebuild(v)]),
  )
writeFileSync(join(dir, 'zh-TW.json'), JSON.stringify(rebuild(source), null, 2) + '\n')
console.log(`gen-zh-tw: ${values.length} messages converted with OpenCC s2tw`)
