// Money: the API and the database hold integer 分; people read and type 万元 (1 万元 = 10,000 元 = 1,000,000 分).
// Everything here is integer or string arithmetic, so 0.1 + 0.2 never turns into 30000000000000004 分.
// The rules match the server's fen_to_wan / wan_to_fen (src/modules/projects/rules.hpp).

export const FEN_PER_WAN = 1_000_000
// The largest amount the server accepts: 10^12 分 (1,000,000 万元).
export const MAX_FEN = 1_000_000_000_000

// 分 → 万元 with exactly two decimals, rounded half away from zero: 123456789 → "12345.68", 0 → "0.00".
// Anything that is not a safe integer (null, undefined, NaN) gives "" (nothing to show).
export function fenToWan(fen: number | null | undefined): string {
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen)) return ''
  const negative = fen < 0
  const abs = Math.abs(fen)
  // in 0.01 万元 (= 10,000 分), rounded half up on the absolute value
  const cents = Math.floor(abs / 10_000) + (abs % 10_000 >= 5_000 ? 1 : 0)
  const whole = Math.floor(cents / 100)
  const frac = String(cents % 100).padStart(2, '0')
  return `${negative && cents > 0 ? '-' : ''}${whole}.${frac}`
}

// A 万元 box prefilled from a stored amount. People see the amount as every other screen shows it (fenToWan:
// two decimals, half up: 12,049,500 分 → "12.05"), while the box, left as prefilled, still stands for the exact
// stored 分, so saving an untouched form never moves the amount (nor makes a cumulative figure fall below the
// last report). What people type is read exactly (wanToFen).
export interface WanBox {
  text: string // what the box shows at first
  fen: number // the exact amount it stands for while unchanged
}

export function wanBox(fen: number | null | undefined): WanBox | null {
  const text = fenToWan(fen)
  return text === '' ? null : { text, fen: fen as number }
}

// The 分 a box stands for: the prefilled amount while its text is unchanged, else the typed text read exactly.
export function fenOfBox(text: string, prefill: WanBox | null): number | null {
  if (prefill && text.trim() === prefill.text) return prefill.fen
  return wanToFen(text)
}

// Full-width digits and punctuation typed with a Chinese input method → ASCII ("１２．５" → "12.5").
function halfWidth(s: string): string {
  return s.normalize('NFKC').replace(/。/g, '.')
}

// 万元 as typed → 分, or null when it is not an amount: "12.5", "12.50", "1,234.5", " 0.000001 ", "１２．５";
// at most 6 decimals (whole 分), not negative, at most MAX_FEN. An empty string is null too (the caller decides
// whether the field is required).
export function wanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null
  let s = typeof input === 'number' ? (Number.isFinite(input) ? String(input) : '') : halfWidth(input)
  s = s.trim()
  // thousands separators only between digit groups of three: "1,234.5" yes, "1,2,3" no
  if (s.includes(',')) {
    if (!/^\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) return null
    s = s.replace(/,/g, '')
  }
  const m = /^(\d+)(?:\.(\d{0,6}))?$/.exec(s) ?? /^()\.(\d{1,6})$/.exec(s)
  if (!m) return null
  const whole = m[1].replace(/^0+(?=\d)/, '')
  if (whole.length > 7) return null // beyond 10^6 万元 before any arithmetic
  const frac = (m[2] ?? '').padEnd(6, '0')
  const fen = Number(whole || '0') * FEN_PER_WAN + Number(frac)
  return fen <= MAX_FEN ? fen : null
}
