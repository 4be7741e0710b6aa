import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import { actionButtons, ageDays, currentPeriods, ledgerRowClass, obligationLevel, obligationText, periodScope, projectChoiceGroups, stateTagType } from './labels'

const t = (k: string, p?: Record<string, unknown>) => i18n.global.t(k, p ?? {})
const row = (over: Record<string, unknown> = {}) => ({ kind: 'news' as const, period: '2026-11', owed: 1, counted: 0, missing: 1, overdue: false, daysLeft: 5, late: 0, ...over })

describe('obligation countdown', () => {
  it('says what is still owed and how many days are left', () => {
    i18n.global.locale.value = 'zh-CN'
    expect(obligationText(row(), t)).toBe('本月还需报送 1 篇文字信息，还剩 5 天')
    expect(obligationText(row({ kind: 'photo_story', period: '2026', daysLeft: 17 }), t)).toBe('本年度还需报送 1 篇图说民生，还剩 17 天')
    expect(obligationText(row({ period: '2026-Q4', owed: 2, missing: 2, daysLeft: 0 }), t)).toBe('本季度还需报送 2 篇文字信息，今天截止')
    expect(obligationText(row({ overdue: true, daysLeft: -8 }), t)).toBe('本月还差 1 篇文字信息，已逾期 8 天')
    expect(obligationText(row({ kind: 'voice', period: '2026', owed: 2, counted: 2, missing: 0 }), t)).toBe('本年度群众话民生已完成（2/2）')
    i18n.global.locale.value = 'en'
    expect(obligationText(row(), t)).toBe('This month: 1 more News to submit, 5 days left')
    i18n.global.locale.value = 'zh-CN'
  })
  it('grades urgency by the reminder days', () => {
    expect(obligationLevel(row({ daysLeft: 12 }), 5)).toBe('ok')
    expect(obligationLevel(row({ daysLeft: 5 }), 5)).toBe('soon')
    expect(obligationLevel(row({ overdue: true, daysLeft: -1 }), 5)).toBe('overdue')
    expect(obligationLevel(row({ missing: 0 }), 5)).toBe('done')
  })
  it('knows the period of a code', () => {
    expect(periodScope('2020-06')).toBe('month')
    expect(periodScope('2020-Q2')).toBe('quarter')
    expect(periodScope('2020')).toBe('year')
    expect(currentPeriods('2026-11-28')).toEqual({ month: '2026-11', quarter: '2026-Q4', year: '2026' })
  })
})

describe('ledger colouring', () => {
  it('paints overdue rows red, open amber, late yellow, met green', () => {
    expect(ledgerRowClass(row({ overdue: true, daysLeft: -3 }))).toBe('ledger-overdue')
    expect(ledgerRowClass(row())).toBe('ledger-open')
    expect(ledgerRowClass(row({ missing: 0, late: 1 }))).toBe('ledger-late')
    expect(ledgerRowClass(row({ missing: 0 }))).toBe('ledger-met')
  })
})

describe('action buttons and tags', () => {
  it('keeps the server allowedActions in a fixed order, unknown codes out', () => {
    expect(actionButtons(['publish', 'return', 'bogus', 'approve'])).toEqual(['approve', 'return', 'publish'])
    expect(actionButtons(['edit', 'submit', 'delete'], ['edit'])).toEqual(['submit', 'delete'])
    expect(actionButtons(undefined)).toEqual([])
  })
  it('colours states and computes ages', () => {
    expect(stateTagType('returned')).toBe('danger')
    expect(stateTagType('published')).toBe('success')
    expect(stateTagType('draft')).toBe('info')
    expect(ageDays('2026-11-20T00:00:00Z', new Date('2026-11-28T01:00:00Z'))).toBe(8)
    expect(ageDays(null)).toBe(0)
  })
})

describe('相关项目 picker', () => {
  it('offers the projects led by the user\'s unit first, then the rest, each once', () => {
    const rows = [
      { id: 1, code: '2026-01', name: '村道硬化', leadUnitId: 20 },
      { id: 2, code: '2026-02', name: '农村改厕', leadUnitId: 10 },
      { id: 3, code: '2026-03', name: '饮水安全', leadUnitId: 30 },
      { id: 4, code: '2026-04', name: '养老服务', leadUnitId: 10 },
    ]
    const extra = [{ id: 9, code: '2025-09', name: '去年的项目', leadUnitId: 10 }, { id: 3, code: '2026-03', name: '饮水安全', leadUnitId: 30 }]
    expect(projectChoiceGroups(rows, 10, extra)).toEqual({
      own: [{ id: 2, label: '2026-02 农村改厕' }, { id: 4, label: '2026-04 养老服务' }, { id: 9, label: '2025-09 去年的项目' }],
      others: [{ id: 1, label: '2026-01 村道硬化' }, { id: 3, label: '2026-03 饮水安全' }],
    })
    expect(projectChoiceGroups(rows, null).own).toEqual([])
    expect(projectChoiceGroups(rows, null).others.map((c) => c.id)).toEqual([1, 2, 3, 4])
  })
})
