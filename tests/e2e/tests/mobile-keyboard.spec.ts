// 360 px wide phones and keyboard-only use.
import { expect, test } from '@playwright/test'
import { DEMO_PASSWORD } from '../server'
import { BASE, login } from './helpers'

const noHorizontalScroll = async (page: import('@playwright/test').Page) =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(361)

test.describe('360 px', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })

  test('login and the users list fit; the menu is a drawer', async ({ page }) => {
    await page.goto(`${BASE()}/admin/login`)
    await expect(page.locator('#login-username')).toBeVisible()
    await noHorizontalScroll(page)
    await login(page, 'office', DEMO_PASSWORD)
    await expect(page).toHaveURL(/\/admin\/users/)
    await expect(page.locator('.el-table__body tr').first()).toBeVisible()
    await expect(page.locator('.el-pagination')).toBeVisible()
    await noHorizontalScroll(page)
    // The side menu is hidden behind the toggle.
    const nav = page.getByRole('navigation', { name: '主菜单' })
    await expect(nav).toHaveCount(0)
    await page.locator('[data-test="menu-toggle"]').click()
    await expect(nav.getByRole('link', { name: '组织机构' })).toBeVisible()
    await nav.getByRole('link', { name: '组织机构' }).click()
    await expect(page).toHaveURL(/\/admin\/org/)
    await expect(page.locator('[data-test="org-民生镇（演示）"]')).toBeVisible()
    await noHorizontalScroll(page)
  })
})

test('keyboard-only login', async ({ page }) => {
  await page.goto(`${BASE()}/admin/login`)
  await expect(page.locator('#login-username')).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(page.locator('#login-username')).toBeFocused()
  await page.keyboard.type('leader')
  await page.keyboard.press('Tab')
  await expect(page.locator('#login-password')).toBeFocused()
  await page.keyboard.type(DEMO_PASSWORD)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/admin\/org/)
  // The menu is reachable by Tab: the skip link first, then the menu links.
  await page.keyboard.press('Tab')
  await expect(page.getByText('跳到主要内容')).toBeFocused()
  const nav = page.getByRole('navigation', { name: '主菜单' })
  await page.keyboard.press('Tab')
  await expect(nav.getByRole('link', { name: '组织机构' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(nav.getByRole('link', { name: '个人中心' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/admin\/profile/)
})
