import type { FastifyInstance } from 'fastify'

/** Keys sorted at every level, so the committed file changes only when the contract does. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => [key, sortKeys(item)]),
    )
  }
  return value
}

/**
 * The server the committed document (`pnpm openapi`) names: the production address (ops/caddy/Caddyfile), so that
 * the file does not depend on where it was generated. A running instance serves its own PUBLIC_BASE_URL at /docs/json.
 */
export const CONTRACT_SERVER_URL = 'https://credenciales.trabajo.gob.ec'

export function openApiDocument(app: FastifyInstance): string {
  const document = { ...app.swagger(), servers: [{ url: CONTRACT_SERVER_URL, description: 'Producción' }] }
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`
}
