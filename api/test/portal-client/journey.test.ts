import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { systemAuditContext } from '../../src/modules/audit/audit-log.js'
import { createPortalClient as registerPortalClient } from '../../src/modules/clients/service.js'
import { signInStaff, type TestStaff } from '../support/actors.js'
import { buildTestApp } from '../support/app.js'
import { randomCedula } from '../support/factories.js'
import { jpeg, pdf } from '../support/files.js'
import { issue, step } from '../support/requests.js'
import { createPortalClient } from '../../../clients/portal/src/index.js'
import { runJourney, type JourneyOptions } from '../../../clients/portal/examples/journey.js'

/**
 * The portal client package and its example journey, run against the real service listening on a
 * port (real HTTP, the client's own fetch), while the office acts through the API with staff tokens.
 */
const { app } = await buildTestApp(t)
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
if (address === null || typeof address === 'string') throw new Error('the service is not listening on a TCP port')
const baseUrl = `http://127.0.0.1:${address.port}`

const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])

async function newPortal() {
  const { client, secret } = await registerPortalClient(
    app.db,
    { name: `Portal de ejemplo ${randomCedula().slice(0, 4)}`, scopes: ['requests:read', 'requests:write'] },
    systemAuditContext,
  )
  return { clientId: client.clientId, clientSecret: secret }
}

const blob = (bytes: Buffer, type: string) => new Blob([new Uint8Array(bytes)], { type })

async function journeyOptions(overrides: Partial<JourneyOptions> = {}): Promise<JourneyOptions> {
  return {
    applicant: {
      identityDocument: { type: 'cedula', number: randomCedula() },
      givenNames: 'María José',
      surnames: 'Peñafiel',
      nationality: 'ECU',
      email: 'maria.penafiel@example.com',
      phone: '0991234567',
    },
    qualification: { resolutionNumber: 'MDT-DCRCO-2026-0042', resolutionDate: '2026-03-15', trainingAreas: ['Atención al cliente'] },
    photo: blob(await jpeg(), 'image/jpeg'),
    resolution: blob(await pdf(), 'application/pdf'),
    correct: () => ({}),
    pollIntervalMs: 50,
    timeoutMs: 60_000,
    log: () => {},
    ...overrides,
  }
}

/** The office's side, as the office app does it: wait for a submitted request, claim it, decide. */
async function nextSubmitted(app: FastifyInstance, staff: TestStaff): Promise<{ id: string; reference: string }> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const response = await app.inject({ method: 'GET', url: '/api/v1/requests?status=submitted', headers: staff.headers })
    const [first] = (response.json() as { items: { id: string; reference: string }[] }).items
    if (first) return first
    if (Date.now() > deadline) throw new Error('no submitted request within a minute')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function expectOk(response: Promise<{ statusCode: number; body: string }>, expected = 200) {
  const answer = await response
  if (answer.statusCode !== expected) throw new Error(`office step failed (${answer.statusCode}): ${answer.body}`)
}

t.test('the example portal runs the whole journey: corrections asked for, made and resubmitted; issued; verified', async (t) => {
  const credentials = await newPortal()
  const log: string[] = []
  const correctedPhoto = blob(await jpeg({ width: 640, height: 860 }), 'image/jpeg')
  const client = createPortalClient({ baseUrl, ...credentials })

  const office = (async () => {
    const first = await nextSubmitted(app, reviewer)
    await expectOk(step(app, reviewer.headers, first.id, 'claim'))
    await expectOk(
      step(app, reviewer.headers, first.id, 'decision', {
        decision: 'request_changes',
        issues: [
          { target: 'photo', message: 'La fotografía no muestra el rostro completo.' },
          { target: 'applicant.surnames', message: 'Falta el segundo apellido.' },
        ],
      }),
    )
    const again = await nextSubmitted(app, reviewer)
    t.equal(again.id, first.id, 'the same request comes back')
    await expectOk(step(app, reviewer.headers, again.id, 'claim'))
    await expectOk(step(app, reviewer.headers, again.id, 'decision', { decision: 'approve' }))
    return issue(app, issuer.headers, again.id)
  })()

  const [result, credential] = await Promise.all([
    runJourney(
      client,
      await journeyOptions({
        log: (line) => log.push(line),
        correct: (issues) => ({
          data: issues.some((issue) => issue.target === 'applicant.surnames') ? { applicant: { surnames: 'Peñafiel Ortúzar' } } : undefined,
          photo: issues.some((issue) => issue.target === 'photo') ? correctedPhoto : undefined,
        }),
      }),
    ),
    office,
  ])

  t.equal(result.credentialCode, credential.code, 'the portal read the code the office issued')
  t.equal(result.verifiedStatus, 'valid', 'and the public verification says it is valid')
  t.equal(result.corrections, 1)

  const verified = await fetch(`${baseUrl}/verify/${encodeURIComponent(result.credentialCode)}`, { headers: { accept: 'application/json' } })
  t.equal(verified.status, 200)
  t.match(await verified.json(), { code: credential.code, status: 'valid', holderName: 'María José Peñafiel Ortúzar' }, 'with the corrected surnames')

  const request = await app.inject({ method: 'GET', url: `/api/v1/requests/${result.requestId}`, headers: reviewer.headers })
  const view = request.json() as { status: string; documents: { kind: string; current: boolean }[]; history: { action: string }[] }
  t.equal(view.status, 'issued')
  t.equal(view.documents.filter((document) => document.kind === 'photo').length, 2, 'the photo was replaced')
  t.equal(view.documents.filter((document) => document.current).length, 2, 'one current photo and one current resolution')
  t.equal(view.history.filter((entry) => entry.action === 'request.submitted').length, 2, 'submitted, then resubmitted')

  t.match(log, [
    /^1\. Token de acceso obtenido/,
    /^2\. Solicitud SOL-\d{4}-\d+ creada en borrador\.$/,
    /^3\. Fotografía subida\.$/,
    /^4\. Resolución subida\.$/,
    /^5\. Solicitud enviada a revisión\.$/,
    /^6\. La oficina pide correcciones: photo \(La fotografía no muestra el rostro completo\.\); applicant\.surnames/,
    /Datos corregidos/,
    /Fotografía reemplazada/,
    /corregida y enviada de nuevo/,
    /^7\. Credencial emitida: /,
    /^8\. Verificación pública de .*: valid\.$/,
  ])
  t.notOk(log.join('\n').includes(credentials.clientSecret), 'the secret never reaches the log')
})
