import type { DatabaseConnection } from '../../db/client.js'
import type { CredentialStatus } from '../../db/schema/index.js'
import { PublicCredential } from './public-credential.js'

interface PublicRow extends Record<string, unknown> {
  code: string
  status: CredentialStatus
  holder_given_names: string
  holder_surnames: string
  resolution_number: string
  issued_at: Date
  expires_on: string | null
  revoked_at: Date | null
  replaced_at: Date | null
}

/**
 * Raw SQL, not drizzle, on the hot path: a named statement is parsed and planned
 * once per pooled connection on PostgreSQL. It selects only public columns, so the
 * document number or the revocation reason never reach the verification code.
 * `expires_on::text` keeps the calendar date as written (node-postgres would turn
 * a `date` into a Date at local midnight).
 */
const PUBLIC_FACTS = {
  name: 'verify_public_facts',
  text:
    'SELECT code, status, holder_given_names, holder_surnames, resolution_number, issued_at, ' +
    'expires_on::text AS expires_on, revoked_at, replaced_at FROM credentials WHERE code = $1',
}

const HOLDER_DOCUMENT = {
  name: 'verify_holder_document',
  text: 'SELECT holder_document_number FROM credentials WHERE code = $1',
}

export class CredentialLookup {
  private readonly connection: Pick<DatabaseConnection, 'query'>

  constructor(connection: Pick<DatabaseConnection, 'query'>) {
    this.connection = connection
  }

  /** The credential with this code (stored form, no dashes), or null when there is none. */
  async publicCredential(code: string): Promise<PublicCredential | null> {
    const [row] = await this.connection.query<PublicRow>({ ...PUBLIC_FACTS, values: [code] })
    if (!row) return null
    const since = row.status === 'revoked' ? row.revoked_at : row.status === 'replaced' ? row.replaced_at : null
    return new PublicCredential({
      code: row.code,
      status: row.status,
      holderName: `${row.holder_given_names} ${row.holder_surnames}`,
      resolutionNumber: row.resolution_number,
      issuedAt: row.issued_at.toISOString(),
      expiresOn: row.expires_on,
      statusSince: since ? since.toISOString() : null,
    })
  }

  /** The holder's document number, for the confirmation only; never cached, never answered. */
  async holderDocumentNumber(code: string): Promise<string | null> {
    const [row] = await this.connection.query<{ holder_document_number: string }>({ ...HOLDER_DOCUMENT, values: [code] })
    return row ? row.holder_document_number : null
  }
}
