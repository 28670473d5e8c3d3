/**
 * E-mail delivery when things go wrong: the SMTP server down or refusing, the last attempt failing, a step
 * rolled back, a process gone between the commit and the sending, two instances working one database.
 * Nothing is lost and nothing is sent twice.
 */
import t from 'tap'
import { and, eq } from '../../../src/db/drizzle.js'
import { auditEvents, complaints, emailMessages, requests } from '../../../src/db/schema/index.js'
import { connectDatabase } from '../../../src/db/client.js'
import { publish } from '../../../src/modules/notifications/events.js'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'
import { JOB_SCHEMA } from '../../../src/jobs/job-engine.js'
import { fastRetries, jobStates, startEngine, startSmtpServer, waitFor } from '../../support/mail.js'
import { createDraft } from '../../support/requests.js'

const smtp = await startSmtpServer(t)
const context = await buildTestApp(t, { SMTP_URL: smtp.url, COMPLAINT_RATE_LIMIT_PER_HOUR: '1000' })
const { app, db } = context
const frontDesk = await signInStaff(app, ['front_desk'])
const reviewer = await signInStaff(app, ['reviewer'])

let complaintCount = 0
/** A complaint with an address: the quickest step that writes one e-mail. Returns its message's id. */
async function messageFor(): Promise<{ id: string; address: string }> {
  complaintCount += 1
  const address = `queja.${complaintCount}.${Date.now()}@correo.example`
  const filed = await app.inject({
    method: 'POST',
    url: '/complaints',
    remoteAddress: `10.40.0.${complaintCount % 250}`,
    payload: { category: 'poor_service', description: 'No me atendieron en ventanilla el martes.', name: 'Carmen Pilataxi', email: address },
  })
  if (filed.statusCode !== 201) throw new Error(filed.body)
  const [complaint] = await db.select({ id: complaints.id }).from(complaints).where(eq(complaints.trackingNumber, filed.json().trackingNumber))
  const [message] = await db.select({ id: emailMessages.id }).from(emailMessages).where(eq(emailMessages.complaintId, complaint!.id))
  return { id: message!.id, address }
}

const messageRow = async (id: string) => (await db.select().from(emailMessages).where(eq(emailMessages.id, id)))[0]!
const receivedBy = (address: string) => smtp.received.filter(({ to }) => to.includes(address)).length

t.test('a process gone after the commit and before the sending: the message is sent once an engine runs', async (t) => {
  // No engine yet: as if the instance that committed died before its worker fetched the job.
  const { id, address } = await messageFor()
  t.match(await messageRow(id), { status: 'pending', attempts: 0 })
  t.same(await jobStates(db), ['created'], 'the job waits in the database')
  const engine = await startEngine(t, context)
  await waitFor(async () => (await messageRow(id)).status === 'sent', 'the message sent after the restart')
  t.equal(receivedBy(address), 1)
  await engine.stop()
})

t.test('the SMTP server down: the message stays pending with the error, is retried, and is sent when it is back', async (t) => {
  await smtp.stop()
  const engine = await startEngine(t, context)
  await fastRetries(db, 30)
  const { id, address } = await messageFor()
  const failing = await waitFor(async () => {
    const row = await messageRow(id)
    return row.attempts >= 2 ? row : null
  }, 'two failed attempts')
  t.equal(failing.status, 'pending', 'still to be sent')
  t.match(failing.lastError, /ECONNREFUSED|connect/i, 'the office reads why')
  t.equal(failing.sentAt, null)

  await smtp.start()
  const sent = await waitFor(async () => {
    const row = await messageRow(id)
    return row.status === 'sent' ? row : null
  }, 'sent once the server is back')
  t.ok(sent.attempts >= 3)
  t.equal(receivedBy(address), 1, 'delivered once')
  await engine.stop()
})

t.test('the SMTP server refusing, temporarily then for good: retried until it accepts', async (t) => {
  const engine = await startEngine(t, context)
  await fastRetries(db, 30)
  smtp.behaviour = 'reject-temporary'
  const { id, address } = await messageFor()
  const temporary = await waitFor(async () => {
    const row = await messageRow(id)
    return row.lastError?.includes('451') ? row : null
  }, 'a 451 recorded')
  t.equal(temporary.status, 'pending')
  smtp.behaviour = 'reject-permanent'
  await waitFor(async () => (await messageRow(id)).lastError?.includes('550'), 'a 550 recorded')
  t.equal((await messageRow(id)).status, 'pending', 'still retried: a 5xx may be a misconfigured relay, fixed later')
  smtp.behaviour = 'accept'
  await waitFor(async () => (await messageRow(id)).status === 'sent', 'sent once accepted')
  t.equal(receivedBy(address), 1)
  await engine.stop()
})

t.test('the last attempt fails: the message is failed; «Reenviar» sends it', async (t) => {
  const engine = await startEngine(t, context)
  await fastRetries(db, 1)
  smtp.behaviour = 'reject-permanent'
  const { id, address } = await messageFor()
  const failed = await waitFor(async () => {
    const row = await messageRow(id)
    return row.status === 'failed' ? row : null
  }, 'failed after the last attempt')
  t.match(failed, { attempts: 2, failedAt: Date, sentAt: null, lastError: /550/ })
  t.ok((await jobStates(db)).includes('failed'), 'the job ended failed too')

  const resend = (headers = frontDesk.headers) => app.inject({ method: 'POST', url: `/api/v1/email-messages/${id}/resend`, headers })
  const listed = await app.inject({ method: 'GET', url: '/api/v1/email-messages?status=failed', headers: frontDesk.headers })
  t.ok(listed.json().items.some((item: { id: string; lastError: string }) => item.id === id && item.lastError.includes('550')), 'the outbox shows it failed, and why')

  smtp.behaviour = 'accept'
  const first = await resend()
  t.equal(first.statusCode, 200, first.body)
  t.match(first.json(), { id, status: 'pending', lastError: null, failedAt: null })
  const again = await resend()
  t.equal(again.statusCode, 200, 'a double click is answered as done')
  const sent = await waitFor(async () => {
    const row = await messageRow(id)
    return row.status === 'sent' ? row : null
  }, 'sent after «Reenviar»')
  t.equal(sent.attempts, 3)
  t.equal(receivedBy(address), 1, 'one copy, despite two clicks')
  t.equal((await resend()).statusCode, 200, 'the same person again, after it was sent: the same success')

  const byAnother = await resend(reviewer.headers)
  t.equal(byAnother.statusCode, 409)
  t.match(byAnother.headers['content-type'], /application\/problem\+json/)
  t.match(byAnother.json(), { code: 'CONFLICT', detail: 'Este correo ya se envió; solo se reenvían los que fallaron.' })

  const events = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'email_message.resent'), eq(auditEvents.subjectId, id)))
  t.equal(events.length, 1, 'one resend, audited once')
  t.match(events[0], { actorType: 'staff', actorId: frontDesk.id, subjectType: 'email_message', details: { eventType: 'complaint.received', attempts: 2 } })
  t.notOk(JSON.stringify(events[0]).includes(address), 'no address in the audit event')
  await engine.stop()
})

t.test('a step rolled back writes no message and no job', async (t) => {
  const draft = await createDraft(app, frontDesk.headers, { channel: 'email' })
  const [request] = await db.select().from(requests).where(eq(requests.id, draft.id))
  const jobsBefore = (await jobStates(db)).length
  let eventId = ''
  await t.rejects(
    db.transaction(async (tx) => {
      eventId = (await publish(tx, { type: 'request.submitted', request: request!, firstSubmission: true })).id
      t.equal((await tx.select().from(emailMessages).where(eq(emailMessages.eventId, eventId))).length, 1, 'written inside the step')
      throw new Error('the step failed after publishing')
    }),
  )
  t.same(await db.select().from(emailMessages).where(eq(emailMessages.eventId, eventId)), [], 'no message')
  t.equal((await jobStates(db)).length, jobsBefore, 'no job')
})

t.test('a worker that dies holding the job: once the job expires, another engine sends the message, once', async (t) => {
  // No engine running: the job keeps the one-second retry of the queue when it is inserted.
  await fastRetries(db, 30)
  const { id, address } = await messageFor()
  // A worker fetches the job as pg-boss does (active, started now) and its process dies before it finishes.
  const picked = await context.connection.query({
    text: `update ${JOB_SCHEMA}.job set state = 'active', started_on = now(), expire_in = interval '4 seconds'
           where name = 'email.send' and state = 'created' and data->>'messageId' = $1 returning id`,
    values: [id],
  })
  t.equal(picked.length, 1, 'the job was taken by the dying worker')
  await startEngine(t, context, { maintenanceIntervalSeconds: 1 })
  // Polled a few times already (every 0.5 s): an active job is not fetched again before it expires.
  await new Promise((resolve) => setTimeout(resolve, 1200))
  t.match(await messageRow(id), { status: 'pending', attempts: 0 }, 'not sent while the job is still within its expiry')
  const sent = await waitFor(async () => {
    const row = await messageRow(id)
    return row.status === 'sent' ? row : null
  }, 'sent after the expiry')
  t.equal(sent.attempts, 1)
  await new Promise((resolve) => setTimeout(resolve, 1500))
  t.equal(receivedBy(address), 1, 'delivered once')
  const [job] = await context.connection.query<{ state: string; retry_count: number }>({
    text: `select state, retry_count from ${JOB_SCHEMA}.job where id = $1`,
    values: [picked[0]!.id],
  })
  t.same(job, { state: 'completed', retry_count: 1 }, 'the expired attempt counted as a failure, the retry completed it')
})

t.test('two instances on one database: each message delivered exactly once', async (t) => {
  // The second instance has its own pool, as another process would.
  const other = context.databaseUrl ? await connectDatabase({ databaseUrl: context.databaseUrl }) : context.connection
  if (other !== context.connection) t.teardown(() => other.close())
  await startEngine(t, context)
  await startEngine(t, { ...context, connection: other })
  const before = smtp.received.length
  const messages: { id: string; address: string }[] = []
  for (let index = 0; index < 12; index += 1) messages.push(await messageFor())
  await waitFor(async () => {
    const rows = await Promise.all(messages.map(({ id }) => messageRow(id)))
    return rows.every((row) => row.status === 'sent')
  }, 'all sent', 30_000)
  // Late duplicates would arrive after the rows say sent: give them the time to.
  await new Promise((resolve) => setTimeout(resolve, 1500))
  t.equal(smtp.received.length - before, messages.length, 'as many e-mails received as messages')
  for (const { id, address } of messages) {
    t.equal(receivedBy(address), 1, `${address}: once`)
    t.equal((await messageRow(id)).attempts, 1)
  }
  const messageIds = smtp.received.slice(before).map(({ parsed }) => parsed.messageId)
  t.equal(new Set(messageIds).size, messages.length, 'each Message-ID once')
})
