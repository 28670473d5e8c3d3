import type { LocationQueryValue } from 'vue-router'

const DEFAULT_PATH = '/inicio'

/**
 * The in-app path to return to after signing in (the `volver` query). Only paths inside this app:
 * a crafted link must not send the user to another site after they typed their password.
 */
export function safeReturnPath(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return DEFAULT_PATH
  if (path.startsWith('/ingresar') || path.startsWith('/cambiar-contrasena')) return DEFAULT_PATH
  return path
}
