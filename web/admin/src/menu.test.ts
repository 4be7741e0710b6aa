import { describe, expect, it } from 'vitest'
import { homePath, menuFor } from './menu'

const paths = (perms: string[]) => menuFor(perms).map((m) => m.path)

describe('menu from permissions', () => {
  it('gives each role only its entries; profile always', () => {
    expect(paths(['user:read', 'user:write', 'org:read', 'org:write'])).toEqual(['/users', '/org', '/profile']) // sysadmin
    expect(paths(['user:read', 'user:lock'])).toEqual(['/users', '/profile']) // secadmin
    expect(paths(['audit:read', 'audit:export'])).toEqual(['/audit', '/profile']) // auditor
    expect(paths(['org:read'])).toEqual(['/org', '/profile']) // dept, village, leader
    expect(paths([])).toEqual(['/profile'])
  })
  it('lands on the first allowed page', () => {
    expect(homePath(['audit:read'])).toBe('/audit')
    expect(homePath(['org:read'])).toBe('/org')
    expect(homePath([])).toBe('/profile')
  })
})
