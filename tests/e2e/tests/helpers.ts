import { expect, type Page } from '@playwright/test'

export const BASE = () => {
  const url = process.env.MINSHENG_E2E_URL
  if (!url) throw new Error('MINSHENG_E2E_URL is not set (global-setup.ts starts the server)')
  return url
}

export async function login(page: Page, username: string, password: string, base = BASE()) {
  await page.goto(`${base}/admin/login`)
  await page.locator('#login-username').fill(username)
  await page.locator('#login-password').fill(password)
  await page.locator('[data-test="login-submit"]').click()
}

export async function changePassword(page: Page, current: string, next: string) {
  await page.locator('#pw-current').fill(current)
  await page.locator('#pw-new').fill(next)
  await page.locator('#pw-confirm').fill(next)
  await page.locator('[data-test="password-submit"]').click()
  await expect(page.getByText('密码已修改')).toBeVisible()
}

export async function logout(page: Page) {
  await page.locator('[data-test="user-menu"]').click()
  await page.locator('[data-test="logout"]').click()
  await expect(page).toHaveURL(/\/admin\/login/)
}

// Fails the test on any CSP violation or uncaught page error.
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) errors.push(`csp: ${m.text()}`)
  })
  return errors
}
