import t from 'tap'
import { buildTestApp } from '../../support/app.js'
import { signInStaff } from '../../support/actors.js'

const { app } = await buildTestApp(t, { COMPLAINT_RATE_LIMIT_PER_HOUR: '1000' })
const reviewer = await signInStaff(app, ['reviewer'])
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'

let address = 0
const nextAddress = () => `10.30.0.${++address}`
const lookup = (query: string, accept?: string, remoteAddress = nextAddress()) =>
  app.inject({ method: 'GET', url: `/complaints/status${query}`, headers: accept ? { accept } : {}, remoteAddress })

const description = 'Me atendieron con malos modos en la ventanilla del cuarto piso.'

async function fileComplaint() {
  const response = await app.inject({
    method: 'POST',
    url: '/complaints',
    payload: { category: 'poor_service', description, email: 'persona@correo.ec', name: 'Rosa Chiluisa' },
    remoteAddress: nextAddress(),
  })
  return response.json() as { trackingNumber: string }
}

t.test('the complainant follows the complaint with its tracking number: status and answer, never the text or contact', async (t) => {
  const { trackingNumber } = await fileComplaint()
  const received = await lookup(`?trackingNumber=${trackingNumber.toLowerCase()}`)
  t.equal(received.statusCode, 200)
  t.equal(received.headers['cache-control'], 'no-store')
  t.same(Object.keys(received.json()).sort(), ['answer', 'answeredAt', 'category', 'receivedAt', 'status', 'trackingNumber'])
  t.match(received.json(), { trackingNumber, category: 'poor_service', status: 'received', answer: null, answeredAt: null })
  for (const secret of [description, 'persona@correo.ec', 'Rosa']) t.notOk(received.body.includes(secret), `does not show ${secret}`)

  const [row] = (await app.inject({ method: 'GET', url: `/api/v1/complaints?q=${trackingNumber}`, headers: reviewer.headers })).json().items
  const answer = 'Se habló con el servidor de la ventanilla.\nLe ofrecemos disculpas.'
  const resolved = await app.inject({
    method: 'PATCH',
    url: `/api/v1/complaints/${row.id}`,
    headers: reviewer.headers,
    payload: { status: 'resolved', answer, version: 1 },
  })
  t.equal(resolved.statusCode, 200, resolved.body)

  const json = (await lookup(`?trackingNumber=${trackingNumber}`)).json()
  t.equal(json.status, 'resolved')
  t.equal(json.answer, answer)
  t.ok(json.answeredAt)

  const page = await lookup(`?trackingNumber=${trackingNumber}`, BROWSER_ACCEPT)
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(String(page.headers['content-security-policy']), /^default-src 'none'/)
  t.match(page.body, /<p class="tracking">Resuelta<\/p>/)
  t.match(page.body, /Mala atención/)
  t.match(page.body, /Se habló con el servidor de la ventanilla\.\nLe ofrecemos disculpas\./)
  t.notOk(page.body.includes(description), 'the page does not show the complaint text either')
})

t.test('no number, an unknown number, a malformed one', async (t) => {
  const form = await lookup('', BROWSER_ACCEPT)
  t.equal(form.statusCode, 200)
  t.match(form.body, /<form method="get" action="\/complaints\/status">/)
  t.match(form.body, /<label for="queja-seguimiento">Número de seguimiento<\/label>/)

  const missing = await lookup('')
  t.equal(missing.statusCode, 400)
  t.match(missing.headers['content-type'], /^application\/problem\+json/)
  t.equal(missing.json().errors[0].field, 'querystring.trackingNumber')

  for (const query of ['?trackingNumber=QJ-0000-0000', '?trackingNumber=%3Cb%3Ehola%3C%2Fb%3E']) {
    const unknown = await lookup(query)
    t.equal(unknown.statusCode, 404, query)
    t.equal(unknown.json().code, 'NOT_FOUND')
    const page = await lookup(query, BROWSER_ACCEPT)
    t.equal(page.statusCode, 404)
    t.match(page.body, /No se encontró la queja/)
    t.notOk(page.body.includes('hola'), 'what was typed is not shown back')
  }
  const tooLong = await lookup(`?trackingNumber=${'Q'.repeat(41)}`, BROWSER_ACCEPT)
  t.equal(tooLong.statusCode, 400)
  t.match(tooLong.body, /No se encontró la queja/, 'a browser gets the lookup form back')
})

t.test('lookups are limited per address: numbers are not guessed in bulk', async (t) => {
  const statuses: number[] = []
  for (let attempt = 1; attempt <= 31; attempt += 1) statuses.push((await lookup('?trackingNumber=QJ-0000-0000', undefined, '10.31.0.1')).statusCode)
  t.same(statuses.slice(0, 30), Array(30).fill(404))
  t.equal(statuses[30], 429)
})

t.test('the receipt and the form lead to the lookup', async (t) => {
  const receipt = await app.inject({
    method: 'POST',
    url: '/complaints',
    payload: 'category=delay&description=Llevo+dos+meses+esperando+la+credencial.',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER_ACCEPT },
    remoteAddress: nextAddress(),
  })
  t.equal(receipt.statusCode, 201)
  t.match(receipt.body, /<a href="\/complaints\/status\?trackingNumber=QJ-[0-9A-Z]{4}-[0-9A-Z]{4}">Consultar el estado de esta queja<\/a>/)
  const form = await app.inject({ method: 'GET', url: '/complaints/new', headers: { accept: BROWSER_ACCEPT } })
  t.match(form.body, /<a href="\/complaints\/status">Consulte su estado<\/a>/)
})
