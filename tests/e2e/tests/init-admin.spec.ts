// A brand-new installation (`minsheng init`): the administrator's printed password must be changed first.
import { expect, test } from '@playwright/test'
import { startServer, type Running } from '../server'
import { changePassword, login } from './helpers'

let server: Running
test.beforeAll(async () => {
  server = await startServer('init')
})
test.afterAll(async () => {
  await server?.stop()
})

test('init administrator is forced to change the initial password', async ({ page }) => {
  const m = /初始密码[^：]*：(\S+)/.exec(server.output)
  expect(m, server.output).not.toBeNull()
  const initial = m![1]
  await login(page, 'admin', initial, server.url)
  await expect(page).toHaveURL(/\/admin\/password/)
  await changePassword(page, initial, 'Init-Chief-Pass-2024!z')
  await expect(page).toHaveURL(/\/admin\/users/)
  await expect(page.locator('.el-table__body tr', { hasText: 'admin' })).toHaveCount(1)
})
