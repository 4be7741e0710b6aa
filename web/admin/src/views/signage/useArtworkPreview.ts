// The PNG preview of an artwork: fetched through the API client (the session, the server's error message on a
// refusal) and shown as a data: URL (the CSP allows data: images, not blob:). A new fetch runs when the URL
// changes and on reload() (after a save: the same URL, new texts — an <img> would reuse the document's copy);
// a slower earlier answer never replaces a later one.
import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { ApiError, http } from '@/api/http'

export type PreviewState = 'idle' | 'loading' | 'ok' | 'failed'

export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onload = () => resolve(String(r.result))
    r.onerror = () => reject(r.error)
    r.readAsDataURL(blob)
  })
}

export function useArtworkPreview(url: Ref<string>) {
  const src = ref('')
  const state = ref<PreviewState>('idle')
  const error = ref('')
  let seq = 0
  let alive = true

  async function reload() {
    const mine = ++seq
    if (!url.value) {
      state.value = 'idle'
      src.value = ''
      return
    }
    state.value = 'loading'
    error.value = ''
    try {
      const file = await http.fetchFile('GET', url.value, 'preview.png', { silent: true })
      const data = await blobToDataUrl(file.blob.type ? file.blob : new Blob([file.blob], { type: 'image/png' }))
      if (!alive || mine !== seq) return
      src.value = data.startsWith('data:image/') ? data : data.replace(/^data:[^;,]*/, 'data:image/png')
      state.value = 'ok'
    } catch (e) {
      if (!alive || mine !== seq) return
      state.value = 'failed'
      error.value = e instanceof ApiError ? e.message : ''
    }
  }

  watch(url, reload, { immediate: true })
  onBeforeUnmount(() => {
    alive = false
  })
  return { src, state, error, reload }
}
