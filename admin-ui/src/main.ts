import { createApp } from 'vue'
import { createPinia } from 'pinia'
import PrimeVue from 'primevue/config'
import ToastService from 'primevue/toastservice'
import ConfirmationService from 'primevue/confirmationservice'
import 'primeicons/primeicons.css'
import './styles.css'
import App from './App.vue'
import { connectSession } from './api/client'
import { createAppRouter } from './router'
import { SESSION_EXPIRED_NOTICE, useSessionStore } from './stores/session'
import { officeTheme } from './theme'
import { spanishLocale } from './locale'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const router = createAppRouter(pinia)
const session = useSessionStore(pinia)

connectSession({
  accessToken: () => session.accessToken,
  renewed: (tokens) => session.start(tokens),
  expired: () => {
    if (!session.isAuthenticated) return
    session.end(SESSION_EXPIRED_NOTICE)
    const current = router.currentRoute.value
    void router.replace({ name: 'sign-in', query: current.meta.public ? {} : { volver: current.fullPath } })
  },
})

app.use(router)
app.use(PrimeVue, {
  theme: { preset: officeTheme, options: { darkModeSelector: false, cssLayer: false } },
  locale: spanishLocale,
  // The page's Content-Security-Policy admits only the <style> elements that carry this response's nonce.
  csp: { nonce: document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce },
})
app.use(ToastService)
app.use(ConfirmationService)
app.mount('#app')
