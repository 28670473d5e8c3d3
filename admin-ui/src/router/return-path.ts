import type { LocationQueryValue } from 'vue-router'

const DEFAULT_PATH = '/inicio'

/**
 * The in-app path to return to after signing in (the `volver` query), or `fallback` (the user's landing
 * page). Only paths inside this app: a crafted link must not send the user to another site after they
 * typed their password.
 */
export function safeReturnPath(value: LocationQueryValue | LocationQueryValue[] | undefined, fallback: string = DEFAULT_PATH): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback
  if (path.startsWith('/ingresar') || path.startsWith('/cambiar-contrasena')) return fallback
  return path
}
