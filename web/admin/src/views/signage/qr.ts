// Printing freezes the artwork: while its QR code would not open on a phone, the server refuses a print run
// with 409 naming the field confirmQr (its message: the warning in words) until the request confirms it.
import { ApiError } from '@/api/http'

// The warning to confirm, or null when `e` is some other error.
export function qrConfirmationOf(e: unknown): string | null {
  if (!(e instanceof ApiError) || e.status !== 409) return null
  return e.fields.find((f) => f.field === 'confirmQr')?.message ?? null
}

// Runs `send(false)`; on the QR refusal asks `confirm(warning)` and, if it resolves true, runs `send(true)`.
// Resolves to null when the user declines; other errors are thrown as they are.
export async function withQrConfirmation<T>(send: (confirmQr: boolean) => Promise<T>, confirm: (warning: string) => Promise<boolean>): Promise<T | null> {
  try {
    return await send(false)
  } catch (e) {
    const warning = qrConfirmationOf(e)
    if (warning === null) throw e
    if (!(await confirm(warning))) return null
    return await send(true)
  }
}
