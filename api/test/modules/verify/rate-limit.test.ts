import t from 'tap'
import { BROWSER_ACCEPT, buildVerifyApp, insertCredential } from './support.js'

t.test('GET /verify/:code: 60 per minute and client address by default, then 429 with Retry-After', async (t) => {
  const { app, db } = await buildVerifyApp(t)
  const credential = await insertCredential(db)
  const get = (remoteAddress: string, accept?: string) =>
    app.inject({ method: 'GET', url: `/verify/${credential.code}`, remoteAddress, headers: accept ? { accept } : {} })
  for (let request = 1; request <= 60; request += 1) {
    const response = await get('10.4.0.1')
    if (response.statusCode !== 200) t.fail(`request ${request} answered ${response.statusCode}`)
  }
  const limited = await get('10.4.0.1')
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /^application\/problem\+json/)
  t.equal(limited.json().code, 'RATE_LIMITED')
  t.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 60, `Retry-After: ${limited.headers['retry-after']}`)
  t.equal(limited.headers['cache-control'], 'no-store')
  t.notOk(limited.body.includes('holderName'))

  const page = await get('10.4.0.1', BROWSER_ACCEPT)
  t.equal(page.statusCode, 429, 'a browser is limited too')
  t.match(page.headers['content-type'], /^text\/html/, 'and told so in a page')
  t.match(page.body, /DEMASIADAS CONSULTAS/)
  t.ok(Number(page.headers['retry-after']) > 0)

  t.equal((await get('10.4.0.2')).statusCode, 200, 'another address is not limited')
})

t.test('VERIFY_RATE_LIMIT_PER_MINUTE sets the limit', async (t) => {
  const { app, db } = await buildVerifyApp(t, { env: { VERIFY_RATE_LIMIT_PER_MINUTE: '3' } })
  const credential = await insertCredential(db)
  const statuses: number[] = []
  for (let request = 1; request <= 4; request += 1) {
    statuses.push((await app.inject({ method: 'GET', url: `/verify/${credential.code}`, remoteAddress: '10.4.1.1' })).statusCode)
  }
  t.same(statuses, [200, 200, 200, 429])
})
