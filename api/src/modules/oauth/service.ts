import { eq } from '../../db/drizzle.js'
import type { Database } from '../../db/client.js'
import { portalClients, type PortalClient } from '../../db/schema/index.js'
import { sameSha256 } from '../../lib/secrets.js'

/**
 * The enabled portal client these credentials belong to. An unknown client_id, a wrong secret and a
 * disabled client all give undefined, so that the token endpoint answers them alike.
 */
export async function authenticatedClient(db: Database, credentials: { id: string; secret: string }): Promise<PortalClient | undefined> {
  const [client] = await db.select().from(portalClients).where(eq(portalClients.clientId, credentials.id)).limit(1)
  if (!client || client.disabledAt || !sameSha256(credentials.secret, client.secretHash)) return undefined
  return client
}
