// The clock guard of `npm run test:clock` (scripts/test-clock.mjs): every test starts on the instant of
// MINSHENG_TEST_NOW instead of the machine's calendar. A test that sets its own clock (vi.setSystemTime,
// vi.useFakeTimers in its hooks or body) is unaffected, as those run after this hook; a test that passes only
// in the month it was written fails here, today rather than next year.
import { afterEach, beforeEach, inject, vi } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    testNow: string
  }
}

const pinned = inject('testNow')
if (pinned) {
  const at = new Date(pinned)
  if (Number.isNaN(at.getTime())) throw new Error(`MINSHENG_TEST_NOW is not an instant: ${pinned}`)
  beforeEach(() => {
    vi.setSystemTime(at)
  })
  afterEach(() => {
    vi.useRealTimers()
  })
}
