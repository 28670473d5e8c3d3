import { Type, type Static } from 'typebox'

/** What the card certifies and who certifies it: the same for every credential, never a staff member. */
export const CREDENTIAL_TYPE = 'Credencial de Capacitador Independiente'
export const ISSUER = 'Ministerio del Trabajo del Ecuador — Dirección de Calificación, Reconocimiento y Certificación de Operadores'

export const verifyStatuses = ['valid', 'revoked', 'replaced', 'expired'] as const
export type VerifyStatus = (typeof verifyStatuses)[number]

const FormattedCode = Type.String({ pattern: '^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]$', description: 'XXXX-XXXX-XXXX-X' })

export const VerifyParams = Type.Object(
  { code: Type.String({ description: 'El código de la credencial; se aceptan minúsculas, guiones y espacios' }) },
  { additionalProperties: false },
)
export type VerifyParams = Static<typeof VerifyParams>

/**
 * The whole public answer. `additionalProperties: false` makes the response
 * serializer write these keys and no other, whatever object the handler returns.
 * Nullable members are spelled as a type list: fast-json-stringify writes those
 * directly, where an `anyOf` would validate each branch on every response.
 */
export const VerifyAnswer = Type.Object(
  {
    code: FormattedCode,
    status: Type.Unsafe<VerifyStatus>({
      type: 'string',
      enum: [...verifyStatuses],
      description: 'valid: vigente; expired: caducada (pasó su fecha de caducidad); revoked: revocada; replaced: reemplazada por otra',
    }),
    holderName: Type.String({ description: 'Nombres y apellidos del titular' }),
    credentialType: Type.Literal(CREDENTIAL_TYPE),
    resolutionNumber: Type.String({ description: 'Número de la resolución de calificación' }),
    issuedAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date', description: 'AAAA-MM-DD; null si no caduca' }),
    issuer: Type.Literal(ISSUER),
    statusSince: Type.Optional(Type.String({ format: 'date-time', description: 'Solo para revocadas y reemplazadas: desde cuándo' })),
  },
  { additionalProperties: false, description: 'Resultado público de la verificación de una credencial' },
)
export type VerifyAnswer = Static<typeof VerifyAnswer>

/**
 * An unknown code. Plain JSON rather than problem+json: RFC 9457 defines a
 * problem's `status` as the HTTP status number, and this answer's `status` is
 * the verification result, on a par with `valid` or `revoked`.
 */
export const VerifyNotFound = Type.Object(
  { status: Type.Literal('not_found'), code: FormattedCode },
  { additionalProperties: false, description: 'No existe ninguna credencial con este código' },
)
export type VerifyNotFound = Static<typeof VerifyNotFound>

export const ConfirmDocumentBody = Type.Object(
  {
    documentNumber: Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'Número del documento de identidad que presenta la persona; se ignoran mayúsculas, espacios y guiones',
    }),
  },
  { additionalProperties: false },
)
export type ConfirmDocumentBody = Static<typeof ConfirmDocumentBody>

export const ConfirmDocumentAnswer = Type.Object({ match: Type.Boolean() }, { additionalProperties: false })
