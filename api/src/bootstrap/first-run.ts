import { count } from '../db/drizzle.js'
import type { Config } from '../config/config.js'
import type { Database } from '../db/client.js'
import { portalClients, staffUsers, transparencyHistoricalMonths } from '../db/schema/index.js'
import { systemAuditContext } from '../modules/audit/audit-log.js'
import { createPortalClient } from '../modules/clients/service.js'
import { createStaffUser } from '../modules/users/service.js'

export interface FirstRunReport {
  admin?: { email: string; password?: string }
  demoClient?: { clientId: string; clientSecret?: string }
}

/**
 * On an empty database: the first administrator, in embedded mode a demo portal, and the
 * ministry's published transparency figures (datasets/).
 * Generated secrets are returned so the caller prints them once; given ones are not echoed.
 */
export async function firstRun(db: Database, config: Config): Promise<FirstRunReport> {
  const report: FirstRunReport = {}
  const [users] = await db.select({ total: count() }).from(staffUsers)
  if (users!.total === 0) {
    const email = config.firstAdmin.email ?? 'admin@localhost.localdomain'
    const { password } = await createStaffUser(
      db,
      {
        email,
        fullName: 'Administrador',
        roles: ['admin', 'reviewer', 'issuer', 'front_desk'],
        password: config.firstAdmin.password,
        mustChangePassword: config.firstAdmin.password === undefined,
      },
      systemAuditContext,
    )
    report.admin = { email, password: config.firstAdmin.password ? undefined : password }
  }
  if (config.embedded) {
    const [clients] = await db.select({ total: count() }).from(portalClients)
    if (clients!.total === 0) {
      const { client, secret } = await createPortalClient(
        db,
        {
          name: 'Portal de demostración',
          scopes: ['requests:read', 'requests:write'],
          clientId: config.demoClient.clientId ?? 'demo-portal',
          clientSecret: config.demoClient.clientSecret,
        },
        systemAuditContext,
      )
      report.demoClient = { clientId: client.clientId, clientSecret: config.demoClient.clientSecret ? undefined : secret }
    }
  }
  // The ministry's published months ship with the API, so the transparency table starts complete.
  const [historicalMonths] = await db.select({ total: count() }).from(transparencyHistoricalMonths)
  if (historicalMonths!.total === 0) {
    // The CSV parser is needed once in the life of a database: not loaded by every start.
    const { importHistoricalFile } = await import('../modules/transparency/historical-import.js')
    await importHistoricalFile(db)
  }
  return report
}
