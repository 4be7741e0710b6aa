// 通报考核 (issue 6) in the browser, the journey of the issue: the office of the demo town issues the June 2020
// circular with the wizard (period → units → figures → prose → number → issue) and downloads the DOCX, PDF and
// XLSX (the PDF by its magic bytes, the DOCX and XLSX by their package's main part, and each byte-for-byte
// equal on a second download); the circular's page and the list show it, and so does the list of a department
// named in it; the annual scorecard shows the chart (a canvas) with the ranking table; the rule editor previews
// a ranking. axe-core on each page; 360 px phones without horizontal page scroll. How long generation takes is
// measured by bench/circulars.sh, not here.
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Download, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { DEMO_PASSWORD } from '../server'
import { BASE, login, logout, watchErrors } from './helpers'
import { ooxmlKind } from './ooxml'

test.describe.configure({ mode: 'serial' })

let circularId = 0
let docNumber = ''

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

// An Element Plus select: open it, pick the option by its exact text.
async function choose(page: Page, select: string, option: string) {
  await page.locator(`[data-test="${select}"]`).click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

async function bytesOf(download: Download): Promise<Buffer> {
  return readFileSync((await download.path())!)
}

// What a download is: 'docx' / 'xlsx' from the package, 'pdf' from the magic bytes.
function kindOf(bytes: Buffer): string {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf'
  return ooxmlKind(bytes)
}

test('the office issues the June 2020 circular with the wizard and downloads its files', async ({ page }) => {
  const errors = watchErrors(page)
  await signIn(page, 'office')
  await expect(page.locator('.side-menu')).toContainText('通报考核')
  await page.goto(`${BASE()}/admin/circulars/new`)

  // 期间
  await choose(page, 'period-year', '2020')
  await choose(page, 'period-month', '6 月')
  await expect(page.locator('[data-test="period-code"]')).toHaveText('2020年6月（2020-06）')
  await page.locator('[data-test="step-period"] [data-test="next"]').click()

  // 单位: every unit with a quota in June checked
  await expect(page.locator('[data-test="step-units"]')).toBeVisible()
  await expect(page).toHaveURL(/\/admin\/circulars\/new\?id=\d+$/)
  circularId = Number(/id=(\d+)/.exec(page.url())![1])
  await expect(page.locator('[data-test="units-count"]')).toContainText(/已选 [1-9]\d* \//)
  await page.locator('[data-test="step-units"] [data-test="next"]').click()

  // 预览数据
  await expect(page.locator('[data-test="step-figures"]')).toBeVisible()
  await expect(page.locator('[data-test="figures-meta"]')).toContainText('2020年6月')
  await expect(page.locator('[data-test="snapshot-table"] .el-table__body tr').first()).toBeVisible()
  await expectAccessible(page, 'wizard figures')
  await page.locator('[data-test="step-figures"] [data-test="next"]').click()

  // 正文: prefilled from the figures
  await expect(page.locator('[data-test="step-prose"]')).toBeVisible()
  await expect(page.locator('#c-title')).toHaveValue(/2020年6月/)
  await expect(page.locator('#c-prose-overall')).not.toHaveValue('')
  await expectAccessible(page, 'wizard prose')
  await page.locator('[data-test="step-prose"] [data-test="next"]').click()

  // 编号与印发
  await expect(page.locator('[data-test="step-issue"]')).toBeVisible()
  await expect(page.locator('[data-test="next-number"]')).toHaveText(/^.+〔\d{4}〕[1-9]\d*号$/)
  await page.locator('[data-test="issue"]').click()
  await page.getByRole('dialog').getByRole('button', { name: '印发' }).click()
  await expect(page.locator('[data-test="step-done"]')).toContainText('通报已印发')
  await expectAccessible(page, 'wizard done')

  // the three files, and the same bytes again
  for (const format of ['docx', 'pdf', 'xlsx']) {
    const link = page.locator(`[data-test="step-done"] [data-test="file-${format}"]`)
    await expect(link).toHaveAttribute('href', `/api/v1/circulars/${circularId}/file?format=${format}`)
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    const bytes = await bytesOf(download)
    expect(kindOf(bytes), `the ${format} download`).toBe(format)
    expect(download.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`))
    const again = await page.request.get(`${BASE()}/api/v1/circulars/${circularId}/file?format=${format}`)
    expect(again.status()).toBe(200)
    expect(Buffer.compare(await again.body(), bytes), `${format} downloaded twice is identical`).toBe(0)
  }

  // its page
  await page.locator('[data-test="view-issued"]').click()
  await expect(page).toHaveURL(new RegExp(`/admin/circulars/${circularId}$`))
  docNumber = (await page.locator('[data-test="detail-number"]').textContent())!.trim()
  expect(docNumber).toMatch(/〔\d{4}〕[1-9]\d*号$/)
  await expect(page.locator('[data-test="detail-state"]')).toHaveText('已印发')
  await expect(page.locator('[data-test="detail-prose"] h3')).toHaveCount(4)
  await expectAccessible(page, 'circular detail')

  // the list
  await page.goto(`${BASE()}/admin/circulars/list`)
  const row = page.locator('.el-table__body-wrapper tbody tr', { hasText: docNumber })
  await expect(row).toHaveCount(1)
  await expect(row.locator('[data-test="row-state"]')).toHaveText('已印发')
  await expect(row.locator('a[download]')).toHaveCount(3)
  await expectAccessible(page, 'circular list')
  expect(errors).toEqual([])
})

test('a department named in the circular finds it in its list', async ({ page }) => {
  test.skip(!circularId, 'needs the issued circular')
  await signIn(page, 'office')
  const c = await (await page.request.get(`${BASE()}/api/v1/circulars/${circularId}`)).json()
  await logout(page)
  await signIn(page, 'dept01')
  const me = await (await page.request.get(`${BASE()}/api/v1/auth/me`)).json()
  // The demo town gives dept01 a quota in June 2020, so the wizard's default selection names it.
  expect(c.unitIds, 'dept01 is among the units of the June circular').toContain(me.user.orgUnitId)
  await page.goto(`${BASE()}/admin/circulars/list`)
  const row = page.locator('.el-table__body-wrapper tbody tr', { hasText: docNumber })
  await expect(row).toHaveCount(1)
  await expect(page.locator('[data-test="add"]')).toHaveCount(0)
})

test('the scorecard shows the chart and the ranking table; the rule editor previews a ranking', async ({ page }) => {
  const errors = watchErrors(page)
  await signIn(page, 'office')
  await page.goto(`${BASE()}/admin/circulars/scorecard`)
  await choose(page, 'scorecard-year', '2020 年')
  const rows = page.locator('[data-test="scorecard-table"] .el-table__body-wrapper tbody tr')
  await expect(rows.first()).toBeVisible()
  const chart = page.locator('[data-test="score-chart-canvas"]')
  await expect(chart).toHaveAttribute('role', 'img')
  await expect(chart).toHaveAttribute('aria-label', /2020 年度各单位考核总分/)
  await expect(chart.locator('canvas')).toHaveCount(1)
  const box = (await chart.locator('canvas').boundingBox())!
  expect(box.width).toBeGreaterThan(100)
  expect(box.height).toBeGreaterThan(100)
  await expect(page.locator('[data-test="shortlist"]')).toContainText('评先评优建议名单')
  await page.mouse.move(1, 700)
  await expectAccessible(page, 'scorecard')

  for (const format of ['xlsx', 'docx']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-test="export-${format}"]`).click()])
    expect(kindOf(await bytesOf(download)), `the scorecard's ${format} export`).toBe(format)
  }

  await page.goto(`${BASE()}/admin/circulars/rules`)
  await choose(page, 'rules-year', '2020 年')
  await expect(page.locator('[data-test="score-rules-table"] .el-table__body-wrapper tbody tr')).toHaveCount(3)
  await page.locator('[data-test="rules-preview"]').click()
  await expect(page.locator('[data-test="rules-preview-result"] .el-table__body-wrapper tbody tr').first()).toBeVisible()
  await page.mouse.move(1, 700)
  await expectAccessible(page, 'score rules')
  expect(errors).toEqual([])
})

test.describe('360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })

  test('the list, the circular, the wizard and the scorecard fit the screen', async ({ page }) => {
    test.skip(!circularId, 'needs the issued circular')
    const errors = watchErrors(page)
    await signIn(page, 'office')
    await page.goto(`${BASE()}/admin/circulars/list`)
    await expect(page.locator('.el-table__body-wrapper tbody tr', { hasText: docNumber })).toHaveCount(1)
    await expectFits(page)
    await page.goto(`${BASE()}/admin/circulars/${circularId}`)
    await expect(page.locator('[data-test="detail-number"]')).toHaveText(docNumber)
    await expectFits(page)
    await page.goto(`${BASE()}/admin/circulars/new`)
    await expect(page.locator('[data-test="steps"]')).toContainText('第 1/5 步')
    await expectFits(page)
    await page.goto(`${BASE()}/admin/circulars/scorecard`)
    await choose(page, 'scorecard-year', '2020 年')
    await expect(page.locator('[data-test="score-chart-canvas"] canvas')).toHaveCount(1)
    await expectFits(page)
    await expectAccessible(page, 'scorecard at 360 px')
    await page.goto(`${BASE()}/admin/circulars/rules`)
    await expect(page.locator('[data-test="score-rules-table"]')).toBeVisible()
    await expectFits(page)
    expect(errors).toEqual([])
  })
})
