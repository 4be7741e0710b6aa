import { describe, expect, it } from 'vitest'
import { MAX_FEN, fenOfBox, fenToWan, wanBox, wanToFen } from './money'

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

describe('a prefilled 万元 box', () => {
  it('shows the amount as the other screens do: two decimals, half up', () => {
    expect(wanBox(12_049_500)).toEqual({ text: '12.05', fen: 12_049_500 })
    expect(wanBox(12_044_999)?.text).toBe('12.04')
    expect(wanBox(1_230_000)?.text).toBe('1.23')
    expect(wanBox(0)).toEqual({ text: '0.00', fen: 0 })
    expect(wanBox(null)).toBeNull()
  })
  it('stands for the exact stored amount while unchanged, and reads a typed amount exactly', () => {
    const box = wanBox(12_049_500)
    expect(fenOfBox('12.05', box)).toBe(12_049_500)
    expect(fenOfBox(' 12.05 ', box)).toBe(12_049_500)
    expect(fenOfBox('12.050', box)).toBe(12_050_000) // typed: exact
    expect(fenOfBox('12.0495', box)).toBe(12_049_500)
    expect(fenOfBox('13.123456', box)).toBe(13_123_456)
    expect(fenOfBox('abc', box)).toBeNull()
    expect(fenOfBox('12.05', null)).toBe(12_050_000)
    for (const fen of [0, 1, 99, 10_000, 1_234_567, 120_500_000, 987_654_321_012, MAX_FEN]) {
      const b = wanBox(fen)
      expect(fenOfBox(b!.text, b)).toBe(fen)
    }
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
