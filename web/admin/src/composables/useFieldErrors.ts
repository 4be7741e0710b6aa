// Field errors from the server ({"error":{"fields":[{field,message}]}}) shown next to form fields:
// <el-form-item :error="errors.username">.
import { reactive } from 'vue'
import { ApiError } from '@/api/http'

export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({})
  function clear() {
    for (const k of Object.keys(errors)) delete errors[k]
  }
  // Returns true when the error named fields (they are now shown); false for other errors.
  function apply(e: unknown): boolean {
    clear()
    if (!(e instanceof ApiError) || e.fields.length === 0) return false
    Object.assign(errors, e.fieldMap())
    return true
  }
  return { errors, clear, apply }
}
