import 'element-plus/dist/index.css'
import './styles.css'
import ElementPlus, { ElMessage } from 'element-plus'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { configureHttp } from './api/http'
import { i18n } from './i18n'
import { createAppRouter } from './router'
import { useSessionStore } from './stores/session'

const app = createApp(App)
const pinia = createPinia()
const router = createAppRouter()
app.use(pinia).use(router).use(i18n).use(ElementPlus)

configureHttp({
  toast: (message) => ElMessage({ type: 'error', message, grouping: true, showClose: true }),
  onUnauthenticated: () => {
    useSessionStore(pinia).set(null)
    const current = router.currentRoute.value
    if (current.name !== 'login') router.replace({ name: 'login', query: { redirect: current.fullPath } })
  },
  onPasswordChangeRequired: () => {
    useSessionStore(pinia).refresh().finally(() => router.replace({ name: 'password' }))
  },
})

app.mount('#app')
