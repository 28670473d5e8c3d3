import { createRouter, createWebHistory, type Router } from 'vue-router'
import type { Pinia } from 'pinia'
import { useSessionStore } from '@/stores/session'
import { decideAccess } from './access'
import { landingPath } from './landing'
import { routes } from './routes'

const APP_TITLE = 'Credenciales de capacitadores · MDT'

export function createAppRouter(pinia: Pinia): Router {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })

  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia)
    await session.restore()
    const decision = decideAccess(
      to.meta,
      {
        isAuthenticated: session.isAuthenticated,
        mustChangePassword: session.user?.mustChangePassword ?? false,
        hasRole: session.hasRole,
      },
      typeof to.name === 'string' ? to.name : undefined,
    )
    // The app's own address opens on the user's work (`''` redirects to «Inicio» before anyone is known).
    const openingTheApp = to.fullPath === '/' || to.redirectedFrom?.fullPath === '/'
    switch (decision) {
      case 'allow': {
        if (to.name === 'sign-in' && session.isAuthenticated) return landingPath(session.roles)
        const landing = landingPath(session.roles)
        if (openingTheApp && to.name === 'dashboard' && landing !== to.fullPath) return landing
        return true
      }
      case 'sign-in':
        return { name: 'sign-in', query: openingTheApp ? {} : { volver: to.fullPath } }
      case 'change-password':
        return { name: 'change-password', query: { volver: to.fullPath } }
      case 'no-access':
        return { name: 'no-access' }
    }
  })

  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · ${APP_TITLE}` : APP_TITLE
  })

  return router
}
