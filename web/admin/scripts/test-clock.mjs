// The time-bomb guard: the whole Vitest suite again on clocks far from the machine's calendar, so a test that
// passes only in the month it was written (mocked data of "this" month, "this year and the 8 before") fails now.
// Each run pins every test's clock (src/testing/pinClock.ts via MINSHENG_TEST_NOW) and sets the process time
// zone. Extra arguments go to `vitest run` (e.g. a file filter).
// Prints "test:clock: N passed, M failed" (one case per clock) for scripts/test-all.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs')

const CLOCKS = [
  // 00:30 on 15 June 2035 in Shanghai, still the 14th on a device in Los Angeles: years after any mocked data.
  { now: '2035-06-14T16:30:00Z', tz: 'America/Los_Angeles' },
  // New Year's night in Shanghai (2028-01-01 00:30), still 2027 in UTC.
  { now: '2027-12-31T16:30:00Z', tz: 'Asia/Shanghai' },
]

let passed = 0
let failed = 0
for (const c of CLOCKS) {
  console.log(`test:clock: vitest run at ${c.now}, TZ=${c.tz}`)
  const r = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, MINSHENG_TEST_NOW: c.now, TZ: c.tz },
  })
  if (r.status === 0) passed++
  else {
    failed++
    console.log(`test:clock: FAILED at ${c.now}, TZ=${c.tz}`)
  }
}
console.log(`test:clock: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
