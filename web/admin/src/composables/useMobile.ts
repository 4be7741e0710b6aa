// True below 768 px (the layout's phone breakpoint): dialogs go full screen, forms stack their labels.
import { onBeforeUnmount, onMounted, ref } from 'vue'

export function useMobile(query = '(max-width: 767px)') {
  const mobile = ref(false)
  const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(query) : null
  const update = () => {
    mobile.value = !!media?.matches
  }
  onMounted(() => {
    update()
    media?.addEventListener('change', update)
  })
  onBeforeUnmount(() => media?.removeEventListener('change', update))
  return mobile
}
