// XSS corpus (issue 5, SECURITY.md T6) in every text field of a submission, rendered in a real browser: the back
// office's lists, detail page and history (as the author and as the office), and the portal's item page. Every
// payload tries to set window.__xss or open a dialog; none may run.
import { expect, test, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from '../server'
import { BASE, login, watchErrors } from './helpers'

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
