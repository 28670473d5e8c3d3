import t from 'tap'
import { formatCredentialCode, generateCredentialCode } from '../../../src/domain/credential-code.js'
import { PUBLIC_PAGE_CONTENT_SECURITY_POLICY } from '../../../src/lib/public-page.js'
import { buildTestApp } from '../../support/app.js'

const { app } = await buildTestApp(t)

t.test('GET / is a Spanish page: a field for a code, the complaint form, transparency and the office', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/html/)
  t.equal(response.headers['content-security-policy'], PUBLIC_PAGE_CONTENT_SECURITY_POLICY, 'the public pages’ strict policy')
  const html = response.body
  t.match(html, /<html lang="es">/)
  t.match(html, /<form method="get" action="\/verify"/, 'the code form works without JavaScript')
  t.notOk(/<script/i.test(html), 'no script')
  for (const link of ['/complaints/new', '/complaints/status', '/transparency', 'mailto:calificacion_occ@trabajo.gob.ec', 'tel:022258050', 'tel:022257802']) {
    t.ok(html.includes(`href="${link}"`), `links ${link}`)
  }
  t.match(html, /Av\. Amazonas N38-42 y Villalengua/)
  t.match(html, /De lunes a viernes, de 08:00 a 16:45/)
  t.match(html, /Ministerio del Trabajo/)
})

t.test('the form opens the verification page of the code as typed', async (t) => {
  const code = generateCredentialCode()
  const formatted = formatCredentialCode(code)
  for (const typed of [formatted, code.toLowerCase(), ` ${formatted.replace(/-/g, ' ')} `]) {
    const response = await app.inject({ method: 'GET', url: `/verify?code=${encodeURIComponent(typed)}` })
    t.equal(response.statusCode, 303, typed)
    t.equal(response.headers.location, `/verify/${formatted}`)
  }
})

t.test('a missing, malformed or mistyped code gives the page back with the error, and what was typed escaped', async (t) => {
  const code = generateCredentialCode()
  const mistyped = code.slice(0, 12) + (code.endsWith('0') ? '1' : '0')
  const cases: [string, RegExp][] = [
    ['', /Escriba el código/],
    ['<b>hola</b>', /13 caracteres/],
    [mistyped, /revise que cada carácter/],
  ]
  for (const [typed, message] of cases) {
    const response = await app.inject({ method: 'GET', url: `/verify?code=${encodeURIComponent(typed)}` })
    t.equal(response.statusCode, 400, JSON.stringify(typed))
    t.equal(response.headers['content-security-policy'], PUBLIC_PAGE_CONTENT_SECURITY_POLICY)
    t.match(response.body, message)
    t.match(response.body, /aria-invalid="true"/)
    t.notOk(response.body.includes('<b>hola</b>'), 'nothing typed is reflected as markup')
  }
  const withoutParameter = await app.inject({ method: 'GET', url: '/verify' })
  t.equal(withoutParameter.statusCode, 400)
})
