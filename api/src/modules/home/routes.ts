import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { formatCredentialCode, parseCredentialCode } from '../../domain/credential-code.js'
import { PUBLIC_PAGE_CONTENT_SECURITY_POLICY } from '../../lib/public-page.js'
import { renderHomePage } from './page.js'

const tags = ['Público']
const HtmlPage = Type.String({ description: 'Página HTML en español' })

function sendPage(reply: FastifyReply, status: number, html: string, cacheControl: string): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', PUBLIC_PAGE_CONTENT_SECURITY_POLICY)
    .header('cache-control', cacheControl)
    .type('text/html; charset=utf-8')
    .send(html)
}

/** The public landing page, and the form on it that opens a code's verification page. */
const homeRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/',
    {
      schema: {
        operationId: 'getHomePage',
        tags,
        security: [],
        summary: 'Página de inicio pública: verificar un código, quejas, transparencia y la oficina',
        response: { 200: HtmlPage },
      },
    },
    async (_request, reply) => sendPage(reply, 200, renderHomePage(), 'public, max-age=300'),
  )

  fastify.get(
    '/verify',
    {
      schema: {
        // The home page form's action, for browsers: it answers with a redirect or the page, never data.
        hide: true,
        operationId: 'openVerificationPage',
        tags,
        security: [],
        summary: 'Abre la verificación del código escrito en el formulario de la página de inicio',
        description: 'Redirige (303) a /verify/{code} con el código normalizado; sin un código válido, devuelve la página de inicio con el error.',
        querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 303: Type.Null(), 400: HtmlPage },
      },
    },
    async (request, reply) => {
      const typed = (request.query.code ?? '').trim()
      const parsed = parseCredentialCode(typed)
      if (parsed.ok) return reply.redirect(`/verify/${formatCredentialCode(parsed.code)}`, 303)
      const codeError = !typed
        ? 'Escriba el código que aparece en la tarjeta.'
        : parsed.reason === 'check_failed'
          ? 'El código no es correcto: revise que cada carácter esté bien escrito.'
          : 'El código tiene 13 caracteres, con la forma XXXX-XXXX-XXXX-X.'
      // What was typed goes back into the field (escaped), so the person corrects it rather than types it again.
      return sendPage(reply, 400, renderHomePage({ codeError, code: typed.slice(0, 40) }), 'no-store')
    },
  )
}

export default homeRoutes
