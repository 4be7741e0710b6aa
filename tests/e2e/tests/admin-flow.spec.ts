// The main back-office flow on the demo town: administrator → change password → new department → new user
// → that user's forced password change → sees only what the role allows. It changes the administrator's
// password, so it runs on a demo town of its own: the other specs share one and sign in as admin.
import { expect, test } from '@playwright/test'
import { DEMO_PASSWORD, startServer, type Running } from '../server'
import { changePassword, login as loginAt, logout, watchErrors } from './helpers'
import type { Page } from '@playwright/test'

test.describe.configure({ mode: 'serial' })

let server: Running
test.beforeAll(async () => {
  server = await startServer('demo')
})
test.afterAll(async () => {
  await server?.stop()
})
const BASE = () => server.url
const login = (page: Page, username: string, password: string) => loginAt(page, username, password, BASE())

const ADMIN_NEW = 'Town-Chief-Pass-2024!x'
const DEPT = `E2E测试办${Date.now() % 100000}`
const USERNAME = `e2e${Date.now() % 100000}`
let initialPassword = ''

test('administrator signs in, changes password, creates a department and a user', async ({ page }) => {
  const errors = watchErrors(page)
  await login(page, 'admin', DEMO_PASSWORD)
  await expect(page).toHaveURL(/\/admin\/users/)
  const nav = page.getByRole('navigation', { name: '主菜单' })
  await expect(nav.getByRole('link', { name: '用户管理' })).toBeVisible()
  await expect(nav.getByRole('link', { name: '组织机构' })).toBeVisible()
  await expect(nav.getByRole('link', { name: '审计日志' })).toHaveCount(0)

  // Change password (profile page).
  await nav.getByRole('link', { name: '个人中心' }).click()
  await expect(page.getByText('系统管理员').first()).toBeVisible()
  await changePassword(page, DEMO_PASSWORD, ADMIN_NEW)

  // A department under the town.
  await nav.getByRole('link', { name: '组织机构' }).click()
  const town = page.locator('[data-test="org-民生镇（演示）"]')
  await expect(town).toBeVisible()
  await town.getByRole('button', { name: '新增下级' }).click()
  await page.locator('#org-name').fill(DEPT)
  await page.locator('[data-test="org-save"]').click()
  await expect(page.locator(`[data-test="org-${DEPT}"]`)).toBeVisible()

  // A user in it; the temporary password is shown once.
  await nav.getByRole('link', { name: '用户管理' }).click()
  await page.locator('[data-test="add"]').click()
  const dialog = page.getByRole('dialog', { name: '新增用户' })
  await dialog.locator('#user-username').fill(USERNAME)
  await dialog.locator('#user-display-name').fill('测试部门员')
  await dialog.locator('#user-org').click()
  await page.locator('.el-tree-select__popper').getByText(DEPT, { exact: true }).click()
  await page.locator('[data-test="user-save"]').click()
  const secret = page.locator('[data-test="initial-password"]')
  await expect(secret).toBeVisible()
  initialPassword = (await secret.textContent())?.trim() ?? ''
  expect(initialPassword.length).toBeGreaterThanOrEqual(12)
  await page.locator('[data-test="secret-close"]').click()

  // Both appear in lists: the user in the table (filtered by the new unit), the unit in the tree.
  await page.locator('.org-filter').getByText(DEPT, { exact: true }).click()
  const row = page.locator('.el-table__body tr', { hasText: USERNAME })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(DEPT)
  await expect(page.locator('.el-pagination__total')).toContainText('1')
  await logout(page)
  expect(errors).toEqual([])
})

test('the new user must change the temporary password and sees only what the role allows', async ({ page }) => {
  test.skip(!initialPassword, 'needs the user created by the previous test')
  const errors = watchErrors(page)
  await login(page, USERNAME, initialPassword)
  await expect(page).toHaveURL(/\/admin\/password/)
  await expect(page.getByText('首次登录或密码已过期')).toBeVisible()
  // Nothing else opens before the change.
  await page.goto(`${BASE()}/admin/org`)
  await expect(page).toHaveURL(/\/admin\/password/)
  await changePassword(page, initialPassword, 'Dept-User-Pass-2024!q')
  await expect(page).toHaveURL(/\/admin\/org/)
  const nav = page.getByRole('navigation', { name: '主菜单' })
  await expect(nav.getByRole('link', { name: '组织机构' })).toBeVisible()
  await expect(nav.getByRole('link', { name: '用户管理' })).toHaveCount(0)
  await expect(nav.getByRole('link', { name: '审计日志' })).toHaveCount(0)
  await expect(page.locator(`[data-test="org-${DEPT}"]`)).toBeVisible()
  await expect(page.getByRole('button', { name: '新增下级' })).toHaveCount(0)
  // A page the role may not open.
  await page.goto(`${BASE()}/admin/users`)
  await expect(page.locator('[data-test="forbidden"]')).toBeVisible()
  await expect(page.getByText('无权访问').first()).toBeVisible()
  // And the old password of the administrator no longer works; the server's message is shown.
  await logout(page)
  await login(page, 'admin', DEMO_PASSWORD)
  await expect(page.locator('[data-test="login-error"]')).toContainText('用户名或密码错误')
  expect(errors).toEqual([])
})

test('the auditor sees only the audit log, filters it by date and exports it', async ({ page }) => {
  await login(page, 'audit', DEMO_PASSWORD)
  await expect(page).toHaveURL(/\/admin\/audit/)
  const nav = page.getByRole('navigation', { name: '主菜单' })
  await expect(nav.getByRole('link', { name: '用户管理' })).toHaveCount(0)
  await expect(page.locator('.el-table__body tr').first()).toBeVisible()
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' })
  const listed = page.waitForRequest((r) => r.url().includes('/api/v1/audit-logs?') && r.url().includes(`from=${today}`))
  await page.getByPlaceholder('开始日期').fill(today)
  await page.getByPlaceholder('结束日期').fill(today)
  await page.getByPlaceholder('结束日期').press('Enter')
  await page.locator('[data-test="search"]').click()
  await listed
  const download = page.waitForEvent('download')
  await page.locator('[data-test="export"]').click()
  expect((await download).suggestedFilename()).toMatch(/\.csv$/)
})
