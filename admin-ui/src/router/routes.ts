import type { RouteRecordRaw } from 'vue-router'
import { staffRoles, type StaffRole } from '@/api/types'
import AppLayout from '@/components/AppLayout.vue'
import { INBOX_ROLES } from '@/labels/inbox'
import { countPendingInbox } from '@/api/inbox'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    roles?: readonly StaffRole[]
    /** The page's name, for the document title. */
    title?: string
    /** Shown in the navigation, to those who hold the route's roles. */
    nav?: {
      label: string
      icon: string
      /** How many things wait there, shown beside the entry (refreshed on each navigation); 0 or a failure shows nothing. */
      count?: () => Promise<number>
      /** What the count is, for screen readers: «3 por atender». */
      countLabel?: string
    }
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
      { path: '', redirect: { name: 'dashboard' } },
      {
        path: 'inicio',
        name: 'dashboard',
        component: () => import('@/views/dashboard/DashboardView.vue'),
        meta: { roles: ALL_STAFF, title: 'Inicio', nav: { label: 'Inicio', icon: 'pi pi-home' } },
      },
      {
        path: 'bandeja',
        name: 'queue',
        component: () => import('@/views/queue/QueueView.vue'),
        meta: { roles: ALL_STAFF, title: 'Bandeja', nav: { label: 'Bandeja', icon: 'pi pi-inbox' } },
      },
      {
        path: 'correo-entrante',
        name: 'inbox',
        component: () => import('@/views/inbox/InboxView.vue'),
        // The front desk turns e-mails into requests; administrators watch the mailbox.
        meta: { roles: INBOX_ROLES, title: 'Correo entrante', nav: { label: 'Correo entrante', icon: 'pi pi-at', count: countPendingInbox, countLabel: 'por atender' } },
      },
      {
        path: 'correo-entrante/:id',
        name: 'inbox-message',
        component: () => import('@/views/inbox/InboxMessageView.vue'),
        props: true,
        meta: { roles: INBOX_ROLES, title: 'Correo recibido' },
      },
      {
        path: 'solicitudes/nueva',
        name: 'intake',
        component: () => import('@/views/intake/IntakeView.vue'),
        meta: { roles: ['front_desk'], title: 'Registrar solicitud', nav: { label: 'Registrar solicitud', icon: 'pi pi-file-plus' } },
      },
      {
        path: 'solicitudes/:id/corregir',
        name: 'request-correct',
        component: () => import('@/views/intake/IntakeView.vue'),
        props: true,
        meta: { roles: ['front_desk'], title: 'Corregir solicitud' },
      },
      {
        path: 'solicitudes/:id',
        name: 'request-detail',
        component: () => import('@/views/requests/RequestDetailView.vue'),
        props: true,
        meta: { roles: ALL_STAFF, title: 'Solicitud' },
      },
      {
        path: 'entregas',
        name: 'pickup',
        component: () => import('@/views/pickup/PickupView.vue'),
        meta: { roles: ['front_desk'], title: 'Entregas', nav: { label: 'Entregas', icon: 'pi pi-id-card' } },
      },
      {
        path: 'credenciales',
        name: 'credentials',
        component: () => import('@/views/credentials/CredentialsView.vue'),
        meta: { roles: ALL_STAFF, title: 'Credenciales', nav: { label: 'Credenciales', icon: 'pi pi-verified' } },
      },
      {
        path: 'credenciales/:id',
        name: 'credential-detail',
        component: () => import('@/views/credentials/CredentialDetailView.vue'),
        props: true,
        meta: { roles: ALL_STAFF, title: 'Credencial' },
      },
      {
        path: 'quejas',
        name: 'complaints',
        component: () => import('@/views/complaints/ComplaintsView.vue'),
        meta: { roles: ALL_STAFF, title: 'Quejas', nav: { label: 'Quejas', icon: 'pi pi-megaphone' } },
      },
      {
        path: 'quejas/:id',
        name: 'complaint-detail',
        component: () => import('@/views/complaints/ComplaintDetailView.vue'),
        props: true,
        meta: { roles: ALL_STAFF, title: 'Queja' },
      },
      {
        path: 'correos',
        name: 'outbox',
        component: () => import('@/views/messages/OutboxView.vue'),
        // The front desk answers the trainers' questions about what they were sent; administrators watch delivery.
        meta: { roles: ['admin', 'front_desk'], title: 'Correos', nav: { label: 'Correos', icon: 'pi pi-envelope' } },
      },
      {
        path: 'transparencia',
        name: 'transparency',
        component: () => import('@/views/transparency/TransparencyView.vue'),
        meta: { roles: ALL_STAFF, title: 'Transparencia', nav: { label: 'Transparencia', icon: 'pi pi-chart-bar' } },
      },
      {
        path: 'reportes',
        name: 'reports',
        component: () => import('@/views/reports/ReportsView.vue'),
        // The figures name each reviewer: supervision and the review team (the API's REPORT_ROLES).
        meta: { roles: ['admin', 'reviewer'], title: 'Reportes', nav: { label: 'Reportes', icon: 'pi pi-chart-line' } },
      },
      {
        path: 'administracion/usuarios',
        name: 'admin-users',
        component: () => import('@/views/admin/UsersView.vue'),
        meta: { roles: ['admin'], title: 'Usuarios del personal', nav: { label: 'Usuarios', icon: 'pi pi-users' } },
      },
      {
        path: 'administracion/portales',
        name: 'admin-clients',
        component: () => import('@/views/admin/ClientsView.vue'),
        meta: { roles: ['admin'], title: 'Portales cliente', nav: { label: 'Portales', icon: 'pi pi-server' } },
      },
      {
        path: 'administracion/auditoria',
        name: 'admin-audit',
        component: () => import('@/views/admin/AuditLogView.vue'),
        meta: { roles: ['admin'], title: 'Bitácora de auditoría', nav: { label: 'Auditoría', icon: 'pi pi-history' } },
      },
      {
        path: 'administracion/datos-personales',
        name: 'admin-personal-data',
        component: () => import('@/views/personal-data/PersonalDataView.vue'),
        meta: {
          roles: ['admin'],
          title: 'Protección de datos personales',
          nav: { label: 'Protección de datos', icon: 'pi pi-shield' },
        },
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
