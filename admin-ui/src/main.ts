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
import { useSessionStore } from './stores/session'
import { officeTheme } from './theme'
import { spanishLocale } from './locale'
import { keepFieldFocusWhileOpening } from './components/dialog-focus'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
const router = createAppRouter(pinia)
const session = useSessionStore(pinia)

// When the session ends behind a page, the user signs in again over it (components/SessionExpiredDialog.vue)
// and the calls that failed are sent again; with nobody signed in, the router's guard sends to «Ingresar».
connectSession({
  accessToken: () => session.accessToken,
  renewed: (tokens) => session.renewed(tokens),
  expired: () => session.sessionEnded(),
})

app.use(router)
app.use(PrimeVue, {
  theme: { preset: officeTheme, options: { darkModeSelector: false, cssLayer: false } },
  locale: spanishLocale,
  // The page's Content-Security-Policy admits only the <style> elements that carry this response's nonce.
  csp: { nonce: document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce },
  pt: { dialog: { transition: keepFieldFocusWhileOpening } },
})
app.use(ToastService)
app.use(ConfirmationService)
app.mount('#app')
