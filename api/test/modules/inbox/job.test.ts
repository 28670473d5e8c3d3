/**
 * The inbox on the job engine: with IMAP_URL, an `inbox.fetch` job reads the mailbox and the queue is
 * scheduled every minute; without it, the schedule is taken away (an instance restarted without the
 * setting leaves no jobs to pile up unworked).
 */
import t from 'tap'
import { eq, sql } from '../../../src/db/drizzle.js'
import { inboundMessages } from '../../../src/db/schema/index.js'
import { enqueue, JOB_SCHEMA } from '../../../src/jobs/job-engine.js'
import { buildTestApp } from '../../support/app.js'
import { startDovecot } from '../../support/dovecot.js'
import { startEngine, waitFor } from '../../support/mail.js'
import { rawMail } from '../../support/raw-mail.js'

const mailbox = await startDovecot(t)
const context = await buildTestApp(t, { IMAP_URL: mailbox.url })
const { db } = context

async function schedules(): Promise<string[]> {
  const result = (await db.execute(sql.raw(`select name from ${JOB_SCHEMA}.schedule order by name`))) as unknown as { rows: { name: string }[] }
  return result.rows.map((row) => row.name)
}

t.test('an inbox.fetch job records what the mailbox holds; the queue runs every minute', async (t) => {
  const engine = await startEngine(t, context)
  t.ok((await schedules()).includes('inbox.fetch'))
  await mailbox.append(rawMail({ messageId: '<por-el-motor@correo.example>' }))
  await db.transaction((tx) => enqueue(tx, 'inbox.fetch', {}))
  const row = await waitFor(async () => (await db.select().from(inboundMessages).where(eq(inboundMessages.messageId, 'por-el-motor@correo.example')))[0], 'the message recorded')
  t.equal(row.status, 'new')
  await engine.stop()
})

t.test('without IMAP_URL the schedule is removed', async (t) => {
  const engine = await startEngine(t, { ...context, config: { ...context.config, inbox: undefined } })
  t.notOk((await schedules()).includes('inbox.fetch'))
  t.ok((await schedules()).includes('maintenance.retention'), 'the others stay')
  await engine.stop()
})
