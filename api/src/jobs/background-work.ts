/**
 * What this instance works on in the background: the handlers of every queue in job-engine.ts, wired to
 * the service's database, files and mail transport.
 */
import type { Config } from '../config/config.js'
import type { DatabaseConnection } from '../db/client.js'
import { createMailTransport, deliverEmail } from '../modules/notifications/email-delivery.js'
import { sendExpiryReminders } from '../modules/notifications/expiry-reminders.js'
import { deliverWebhook } from '../modules/webhooks/delivery.js'
import type { FileStorage } from '../storage/file-storage.js'
import { startJobEngine, type JobEngine } from './job-engine.js'
import { runRetentionJob } from './retention-job.js'

export interface BackgroundLogger {
  info(object: object, message: string): void
  warn(object: object, message: string): void
  error(object: object, message: string): void
}

export async function startBackgroundWork(options: {
  connection: DatabaseConnection
  config: Config
  storage: FileStorage
  log: BackgroundLogger
  /** Tests poll faster than the default 2 s. */
  pollingIntervalSeconds?: number
  /** Tests take up a dead worker's job sooner than the default 2 minutes after its expiry. */
  maintenanceIntervalSeconds?: number
}): Promise<JobEngine> {
  const { connection, config, storage, log } = options
  const { db } = connection
  const transport = createMailTransport(config.mail)
  const engine = await startJobEngine({
    connection,
    log,
    pollingIntervalSeconds: options.pollingIntervalSeconds,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    handlers: {
      'email.send': (data, context) => deliverEmail(db, transport, data, context),
      'webhook.deliver': (data, context) => deliverWebhook(db, data, context, { allowPrivateNetworks: config.webhooks.allowPrivateNetworks }),
      'maintenance.retention': async () => {
        const result = await runRetentionJob(db, storage, config.retention)
        if (result.ran) log.info({ retention: result.report }, 'retention job ran')
      },
      'notifications.expiry-reminders': async () => {
        const reminded = await sendExpiryReminders(db)
        log.info({ reminded }, 'expiry reminders sent')
      },
      ...(config.inbox && {
        'inbox.fetch': async () => {
          // imapflow, mailparser and sanitize-html (about 330 ms and 13 MB) only on instances that read a mailbox.
          const { fetchInbox } = await import('../modules/inbox/ingestion.js')
          await fetchInbox({ db, storage, inbox: config.inbox!, uploads: config.uploads, mail: config.mail, log })
        },
      }),
    },
  })
  return {
    async stop() {
      await engine.stop()
      transport.close()
    },
  }
}
