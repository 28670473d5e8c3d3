import t from 'tap'
import { generateCredentialCode } from '../../../src/domain/credential-code.js'
import { buildVerifyApp, insertCredential, revokeBySql } from './support.js'

const { app, db } = await buildVerifyApp(t)

let address = 0
function confirm(code: string, payload: unknown, remoteAddress = `10.3.0.${++address}`) {
  return app.inject({ method: 'POST', url: `/verify/${code}/confirm-document`, payload: payload as object, remoteAddress })
}

t.test('POST /verify/:code/confirm-document: match true or false, nothing else', async (t) => {
  const credential = await insertCredential(db, { holder: { documentNumber: '1710034065' } })
  const yes = await confirm(credential.code, { documentNumber: '1710034065' })
  t.equal(yes.statusCode, 200)
  t.same(yes.json(), { match: true })
  t.equal(yes.headers['cache-control'], 'no-store')
  t.equal(yes.headers['x-robots-tag'], 'noindex')
  t.equal(yes.headers['referrer-policy'], 'no-referrer')

  const no = await confirm(credential.code, { documentNumber: '1710034066' })
  t.equal(no.statusCode, 200)
  t.same(no.json(), { match: false })
  t.notOk(no.body.includes('1710034065'), 'the registered number is never answered')

  t.same((await confirm(credential.code, { documentNumber: '171003406' })).json(), { match: false }, 'a prefix is no match')
})

t.test('confirm-document: compares upper-case, without spaces or dashes, with the code read as typed', async (t) => {
  const credential = await insertCredential(db, { holder: { documentNumber: 'AB123456' } })
  const typedCode = `${credential.code.slice(0, 4).toLowerCase()}-${credential.code.slice(4, 8)}-${credential.code.slice(8, 12)}-${credential.code.slice(12)}`
  for (const typed of ['AB123456', 'ab123456', 'AB 123 456', 'ab-123-456', ' AB123456 ']) {
    t.same((await confirm(encodeURIComponent(typedCode), { documentNumber: typed })).json(), { match: true }, typed)
  }
})

t.test('confirm-document: answers for a revoked credential too (the status comes from GET)', async (t) => {
  const credential = await insertCredential(db, { holder: { documentNumber: '0912345675' } })
  await revokeBySql(db, credential.id)
  t.same((await confirm(credential.code, { documentNumber: '0912345675' })).json(), { match: true })
})

t.test('confirm-document: unknown code 404, malformed code or body 400', async (t) => {
  const code = generateCredentialCode()
  const unknown = await confirm(code, { documentNumber: '1710034065' })
  t.equal(unknown.statusCode, 404)
  t.same(Object.keys(unknown.json()).sort(), ['code', 'status'])
  t.equal(unknown.json().status, 'not_found')

  const malformed = await confirm('NOT-A-CODE', { documentNumber: '1710034065' })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.headers['content-type'], /^application\/problem\+json/)

  const credential = await insertCredential(db)
  for (const [label, payload] of [
    ['no number', {}],
    ['empty number', { documentNumber: '' }],
    ['a number too long', { documentNumber: '1'.repeat(41) }],
    ['an extra field', { documentNumber: '1710034065', guess: true }],
  ] as const) {
    const response = await confirm(credential.code, payload)
    t.equal(response.statusCode, 400, label)
    t.match(response.headers['content-type'], /^application\/problem\+json/, label)
  }
})

t.test('confirm-document: at most 10 per minute and client address', async (t) => {
  const credential = await insertCredential(db, { holder: { documentNumber: '1712345675' } })
  const guesser = '10.3.9.9'
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    const response = await confirm(credential.code, { documentNumber: `17123456${String(attempt).padStart(2, '0')}` }, guesser)
    t.equal(response.statusCode, 200, `attempt ${attempt}`)
  }
  const limited = await confirm(credential.code, { documentNumber: '1712345675' }, guesser)
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /^application\/problem\+json/)
  t.equal(limited.json().code, 'RATE_LIMITED')
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After')
  t.notOk(limited.body.includes('match'), 'no answer once limited')
  t.same((await confirm(credential.code, { documentNumber: '1712345675' }, '10.3.9.10')).json(), { match: true }, 'another address is not limited')
})

t.test('confirm-document: at most 20 per hour for one credential, from any number of addresses', async (t) => {
  const credential = await insertCredential(db, { holder: { documentNumber: '1713175071' } })
  for (let attempt = 1; attempt <= 20; attempt += 1) {
    // A new address each time: the per-address limit never trips.
    const response = await confirm(credential.code, { documentNumber: `17131750${String(attempt).padStart(2, '0')}` })
    t.equal(response.statusCode, 200, `attempt ${attempt}`)
  }
  const limited = await confirm(credential.code, { documentNumber: '1713175071' })
  t.equal(limited.statusCode, 429)
  t.equal(limited.json().code, 'RATE_LIMITED')
  t.match(limited.json().detail, /esta credencial/)
  const retryAfter = Number(limited.headers['retry-after'])
  t.ok(retryAfter > 3500 && retryAfter <= 3600, `Retry-After within the hour: ${retryAfter}`)
  t.notOk(limited.body.includes('match'), 'no answer once limited')

  const other = await insertCredential(db, { holder: { documentNumber: '0926687856' } })
  t.same((await confirm(other.code, { documentNumber: '0926687856' })).json(), { match: true }, 'another credential is not limited')
})
