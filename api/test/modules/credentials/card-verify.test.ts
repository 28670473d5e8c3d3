import t from 'tap'
import { buildTestApp } from '../../support/app.js'
import { signInPortal, signInStaff } from '../../support/actors.js'
import { approvedRequest, issue } from '../../support/requests.js'
import { decodeQrCodes, pdfInfo, renderPageToPng } from '../../support/pdf-tools.js'

const { app } = await buildTestApp(t)
const portal = await signInPortal(app)
const reviewer = await signInStaff(app, ['reviewer'])
const issuer = await signInStaff(app, ['issuer'])

t.test('the QR on the printed card is the verify URL of that credential, and following it answers valid', async (t) => {
  const request = await approvedRequest(app, portal.headers, reviewer.headers)
  const credential = await issue(app, issuer.headers, request.id)
  const card = await app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}/card.pdf`, headers: issuer.headers })
  t.equal(card.statusCode, 200)
  t.equal((await pdfInfo(card.rawPayload)).pages, 2, 'front and back')

  const back = await renderPageToPng(card.rawPayload, 2, 300)
  const [decoded] = await decodeQrCodes(back)
  t.equal(decoded, credential.verifyUrl)

  const url = new URL(decoded!)
  t.equal(url.origin, 'http://credenciales.test', 'absolute, on PUBLIC_BASE_URL')
  const verified = await app.inject({ method: 'GET', url: url.pathname })
  t.equal(verified.statusCode, 200)
  t.equal(verified.json().status, 'valid')
  t.equal(verified.json().code, credential.code)

  await app.inject({ method: 'POST', url: `/api/v1/credentials/${credential.id}/revoke`, headers: issuer.headers, payload: { reason: 'other', note: 'Prueba de revocación.' } })
  const afterRevocation = await app.inject({ method: 'GET', url: url.pathname })
  t.equal(afterRevocation.json().status, 'revoked', 'the same QR now shows the revocation')
})
