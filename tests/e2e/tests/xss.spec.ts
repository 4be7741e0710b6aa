// XSS corpus (issue 5, SECURITY.md T6) in every text field of a submission, rendered in a real browser: the back
// office's lists, detail page and history (as the author and as the office), and the portal's item page. Every
// payload tries to set window.__xss or open a dialog; none may run.
import { expect, test, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from '../server'
import { BASE, login, watchErrors } from './helpers'
import { requestSchema, setField, stringFields } from './openapi'

test.describe.configure({ mode: 'serial' })

const P = {
  img: '<img src=x onerror="window.__xss=1">',
  script: '<script>window.__xss=1</script>',
  svg: '"><svg onload="window.__xss=1">',
  link: '[点我](javascript:window.__xss=1)',
  vue: "{{constructor.constructor('window.__xss=1')()}}",
}
const STAMP = Date.now() % 100000
const TITLE = `XSS${STAMP}${P.img}`
const BODY = `正文 ${P.script}\n\n${P.link}\n\n${P.svg}\n\n${P.vue}\n\n<a href="javascript:window.__xss=1">链接</a>`
let itemId = 0

function guard(page: Page) {
  const dialogs: string[] = []
  page.on('dialog', async (d) => {
    dialogs.push(d.message())
    await d.dismiss()
  })
  return dialogs
}

async function expectNothingRan(page: Page, dialogs: string[], what: string) {
  // Give lazy images and deferred handlers a moment to fire.
  await page.waitForTimeout(300)
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), what).toBeUndefined()
  expect(dialogs, what).toEqual([])
  const html = await page.content()
  expect(html, what).not.toMatch(/<img[^>]+onerror=/i)
  expect(html, what).not.toMatch(/href="javascript:/i)
}

async function csrf(page: Page): Promise<string> {
  return (await (await page.request.get(`${BASE()}/api/v1/auth/me`)).json()).csrfToken
}

async function api(page: Page, method: 'POST' | 'PUT', path: string, body: unknown) {
  const me = await (await page.request.get(`${BASE()}/api/v1/auth/me`)).json()
  const res = await page.request.fetch(`${BASE()}${path}`, {
    method,
    data: body,
    headers: { 'X-CSRF-Token': me.csrfToken, 'Content-Type': 'application/json' },
  })
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300)
  return res.json()
}

test('the author writes payloads in every field; the office returns it with a payload as the reason', async ({ browser }) => {
  const dept = await browser.newPage()
  await login(dept, 'dept01', DEMO_PASSWORD)
  await expect(dept.locator('[data-test="user-menu"]')).toBeVisible()
  const created = await api(dept, 'POST', '/api/v1/submissions', {
    kind: 'news',
    title: TITLE,
    body: BODY,
    authorName: `作者${P.svg}`,
    projectIds: [],
  })
  itemId = created.id
  await api(dept, 'POST', `/api/v1/submissions/${itemId}/submit`, {})
  const office = await browser.newPage()
  await login(office, 'office', DEMO_PASSWORD)
  await expect(office.locator('[data-test="user-menu"]')).toBeVisible()
  await api(office, 'POST', `/api/v1/submissions/${itemId}/return`, { reason: `请修改${P.img}${P.script}` })
  await dept.close()
  await office.close()
})

for (const who of ['dept01', 'office']) {
  test(`nothing runs in the back office for ${who}`, async ({ page }) => {
    const dialogs = guard(page)
    const errors = watchErrors(page)
    await login(page, who, DEMO_PASSWORD)
    await expect(page.locator('[data-test="user-menu"]')).toBeVisible()
    await page.goto(`${BASE()}/admin/submissions/${itemId}`)
    await expect(page.locator('body')).toContainText(`XSS${STAMP}`)
    await expect(page.locator('body')).toContainText('请修改')
    await expectNothingRan(page, dialogs, `${who} detail`)
    for (const list of who === 'office' ? ['/admin/submissions/all'] : ['/admin/submissions/mine']) {
      await page.goto(`${BASE()}${list}`)
      await expect(page.locator('body')).toContainText(`XSS${STAMP}`)
      await expectNothingRan(page, dialogs, `${who} ${list}`)
    }
    expect(errors).toEqual([])
  })
}

test('published, nothing runs on the portal page either', async ({ browser }) => {
  const dept = await browser.newPage()
  await login(dept, 'dept01', DEMO_PASSWORD)
  await expect(dept.locator('[data-test="user-menu"]')).toBeVisible()
  await api(dept, 'POST', `/api/v1/submissions/${itemId}/submit`, {})
  await dept.close()
  const office = await browser.newPage()
  await login(office, 'office', DEMO_PASSWORD)
  await expect(office.locator('[data-test="user-menu"]')).toBeVisible()
  await api(office, 'POST', `/api/v1/submissions/${itemId}/approve`, {})
  await api(office, 'POST', `/api/v1/submissions/${itemId}/publish`, {})
  await office.close()
  const page = await browser.newPage()
  const dialogs = guard(page)
  await expect.poll(async () => (await page.goto(`${BASE()}/news/${itemId}`))?.status(), { timeout: 5000 }).toBe(200)
  await expect(page.locator('body')).toContainText(`XSS${STAMP}`)
  await expectNothingRan(page, dialogs, 'portal item')
  await page.goto(`${BASE()}/news`)
  await expectNothingRan(page, dialogs, 'portal list')
})

// Every free-text field of the submission schema in api/openapi.yaml (title, body, author, photo and pair
// captions, the voice fields, ...) carries its own tagged payload; the fields are read from the schema, so a
// field added to the API is covered without editing this list.
const SCHEMA_TAG = `S${STAMP}`
const schemaItems: { kind: string; id: number; texts: Map<string, string> }[] = []

async function uploadPhoto(page: Page): Promise<number> {
  const jpeg = Buffer.from(
    await page.evaluate(() => {
      const c = document.createElement('canvas')
      c.width = 64
      c.height = 48
      const g = c.getContext('2d')!
      g.fillStyle = '#3a6fb0'
      g.fillRect(0, 0, 64, 48)
      return c.toDataURL('image/jpeg', 0.8).split(',')[1]
    }),
    'base64',
  )
  const res = await page.request.post(`${BASE()}/api/v1/files`, {
    multipart: { file: { name: 'xss.jpg', mimeType: 'image/jpeg', buffer: jpeg } },
    headers: { 'X-CSRF-Token': await csrf(page) },
  })
  expect(res.status(), await res.text()).toBeLessThan(300)
  return (await res.json()).id
}

test('payloads in every text field of the submission schema, for each kind', async ({ browser }) => {
  const schema = requestSchema('POST', '/api/v1/submissions')
  expect(schema, 'api/openapi.yaml: POST /api/v1/submissions request schema').toBeTruthy()
  const fields = stringFields(schema!).filter((f) => f.free)
  const dept = await browser.newPage()
  await login(dept, 'dept01', DEMO_PASSWORD)
  await expect(dept.locator('[data-test="user-menu"]')).toBeVisible()
  const photo = async (caption: string) => ({ fileId: await uploadPhoto(dept), caption })
  const bodies: Record<string, Record<string, unknown>> = {
    news: { kind: 'news', title: 't', body: 'b', authorName: 'a', photos: [await photo('c')] },
    photo_story: { kind: 'photo_story', title: 't', body: 'b', pairs: [{ before: await photo('c'), after: await photo('c') }] },
    voice: {
      kind: 'voice',
      title: 't',
      body: 'b',
      consent: true,
      speakerDesc: 'd',
      quote: 'q',
      interviewer: 'i',
    },
  }
  const payloads = [P.img, P.script, P.svg, P.vue]
  const covered = new Set<string>()
  let n = 0
  for (const [kind, body] of Object.entries(bodies)) {
    const texts = new Map<string, string>()
    for (const f of fields) {
      // Short enough for the smallest limits (50 characters), distinct per field, and findable on the page.
      const text = `${SCHEMA_TAG}${n % 10}${payloads[n % payloads.length]}`.slice(0, 50)
      if (!setField(body, f.path, text)) continue
      ++n
      texts.set(f.path, text)
      covered.add(f.path)
    }
    const created = await api(dept, 'POST', '/api/v1/submissions', body)
    schemaItems.push({ kind, id: created.id, texts })
  }
  expect([...covered].sort(), 'every free-text field of the schema reached by one of the bodies').toEqual(
    fields.map((f) => f.path).sort(),
  )
  await dept.close()
})

for (const who of ['dept01', 'office']) {
  test(`schema payloads: shown literally and inert in the back office for ${who}`, async ({ page }) => {
    const dialogs = guard(page)
    const errors = watchErrors(page)
    await login(page, who, DEMO_PASSWORD)
    await expect(page.locator('[data-test="user-menu"]')).toBeVisible()
    if (who === 'office') {
      // The office sees submitted items only.
      const dept = await page.context().browser()!.newPage()
      await login(dept, 'dept01', DEMO_PASSWORD)
      await expect(dept.locator('[data-test="user-menu"]')).toBeVisible()
      for (const item of schemaItems) await api(dept, 'POST', `/api/v1/submissions/${item.id}/submit`, {})
      await dept.close()
    }
    for (const item of schemaItems) {
      await page.goto(`${BASE()}/admin/submissions/${item.id}`)
      await expect(page.locator('body')).toContainText(SCHEMA_TAG)
      const shown = await page.locator('body').innerText()
      for (const [path, text] of item.texts) {
        // Markdown bodies are rendered (sanitised); every other field is plain text and must read as typed.
        if (path === 'body') continue
        expect(shown, `${who} ${item.kind} ${path}`).toContain(text)
      }
      await expectNothingRan(page, dialogs, `${who} ${item.kind} detail`)
    }
    expect(errors).toEqual([])
  })
}

test('schema payloads: inert on the portal once published', async ({ browser }) => {
  const office = await browser.newPage()
  await login(office, 'office', DEMO_PASSWORD)
  await expect(office.locator('[data-test="user-menu"]')).toBeVisible()
  const published: typeof schemaItems = []
  for (const item of schemaItems) {
    const me = await csrf(office)
    const approve = await office.request.post(`${BASE()}/api/v1/submissions/${item.id}/approve`, { data: {}, headers: { 'X-CSRF-Token': me } })
    if (approve.status() >= 300) continue
    const publish = await office.request.post(`${BASE()}/api/v1/submissions/${item.id}/publish`, { data: {}, headers: { 'X-CSRF-Token': me } })
    if (publish.status() < 300) published.push(item)
  }
  await office.close()
  expect(published.length, 'at least the news and voice items publish').toBeGreaterThanOrEqual(2)
  const page = await browser.newPage()
  const dialogs = guard(page)
  const column: Record<string, string> = { news: 'news', photo_story: 'photos', voice: 'voices' }
  for (const item of published) {
    await expect.poll(async () => (await page.goto(`${BASE()}/${column[item.kind]}/${item.id}`))?.status(), { timeout: 5000 }).toBe(200)
    await expect(page.locator('body')).toContainText(SCHEMA_TAG)
    await expectNothingRan(page, dialogs, `portal ${item.kind}`)
    await page.goto(`${BASE()}/${column[item.kind]}`)
    await expectNothingRan(page, dialogs, `portal ${item.kind} list`)
  }
})
