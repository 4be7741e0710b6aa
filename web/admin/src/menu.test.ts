import { describe, expect, it } from 'vitest'
import { homePath, menuFor, menuPages } from './menu'

const paths = (perms: string[]) => menuPages(menuFor(perms)).map((m) => m.path)

describe('menu from permissions', () => {
  it('gives each role only its entries; profile always', () => {
    expect(paths(['user:read', 'user:write', 'org:read', 'org:write'])).toEqual(['/users', '/org', '/profile']) // sysadmin
    expect(paths(['user:read', 'user:lock'])).toEqual(['/users', '/profile']) // secadmin
    expect(paths(['audit:read', 'audit:export'])).toEqual(['/audit', '/profile']) // auditor
    expect(paths(['org:read'])).toEqual(['/org', '/profile'])
    expect(paths([])).toEqual(['/profile'])
  })
  it('shows 项目管理 → 项目清单 to the business roles only', () => {
    const office = ['user:read', 'org:read', 'project:read', 'project:write', 'project:progress']
    expect(paths(office)).toEqual(['/users', '/org', '/profile', '/projects'])
    const group = menuFor(office).find((m) => m.titleKey === 'menu.projects')
    expect(group?.children?.map((c) => c.titleKey)).toEqual(['menu.projectList'])
    for (const leaderLike of [['org:read', 'project:read'], ['org:read', 'project:read', 'project:progress']])
      expect(paths(leaderLike)).toEqual(['/org', '/profile', '/projects'])
    // the three administrators have no project permission: no empty group either
    expect(menuFor(['user:read', 'user:write', 'org:read', 'org:write']).some((m) => m.children)).toBe(false)
  })
  it('lands on the first allowed page', () => {
    expect(homePath(['audit:read'])).toBe('/audit')
    expect(homePath(['org:read'])).toBe('/org')
    expect(homePath(['org:read', 'project:read'])).toBe('/org')
    expect(homePath(['project:read'])).toBe('/profile')
    expect(homePath([])).toBe('/profile')
  })
})
