import { describe, expect, it } from 'vitest'
import { MAX_FEN, fenToWan, fenToWanInput, wanToFen } from './money'

describe('fenToWan (分 → 万元, two decimals)', () => {
  it('formats with two decimals, rounding half away from zero like the server', () => {
    expect(fenToWan(123456789)).toBe('123.46')
    expect(fenToWan(12345678900)).toBe('12345.68')
    expect(fenToWan(0)).toBe('0.00')
    expect(fenToWan(1_000_000)).toBe('1.00')
    expect(fenToWan(4_999)).toBe('0.00')
    expect(fenToWan(5_000)).toBe('0.01')
    expect(fenToWan(15_000)).toBe('0.02')
    expect(fenToWan(-5_000)).toBe('-0.01')
    expect(fenToWan(-4_999)).toBe('0.00')
    expect(fenToWan(MAX_FEN)).toBe('1000000.00')
  })
  it('shows nothing for a missing amount', () => {
    expect(fenToWan(null)).toBe('')
    expect(fenToWan(undefined)).toBe('')
    expect(fenToWan(Number.NaN)).toBe('')
    expect(fenToWan(1.5)).toBe('')
  })
})

describe('fenToWanInput (分 → 万元, exact)', () => {
  it('keeps every 分 and at least two decimals', () => {
    expect(fenToWanInput(1_234_567)).toBe('1.234567')
    expect(fenToWanInput(1_230_000)).toBe('1.23')
    expect(fenToWanInput(0)).toBe('0.00')
    expect(fenToWanInput(120_500_000)).toBe('120.50')
    expect(fenToWanInput(1)).toBe('0.000001')
  })
  it('round-trips through wanToFen', () => {
    for (const fen of [0, 1, 99, 10_000, 1_234_567, 120_500_000, 987_654_321_012, MAX_FEN]) expect(wanToFen(fenToWanInput(fen))).toBe(fen)
  })
})

describe('wanToFen (万元 typed → 分)', () => {
  it('parses the decimal string without floating-point drift', () => {
    expect(wanToFen('12.5')).toBe(12_500_000)
    expect(wanToFen('12.50')).toBe(12_500_000)
    expect(wanToFen('0.1')).toBe(100_000)
    expect(wanToFen('0.3')).toBe(300_000) // 0.1 + 0.2 would not be
    expect(wanToFen('1.13')).toBe(1_130_000) // 1.13 * 1e6 = 1129999.9999999998 in floating point
    expect(wanToFen('4.35')).toBe(4_350_000) // 4.35 * 1e6 = 4349999.999999999
    expect(wanToFen('12345.678901')).toBe(12_345_678_901)
    expect(wanToFen('0.000001')).toBe(1)
    expect(wanToFen('0')).toBe(0)
    expect(wanToFen('7')).toBe(7_000_000)
    expect(wanToFen('.5')).toBe(500_000)
    expect(wanToFen('5.')).toBe(5_000_000)
    expect(wanToFen('007.5')).toBe(7_500_000)
  })
  it('accepts thousands separators, spaces and full-width input', () => {
    expect(wanToFen('1,234.5')).toBe(1_234_500_000)
    expect(wanToFen(' 12.5 ')).toBe(12_500_000)
    expect(wanToFen('１２．５')).toBe(12_500_000)
    expect(wanToFen('１，２３４')).toBe(1_234_000_000)
  })
  it('refuses anything that is not a whole number of 分 in range', () => {
    for (const bad of ['', ' ', 'abc', '-1', '+1', '1e3', '12.5.1', '0.0000001', '1,2,3', '12,34.5', '1 000', 'NaN', 'Infinity', '１２元'])
      expect(wanToFen(bad), bad).toBeNull()
    expect(wanToFen('1000000')).toBe(MAX_FEN)
    expect(wanToFen('1000000.000001')).toBeNull()
    expect(wanToFen('99999999999')).toBeNull()
    expect(wanToFen(null)).toBeNull()
    expect(wanToFen(undefined)).toBeNull()
  })
})
