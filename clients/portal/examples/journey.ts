/**
 * A portal's whole journey with the typed client, as documentation that runs (the API's tests run
 * it against the service): token; a request; its photo and resolution; submit; follow it until the
 * office decides; when the office asks for corrections, correct and resubmit; read the credential's
 * code once issued, and verify it as anyone would.
 *
 *   CREDENCIALES_URL=http://localhost:3000 CLIENT_ID=demo-portal CLIENT_SECRET=… \
 *     pnpm --filter @credenciales/portal-client journey --foto foto.jpg --resolucion resolucion.pdf
 *
 * The office reviews in its app meanwhile; the program waits (polling) until the credential is issued.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import { createPortalClient, portalPaths, type NewRequest, type PortalClient, type Problem, type RequestCorrection, type RequestView, type ReviewIssue } from '../src/index.js'

export interface JourneyOptions {
  applicant: NewRequest['applicant']
  qualification: NewRequest['qualification']
  /** The trainer's photo (JPEG, at least 300 × 400 px) and qualification resolution (PDF). */
  photo: Blob
  resolution: Blob
  /**
   * What the portal does when the office asks for corrections: in a real portal, the trainer reads the
   * issues and fixes the data or sends another file. Data corrections need no `version`: the journey adds it.
   */
  correct(issues: ReviewIssue[], request: RequestView): Promise<Correction> | Correction
  /** How often to ask for news while the office reviews (a portal that receives webhooks asks far less). */
  pollIntervalMs?: number
  /** Give up after this long without the credential. */
  timeoutMs?: number
  log?: (message: string) => void
}

export interface Correction {
  data?: Omit<RequestCorrection, 'version'>
  photo?: Blob
  resolution?: Blob
}

export interface JourneyResult {
  requestId: string
  reference: string
  credentialCode: string
  /** What GET /verify/{code} says: `valid` for a credential just issued. */
  verifiedStatus: string
  corrections: number
}

/** The states in which the office has the request: the portal only waits. */
const withTheOffice: readonly RequestView['status'][] = ['submitted', 'in_review', 'approved']

export async function runJourney(client: PortalClient, options: JourneyOptions): Promise<JourneyResult> {
  const { pollIntervalMs = 5_000, timeoutMs = 7 * 24 * 3600_000, log = console.log } = options

  await client.authenticate()
  log('1. Token de acceso obtenido (client_credentials).')

  const created = await client.POST(portalPaths.requests, {
    body: { channel: 'online', applicant: options.applicant, qualification: options.qualification },
  })
  if (created.error) throw failure('crear la solicitud', created.error)
  const { id, reference } = created.data
  log(`2. Solicitud ${reference} creada en borrador.`)

  await upload(client, id, 'photo', options.photo, 'foto.jpg')
  log('3. Fotografía subida.')
  await upload(client, id, 'resolution', options.resolution, 'resolucion.pdf')
  log('4. Resolución subida.')

  await submit(client, id)
  log('5. Solicitud enviada a revisión.')

  let corrections = 0
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const request = await read(client, id)
    if (request.status === 'changes_requested') {
      const issues = request.reviewIssues ?? []
      log(`6. La oficina pide correcciones: ${issues.map((issue) => `${issue.target} (${issue.message})`).join('; ')}.`)
      const correction = await options.correct(issues, request)
      if (correction.data) {
        // The version read: if the request changed meanwhile, the service answers 409 instead of overwriting.
        const patched = await client.PATCH(portalPaths.request, { params: { path: { id } }, body: { ...correction.data, version: request.version } })
        if (patched.error) throw failure('corregir los datos', patched.error)
        log('   Datos corregidos.')
      }
      if (correction.photo) {
        await upload(client, id, 'photo', correction.photo, 'foto.jpg')
        log('   Fotografía reemplazada.')
      }
      if (correction.resolution) {
        await upload(client, id, 'resolution', correction.resolution, 'resolucion.pdf')
        log('   Resolución reemplazada.')
      }
      await submit(client, id)
      corrections += 1
      log('   Solicitud corregida y enviada de nuevo.')
      continue
    }
    if (request.status === 'issued' || request.status === 'delivered') {
      if (!request.credential) throw new Error(`La solicitud ${reference} está emitida pero no muestra su credencial.`)
      const code = request.credential.code
      log(`7. Credencial emitida: ${code}.`)
      const verifiedStatus = await verify(client, code)
      log(`8. Verificación pública de ${code}: ${verifiedStatus}.`)
      return { requestId: id, reference, credentialCode: code, verifiedStatus, corrections }
    }
    if (!withTheOffice.includes(request.status)) throw new Error(`La solicitud ${reference} terminó en estado «${request.status}».`)
    if (Date.now() > deadline) throw new Error(`La solicitud ${reference} sigue en estado «${request.status}»: se dejó de esperar.`)
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs))
  }
}

async function upload(client: PortalClient, id: string, kind: 'photo' | 'resolution', file: Blob, fileName: string) {
  const { error } = await client.uploadDocument(id, kind, { file }, fileName)
  if (error) throw failure(kind === 'photo' ? 'subir la fotografía' : 'subir la resolución', error)
}

async function submit(client: PortalClient, id: string) {
  // The client sends an Idempotency-Key: a retry after a lost answer does not submit twice.
  const { error } = await client.POST(portalPaths.submit, { params: { path: { id } } })
  if (error) throw failure('enviar la solicitud', error)
}

async function read(client: PortalClient, id: string): Promise<RequestView> {
  const { data, error } = await client.GET(portalPaths.request, { params: { path: { id } } })
  if (error) throw failure('consultar la solicitud', error)
  return data
}

/** As a phone scanning the card's QR would, but asking for JSON: no token, no portal. */
async function verify(client: PortalClient, code: string): Promise<string> {
  const { data, error, response } = await client.public.GET(portalPaths.verify, { params: { path: { code } }, headers: { accept: 'application/json' } })
  if (data === undefined) {
    if (response.status === 404) throw new Error(`El código ${code} no corresponde a ninguna credencial.`)
    throw failure('verificar la credencial', typeof error === 'object' && 'title' in error ? error : undefined)
  }
  if (typeof data === 'string') throw new Error(`La verificación respondió ${response.headers.get('content-type')} en lugar de JSON.`)
  return data.status
}

/** A problem+json answer as an error: its stable code, its Spanish detail and each invalid field. */
function failure(step: string, problem: Problem | undefined): Error {
  if (!problem) return new Error(`No se pudo ${step}.`)
  const fields = problem.errors?.map((error) => `${error.field}: ${error.message}`).join('; ')
  return new Error(`No se pudo ${step}: ${problem.code} — ${problem.detail ?? problem.title}${fields ? ` (${fields})` : ''}`)
}

/** Run from the command line: the service, the portal's credentials and the two files come from outside. */
async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: process.env.CREDENCIALES_URL ?? 'http://localhost:3000' },
      'client-id': { type: 'string', default: process.env.CLIENT_ID },
      foto: { type: 'string' },
      resolucion: { type: 'string' },
      'foto-corregida': { type: 'string' },
      cedula: { type: 'string', default: '1710034065' },
    },
  })
  const clientSecret = process.env.CLIENT_SECRET
  if (!values['client-id'] || !clientSecret || !values.foto || !values.resolucion) {
    console.error('Uso: CLIENT_ID=… CLIENT_SECRET=… tsx examples/journey.ts --foto foto.jpg --resolucion resolucion.pdf [--foto-corregida otra.jpg] [--url http://…]')
    process.exitCode = 2
    return
  }
  const file = async (name: string, type: string) => new Blob([await readFile(name)], { type })
  const client = createPortalClient({ baseUrl: values.url, clientId: values['client-id'], clientSecret })
  const correctedPhoto = values['foto-corregida']
  const result = await runJourney(client, {
    applicant: {
      identityDocument: { type: 'cedula', number: values.cedula },
      givenNames: 'María José',
      surnames: 'Peñafiel Ortúzar',
      nationality: 'ECU',
      email: 'maria.penafiel@example.com',
      phone: '0991234567',
    },
    qualification: { resolutionNumber: 'MDT-DCRCO-2026-0042', resolutionDate: '2026-03-15', trainingAreas: ['Atención al cliente'] },
    photo: await file(values.foto, 'image/jpeg'),
    resolution: await file(values.resolucion, 'application/pdf'),
    // A real portal would ask the trainer; here, another photo if one was given, and the data as they were.
    correct: async () => (correctedPhoto ? { photo: await file(correctedPhoto, 'image/jpeg') } : {}),
  })
  console.log(`Listo: ${result.reference}, credencial ${result.credentialCode} (${result.verifiedStatus}).`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
