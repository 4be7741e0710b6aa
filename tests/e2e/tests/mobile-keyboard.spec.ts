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

// The header's bell and user menu (个人中心) by keyboard alone: reached by Tab, shown focused, opened by Enter
// or Space.
test('keyboard-only bell and user menu', async ({ page }) => {
  await login(page, 'office', DEMO_PASSWORD)
  await expect(page).toHaveURL(/\/admin\//)
  const bell = page.locator('[data-test="bell"]')
  const userMenu = page.locator('[data-test="user-menu"]')
  await expect(bell).toBeVisible()
  // Tab from the top of the page until the bell has the focus (bounded: a missing tab stop fails).
  const tabTo = async (target: import('@playwright/test').Locator) => {
    for (let i = 0; i < 60; ++i) {
      if (await target.evaluate((el) => el === document.activeElement)) return
      await page.keyboard.press('Tab')
    }
    throw new Error('never reached by Tab')
  }
  const focusRing = (target: import('@playwright/test').Locator) =>
    target.evaluate((el) => {
      const s = getComputedStyle(el)
      return el.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
    })
  await page.locator('body').focus()
  await tabTo(bell)
  expect(await focusRing(bell)).toBe(true)
  await page.keyboard.press('Enter')
  const notices = page.getByRole('region', { name: '通知' })
  await expect(notices).toBeVisible()
  await expect(notices.getByRole('button', { name: '查看全部通知' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(notices).toBeHidden()
  await bell.focus()
  await page.keyboard.press('Space')
  await expect(notices).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(notices).toBeHidden()

  await tabTo(userMenu)
  expect(await focusRing(userMenu)).toBe(true)
  await page.keyboard.press('Enter')
  const profile = page.getByRole('menuitem', { name: '个人中心' })
  await expect(profile).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(profile).toBeHidden()
  await expect(userMenu).toBeFocused()
  await page.keyboard.press('Space')
  await expect(profile).toBeVisible()
  await expect(profile).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/admin\/profile/)
})

// Many open pages: the tab bar stays one row that scrolls sideways with the current tab in view, the page
// never widens; 关闭其他 and 关闭全部 empty it.
test('page tabs scroll and close', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await login(page, 'office', DEMO_PASSWORD)
  await expect(page).toHaveURL(/\/admin\//)
  const tabs = page.locator('[data-test="tabs"]')
  await expect(tabs.locator('.tab')).toHaveCount(1)
  // 15 project pages opened in the app (client-side navigation, as from links)
  for (let id = 1; id <= 15; ++id) {
    await page.evaluate((p) => (document.querySelector('#app') as any).__vue_app__.config.globalProperties.$router.push(p), `/projects/${id}`)
    await expect(tabs.locator('.tab')).toHaveCount(Math.min(id + 1, 16))
  }
  await expect(tabs.locator('.tab.active a')).toHaveAttribute('href', '/admin/projects/15')
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024)
  const bar = await tabs.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, height: el.getBoundingClientRect().height }))
  expect(bar.scrollWidth).toBeGreaterThan(bar.clientWidth) // scrolls rather than wraps
  expect(bar.height).toBeLessThan(40) // one row
  const inView = await tabs.evaluate((el) => {
    const a = el.querySelector('.tab.active')!.getBoundingClientRect()
    const b = el.getBoundingClientRect()
    return a.left >= b.left - 1 && a.right <= b.right + 1
  })
  expect(inView).toBe(true)

  await page.locator('[data-test="tab-actions"]').click()
  await page.getByRole('menuitem', { name: '关闭其他' }).click()
  await expect(tabs.locator('.tab')).toHaveCount(1)
  await expect(page).toHaveURL(/\/admin\/projects\/15$/)
  await page.locator('[data-test="tab-actions"]').click()
  await page.getByRole('menuitem', { name: '关闭全部' }).click()
  await expect(page).not.toHaveURL(/\/admin\/projects\/15$/)
  await expect(tabs.locator('.tab')).toHaveCount(1)
  await expect(tabs.locator('.tab.active')).toHaveCount(1)
})
