// Figures shown with one decimal (points, percentages), rounded half up the way the server rounds them
// (src/core/decimal.hpp): integers where the inputs are integers, and a double rounded on its shortest decimal
// text, so 2/3 reads 66.7 % and 0.15 reads 0.2 (0.15 * 10 is 1.4999999999999998, and (0.15).toFixed(1) is "0.1").

// num / den in tenths, rounded half away from zero: (2, 3) → 7. null when den is 0 or an input is not a safe integer.
export function tenthsHalfUp(num: number, den: number): number | null {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || den === 0) return null
  if (den < 0) {
    num = -num
    den = -den
  }
  const a = Math.abs(num)
  const r = Math.floor((a * 20 + den) / (2 * den))
  return num < 0 ? -r : r
}

// num / den as a percentage in tenths of a percent: (2, 3) → 667 (66.7 %).
export function percentTenths(num: number, den: number): number | null {
  return tenthsHalfUp(num * 100, den)
}

// A number to tenths, rounded half away from zero on its decimal text: 0.15 → 2, 0.25 → 3, 2/3 → 7.
export function tenthsOf(v: number): number | null {
  if (!Number.isFinite(v) || Math.abs(v) >= 1e15) return null
  const text = String(Math.abs(v))
  if (text.includes('e')) return 0 // only |v| < 1e-6 here, which rounds to 0
  const [whole, frac = ''] = text.split('.')
  let t = Number(whole) * 10 + Number(frac[0] ?? '0')
  if ((frac[1] ?? '0') >= '5') t += 1
  return v < 0 && t !== 0 ? -t : t
}

// 667 → "66.7", -5 → "-0.5".
export function formatTenths(t: number): string {
  const a = Math.abs(t)
  return `${t < 0 ? '-' : ''}${Math.floor(a / 10)}.${a % 10}`
}

// A number with one decimal, rounded half up: 0.15 → "0.2", 12 → "12.0"; "" for NaN or infinities.
export function oneDecimal(v: number): string {
  const t = tenthsOf(v)
  return t === null ? '' : formatTenths(t)
}

// num / den as "66.7%"; "—" when den is 0.
export function percentText(num: number, den: number): string {
  const t = percentTenths(num, den)
  return t === null ? '—' : `${formatTenths(t)}%`
}
