import t from 'tap'
import { eq } from '../../../src/db/drizzle.js'
import { credentials } from '../../../src/db/schema/index.js'
import { formatCredentialCode, generateCredentialCode } from '../../../src/domain/credential-code.js'
import { buildVerifyApp, eventually, insertCredential, officeDay, revokeBySql } from './support.js'

const { app, db, statements } = await buildVerifyApp(t)

const ALLOWED_KEYS = ['code', 'credentialType', 'expiresAt', 'holderName', 'issuedAt', 'issuer', 'resolutionNumber', 'status']
const ISSUER = 'Ministerio del Trabajo del Ecuador — Dirección de Calificación, Reconocimiento y Certificación de Operadores'

let address = 0
/** Each test its own client address, so that the rate limit of one never trips another. */
function get(url: string, headers: Record<string, string> = {}) {
  address += 1
  return app.inject({ method: 'GET', url, headers, remoteAddress: `10.1.0.${address}` })
}

/** A code whose check symbol is wrong: the last symbol of a valid code, changed. */
function mistyped(code: string): string {
  const body = code.slice(0, 12)
  const check = code[12] === '0' ? '1' : '0'
  return body + check
}

t.test('GET /verify/:code: a valid credential answers 200 with exactly the public keys', async (t) => {
  const credential = await insertCredential(db, { credential: { expiresOn: '2030-12-31' } })
  const response = await get(`/verify/${credential.code}`)
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/json/)
  const body = response.json()
  t.same(Object.keys(body).sort(), ALLOWED_KEYS)
  t.same(body, {
    code: formatCredentialCode(credential.code),
    status: 'valid',
    holderName: 'María José Peñafiel Ortúzar',
    credentialType: 'Credencial de Capacitador Independiente',
    resolutionNumber: 'MDT-DCRCO-2026-0042',
    issuedAt: credential.issuedAt.toISOString(),
    expiresAt: '2030-12-31',
    issuer: ISSUER,
  })
  t.match(body.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-.$/)
})

t.test('GET /verify/:code: no expiry date answers expiresAt null', async (t) => {
  const credential = await insertCredential(db)
  const body = (await get(`/verify/${credential.code}`)).json()
  t.equal(body.status, 'valid')
  t.equal(body.expiresAt, null)
})

t.test('GET /verify/:code: minimal disclosure: no document number, id, clerk, nationality or reason anywhere', async (t) => {
  const credential = await insertCredential(db, { holder: { documentNumber: '1710034065' } })
  await revokeBySql(db, credential.id, 'Motivo reservado XYZZY')
  for (const accept of ['application/json', 'text/html']) {
    const response = await get(`/verify/${credential.code}`, { accept })
    t.equal(response.statusCode, 200, accept)
    for (const secret of ['1710034065', credential.id, credential.applicantId, credential.requestId, credential.issuedBy, 'XYZZY', 'ECU', 'cedula', 'Clara Emisora', credential.cardStorageKey, credential.cardSha256]) {
      t.notOk(response.body.includes(secret), `${accept}: the body does not contain ${secret}`)
    }
  }
})

t.test('GET /verify/:code: revoked, with since when and never the reason', async (t) => {
  const credential = await insertCredential(db, { credential: { expiresOn: '2030-12-31' } })
  await revokeBySql(db, credential.id)
  const [row] = await db.select().from(credentials).where(eq(credentials.id, credential.id))
  const response = await get(`/verify/${credential.code}`)
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.equal(body.status, 'revoked')
  t.equal(body.statusSince, row!.revokedAt!.toISOString())
  t.same(Object.keys(body).sort(), [...ALLOWED_KEYS, 'statusSince'].sort())
  t.notOk(response.body.includes('Motivo interno'))
})

t.test('GET /verify/:code: replaced, with since when', async (t) => {
  const replacement = await insertCredential(db)
  const replacedAt = new Date('2026-04-02T15:30:00.000Z')
  const old = await insertCredential(db, { credential: { status: 'replaced', replacedAt, replacedById: replacement.id } })
  const body = (await get(`/verify/${old.code}`)).json()
  t.equal(body.status, 'replaced')
  t.equal(body.statusSince, '2026-04-02T15:30:00.000Z')
  t.same(Object.keys(body).sort(), [...ALLOWED_KEYS, 'statusSince'].sort())
  t.notOk(JSON.stringify(body).includes(replacement.code), 'the new code is not disclosed either')
})

t.test('GET /verify/:code: expiry is computed in Quito when read', async (t) => {
  const yesterday = await insertCredential(db, { credential: { expiresOn: officeDay(-1) } })
  const today = await insertCredential(db, { credential: { expiresOn: officeDay(0) } })
  const expired = (await get(`/verify/${yesterday.code}`)).json()
  t.equal(expired.status, 'expired', 'past its last day')
  t.equal(expired.expiresAt, officeDay(-1))
  t.notOk('statusSince' in expired)
  t.same(Object.keys(expired).sort(), ALLOWED_KEYS)
  t.equal((await get(`/verify/${today.code}`)).json().status, 'valid', 'its last day is still valid')

  const revokedAndExpired = await insertCredential(db, { credential: { expiresOn: officeDay(-10) } })
  await revokeBySql(db, revokedAndExpired.id)
  t.equal((await get(`/verify/${revokedAndExpired.code}`)).json().status, 'revoked', 'revocation outranks expiry')
})

t.test('GET /verify/:code: an unknown code answers 404 not_found', async (t) => {
  const code = generateCredentialCode()
  const response = await get(`/verify/${code}`)
  t.equal(response.statusCode, 404)
  t.match(response.headers['content-type'], /^application\/json/)
  t.same(response.json(), { status: 'not_found', code: formatCredentialCode(code) })
})

t.test('GET /verify/:code: a malformed or mistyped code answers 400 without touching the database', async (t) => {
  const credential = await insertCredential(db)
  const before = statements.length
  const refused = [
    ['too short', 'ABC'],
    ['too long', `${credential.code}0`],
    ['a U in the body', `U${credential.code.slice(1)}`],
    ['punctuation', `${credential.code.slice(0, 12)}!`],
    ['bad check symbol', mistyped(credential.code)],
    ['far too long', 'A'.repeat(60)],
  ] as const
  for (const [label, code] of refused) {
    const response = await get(`/verify/${encodeURIComponent(code)}`)
    t.equal(response.statusCode, 400, `${label} → 400`)
    t.match(response.headers['content-type'], /^application\/problem\+json/, `${label}: problem+json`)
    t.equal(response.json().code, 'VALIDATION_FAILED', label)
  }
  t.match((await get(`/verify/${mistyped(credential.code)}`)).json().errors[0].message, /control/, 'a mistyped code is told apart')
  t.equal(statements.length, before, 'no statement ran')
  // The spy does see lookups: a well-formed unknown code is looked up.
  await get(`/verify/${generateCredentialCode()}`)
  t.equal(statements.length, before + 1)
})

t.test('GET /verify/:code: the code is read as people type it', async (t) => {
  // Body A1B0C1D0E1F0, check symbol F (Luhn mod 32 of the body): 1s and 0s to be misread as I, L and O.
  await insertCredential(db, { credential: { code: 'A1B0C1D0E1F0F' } })
  for (const typed of ['A1B0-C1D0-E1F0-F', 'a1b0c1d0e1f0f', 'a1b0-c1d0-e1f0-f', 'A1B0 C1D0 E1F0 F', ' A1B0-C1D0-E1F0-F ', 'AIBO-CLDO-EIFO-F', 'alb0-cidO-e1fo-f']) {
    const response = await get(`/verify/${encodeURIComponent(typed)}`)
    t.equal(response.statusCode, 200, typed)
    t.equal(response.json().code, 'A1B0-C1D0-E1F0-F', typed)
  }
})

t.test('GET /verify/:code: headers against caching, indexing and referrers; pages as documents', async (t) => {
  const credential = await insertCredential(db)
  const cases = [
    ['found', `/verify/${credential.code}`, {}, false],
    ['found, as a page', `/verify/${credential.code}`, { accept: 'text/html' }, true],
    ['not found', `/verify/${generateCredentialCode()}`, {}, false],
    ['not found, as a page', `/verify/${generateCredentialCode()}`, { accept: 'text/html' }, true],
    ['malformed', '/verify/nope', {}, false],
    ['malformed, as a page', '/verify/nope', { accept: 'text/html' }, true],
  ] as const
  for (const [label, url, headers, isPage] of cases) {
    const response = await get(url, headers)
    t.match(response.headers['content-type'], isPage ? /^text\/html/ : /^application\/(problem\+)?json/, `${label}: its type`)
    t.equal(response.headers['cache-control'], 'no-store', `${label}: Cache-Control`)
    t.equal(response.headers['x-robots-tag'], 'noindex', `${label}: X-Robots-Tag`)
    t.equal(response.headers['referrer-policy'], 'no-referrer', `${label}: Referrer-Policy`)
    t.match(response.headers.vary, /Accept/i, `${label}: Vary`)
    t.equal(response.headers['x-content-type-options'], 'nosniff', `${label}: nosniff`)
    t.match(response.headers['content-security-policy'], /^default-src 'none';.*frame-ancestors 'none'$/, `${label}: CSP`)
    // A document's protections, on pages; the JSON is read by programs, for which they mean nothing.
    const documentHeaders = ['x-frame-options', 'cross-origin-opener-policy', 'cross-origin-resource-policy'].map((name) => response.headers[name])
    t.same(documentHeaders, isPage ? ['DENY', 'same-origin', 'same-origin'] : [undefined, undefined, undefined], `${label}: document headers`)
  }
  const json = await get(`/verify/${credential.code}`)
  t.equal(json.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'", 'the JSON may load nothing')
})

t.test('GET /verify/:code: HSTS outside the embedded mode only, as the rest of the API (security.ts)', async (t) => {
  const credential = await insertCredential(db)
  t.notOk((await get(`/verify/${credential.code}`)).headers['strict-transport-security'], 'embedded (plain HTTP on the local network): none')
  // A configuration with DATABASE_URL is the production one; the connection itself is the test database's.
  const production = await buildVerifyApp(t, { env: { DATABASE_URL: 'postgres://unused@127.0.0.1:5432/unused' } })
  const other = await insertCredential(production.db)
  const response = await production.app.inject({ method: 'GET', url: `/verify/${other.code}`, remoteAddress: '10.1.9.1' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', 'production: HSTS')
})

/** Looks a code up until an answer comes from memory (the INSERT's own notification may drop the first read). */
async function warm(code: string): Promise<boolean> {
  await get(`/verify/${code}`)
  const settled = await eventually(async () => {
    const count = statements.length
    await get(`/verify/${code}`)
    return statements.length === count
  }, 1000)
  return settled !== null
}

t.test('the answer is cached: a second lookup runs no statement', async (t) => {
  const credential = await insertCredential(db)
  const before = statements.length
  t.equal((await get(`/verify/${credential.code}`)).statusCode, 200)
  t.equal(statements.length, before + 1, 'the first lookup reads the database')
  t.ok(await warm(credential.code), 'a lookup was answered from memory')
  const cached = statements.length
  t.equal((await get(`/verify/${credential.code}`)).statusCode, 200)
  t.equal((await get(`/verify/${formatCredentialCode(credential.code).toLowerCase()}`)).statusCode, 200)
  t.equal(statements.length, cached, 'later lookups come from memory')
})

t.test('a cached answer is dropped when the credential changes (one instance)', async (t) => {
  const credential = await insertCredential(db)
  t.ok(await warm(credential.code), 'cached')
  t.equal((await get(`/verify/${credential.code}`)).json().status, 'valid')
  await revokeBySql(db, credential.id)
  const took = await eventually(async () => (await get(`/verify/${credential.code}`)).json().status === 'revoked', 1000)
  t.not(took, null, `revoked within a second (${took} ms)`)
})

t.test('a newly issued code is found at once after being unknown', async (t) => {
  const code = generateCredentialCode()
  t.equal((await get(`/verify/${code}`)).statusCode, 404)
  t.equal((await get(`/verify/${code}`)).statusCode, 404)
  await insertCredential(db, { credential: { code } })
  t.equal((await get(`/verify/${code}`)).statusCode, 200, 'no waiting for a notification: unknown codes are not cached')
})
