// The public portal on a phone: 360 px, both scripts, large text, the 404 page, and an axe-core check of each
// (0 serious or critical violations, WCAG 2 A/AA rules).
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { BASE, watchErrors } from './helpers'

async function expectAccessible(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), what).toEqual([])
}

async function expectFits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(361)
}

test.describe('portal at 360 px', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })

  test('home in Simplified and Traditional, accessible, no scripts needed', async ({ page }) => {
    const errors = watchErrors(page)
    await page.goto(`${BASE()}/`)
    await expect(page).toHaveTitle(/民生镇（演示）/)
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    await expect(page.locator('meta[name="viewport"]')).not.toHaveAttribute('content', /user-scalable=no|maximum-scale/)
    await expect(page.locator('footer')).toContainText('主办单位')
    const bodySize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))
    expect(bodySize).toBeGreaterThanOrEqual(17)
    await expectFits(page)
    await expectAccessible(page, 'home, Simplified')

    // The visible switch, then the cookie keeps Traditional on the next visit.
    await page.getByRole('link', { name: /繁體/ }).click()
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW')
    await expect(page).toHaveTitle(/民生鎮（演示）/)
    await page.goto(`${BASE()}/`)
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW')
    await expectFits(page)
    await expectAccessible(page, 'home, Traditional')
    await page.getByRole('link', { name: /简体/ }).click()
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
    expect(errors).toEqual([])
  })

  test('large text mode and the 404 page', async ({ page }) => {
    await page.goto(`${BASE()}/?size=large`)
    const large = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize))
    expect(large).toBeGreaterThanOrEqual(20)
    await expectFits(page)
    await expectAccessible(page, 'home, large text')
    const res = await page.goto(`${BASE()}/no-such-page`)
    expect(res?.status()).toBe(404)
    await expect(page.locator('body')).toContainText('页面')
    await expectAccessible(page, '404 page')
  })

  test('works with JavaScript off', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } })
    const page = await context.newPage()
    await page.goto(`${BASE()}/?script=hant`)
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-TW')
    await expect(page.locator('main')).toBeVisible()
    await context.close()
  })
})
