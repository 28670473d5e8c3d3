import type { RouteRecordRaw } from 'vue-router'
import { staffRoles, type StaffRole } from '@/api/types'
import AppLayout from '@/components/AppLayout.vue'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    roles?: readonly StaffRole[]
    /** The page's name, for the document title. */
    title?: string
    /** Shown in the navigation, to those who hold the route's roles. */
    nav?: { label: string; icon: string }
  }
}

const ALL_STAFF: readonly StaffRole[] = staffRoles

export const routes: RouteRecordRaw[] = [
  {
    path: '/ingresar',
    name: 'sign-in',
    component: () => import('@/views/auth/SignInView.vue'),
    meta: { public: true, title: 'Ingresar' },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', redirect: { name: 'queue' } },
      {
        path: 'bandeja',
        name: 'queue',
        component: () => import('@/views/queue/QueueView.vue'),
        meta: { roles: ALL_STAFF, title: 'Bandeja', nav: { label: 'Bandeja', icon: 'pi pi-inbox' } },
      },
      {
        path: 'solicitudes/:id',
        name: 'request-detail',
        component: () => import('@/views/requests/RequestDetailView.vue'),
        props: true,
        meta: { roles: ALL_STAFF, title: 'Solicitud' },
      },
      {
        path: 'cambiar-contrasena',
        name: 'change-password',
        component: () => import('@/views/auth/ChangePasswordView.vue'),
        meta: { title: 'Cambiar contraseña' },
      },
      {
        path: 'sin-acceso',
        name: 'no-access',
        component: () => import('@/views/errors/NoAccessView.vue'),
        meta: { title: 'Sin acceso' },
      },
      {
        path: ':pathMatch(.*)*',
        name: 'not-found',
        component: () => import('@/views/errors/NotFoundView.vue'),
        meta: { title: 'Página no encontrada' },
      },
    ],
  },
]
