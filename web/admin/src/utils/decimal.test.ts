import { describe, expect, it } from 'vitest'
import { formatTenths, oneDecimal, percentTenths, percentText, tenthsHalfUp, tenthsOf } from './decimal'

describe('decimal', () => {
  it('rounds a ratio of integers half up', () => {
    expect(percentTenths(2, 3)).toBe(667)
    expect(percentText(2, 3)).toBe('66.7%')
    expect(percentText(1, 3)).toBe('33.3%')
    expect(percentTenths(1, 2000)).toBe(1) // 0.05 %
    expect(percentTenths(3, 2000)).toBe(2) // 0.15 %
    expect(percentTenths(5, 2000)).toBe(3) // 0.25 %
    expect(percentText(1, 0)).toBe('—')
    expect(tenthsHalfUp(-3, 20)).toBe(-2)
    expect(tenthsHalfUp(3, -20)).toBe(-2)
  })
  it('rounds a number on its decimal value, not its binary approximation', () => {
    expect(oneDecimal(0.05)).toBe('0.1')
    expect(oneDecimal(0.15)).toBe('0.2') // (0.15).toFixed(1) === '0.1'
    expect(oneDecimal(0.25)).toBe('0.3')
    expect(oneDecimal(2 / 3)).toBe('0.7')
    expect(oneDecimal(1 / 3)).toBe('0.3')
    expect(oneDecimal(66.65)).toBe('66.7')
    expect(oneDecimal(-0.15)).toBe('-0.2')
    expect(oneDecimal(12)).toBe('12.0')
    expect(tenthsOf(1e-7)).toBe(0)
    expect(oneDecimal(Number.NaN)).toBe('')
    expect(formatTenths(-5)).toBe('-0.5')
  })
})
