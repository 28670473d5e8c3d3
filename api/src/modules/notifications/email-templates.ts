/**
 * The e-mails to trainers and complainants, in Spanish (es-EC): a plain-text body and the same text as
 * simple HTML, with no images, tracking pixels or external resources (a mail client loads nothing).
 */
import escapeHtml from 'escape-html'
import { formatCredentialCode } from '../../domain/credential-code.js'
import { OFFICE } from '../../domain/office.js'
import type { ComplaintRow, CredentialRow, InboundMessageRow, RequestRow, RevocationReason } from '../../db/schema/index.js'
import type { EventType } from './events.js'

export const MINISTRY = 'Ministerio del Trabajo'
const SERVICE = 'Credenciales de capacitador independiente'

export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

/** A paragraph, a list, or a labelled block: enough for these letters, rendered once as text and once as HTML. */
type Block = { paragraph: string } | { list: string[] } | { heading: string }

function render(subject: string, greeting: string, blocks: Block[], footer: string): RenderedEmail {
  const textBlocks = blocks.map((block) => {
    if ('paragraph' in block) return block.paragraph
    if ('heading' in block) return block.heading
    return block.list.map((item) => `- ${item}`).join('\n')
  })
  const text = [`${MINISTRY} — ${SERVICE}`, '', greeting, '', textBlocks.join('\n\n'), '', '--', footer, ''].join('\n')
  const htmlBlocks = blocks
    .map((block) => {
      if ('paragraph' in block) return `<p>${escapeHtml(block.paragraph)}</p>`
      if ('heading' in block) return `<p><strong>${escapeHtml(block.heading)}</strong></p>`
      return `<ul>${block.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
    })
    .join('\n')
  const html = `<!doctype html>
<html lang="es-EC"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; line-height: 1.5; color: #1a1a1a; max-width: 640px">
<p style="font-size: 13px; color: #444">${escapeHtml(MINISTRY)} — ${escapeHtml(SERVICE)}</p>
<p>${escapeHtml(greeting)}</p>
${htmlBlocks}
<hr style="border: 0; border-top: 1px solid #ccc">
<p style="font-size: 13px; color: #444">${escapeHtml(footer)}</p>
</body></html>
`
  return { subject, text, html }
}

const contact = `Consultas: ${OFFICE.email}, teléfonos ${OFFICE.phones.join(' y ')}. ${OFFICE.address}. ${OFFICE.hours}.`

const longDate = new Intl.DateTimeFormat('es-EC', { dateStyle: 'long', timeZone: 'UTC' })
/** A calendar date (`YYYY-MM-DD`) in words: «4 de diciembre de 2027». */
function dateInWords(date: string): string {
  return longDate.format(new Date(`${date}T00:00:00Z`))
}

const issueTargetLabels: Record<string, string> = {
  photo: 'Fotografía',
  resolution: 'Resolución de Calificación',
  'applicant.surnames': 'Apellidos',
  'applicant.givenNames': 'Nombres',
  'applicant.identityDocument.type': 'Tipo de documento',
  'applicant.identityDocument.number': 'Número de documento',
  'applicant.nationality': 'Nacionalidad',
  'applicant.email': 'Correo electrónico',
  'applicant.phone': 'Teléfono',
  'qualification.resolutionNumber': 'Número de resolución',
  'qualification.resolutionDate': 'Fecha de la resolución',
  'qualification.endDate': 'Fecha de fin de la calificación',
  'qualification.trainingAreas': 'Áreas de capacitación',
}

const revocationReasonTexts: Record<RevocationReason, string> = {
  lost: 'pérdida de la tarjeta',
  stolen: 'robo de la tarjeta',
  issuance_error: 'error de emisión',
  qualification_lost: 'pérdida de la calificación',
  holder_request: 'pedido del titular',
  other: 'otro motivo',
}

/** How the applicant sends corrections: by the channel the request came through. */
function howToCorrect(request: RequestRow): string {
  switch (request.channel) {
    case 'online':
      return 'Ingrese al portal en el que presentó la solicitud, corrija lo indicado y vuelva a enviarla.'
    case 'email':
      return `Responda a este correo (o escriba a ${OFFICE.email}) indicando la referencia ${request.reference} y adjunte los documentos corregidos o los datos correctos.`
    case 'in_person':
      return `Acérquese a la oficina con los documentos corregidos, o escriba a ${OFFICE.email} indicando la referencia ${request.reference}.`
  }
}

function greetingFor(givenNames: string | null, surnames: string | null): string {
  const name = [givenNames, surnames].filter(Boolean).join(' ')
  return name ? `Estimado/a ${name}:` : 'Estimado/a capacitador/a:'
}

function requestFooter(request: RequestRow): string {
  return `Este mensaje trata de su solicitud ${request.reference}. ${contact}`
}

const pickupRequirements = [
  'Si retira usted: su documento de identidad original (el mismo registrado en la solicitud).',
  'Si retira otra persona en su nombre: una carta de autorización firmada por usted, una copia de su documento de identidad y el documento de identidad original de quien retira.',
]

export interface EmailContext {
  type: EventType
  request?: RequestRow
  credential?: CredentialRow
  complaint?: ComplaintRow
  inboundMessage?: InboundMessageRow
  firstSubmission?: boolean
}

/** The reference a trainer quotes about a message sent to the office's mailbox: short, from its id. */
export function inboundReference(message: Pick<InboundMessageRow, 'id' | 'receivedAt'>): string {
  return `COR-${message.receivedAt.getUTCFullYear()}-${message.id.slice(0, 8).toUpperCase()}`
}

function acknowledgement(message: InboundMessageRow): RenderedEmail {
  const reference = inboundReference(message)
  const subject = message.subject ? `Recibimos su correo: ${message.subject.slice(0, 120)}` : 'Recibimos su correo'
  return render(`${subject} [${reference}]`, greetingFor(message.fromName, null), [
    { paragraph: `Recibimos su correo en el buzón de la oficina de credenciales de capacitador independiente. Su referencia es ${reference}: indíquela si vuelve a escribirnos sobre este mensaje.` },
    { heading: 'Qué sigue' },
    { paragraph: 'Una persona de la oficina revisará su mensaje y sus adjuntos. Si es una solicitud de credencial, la registrará y le escribiremos con el número de solicitud (SOL-…); si falta algo, le diremos qué enviar.' },
    { paragraph: 'Para solicitar la credencial por correo adjunte la fotografía en formato JPG y la Resolución de Calificación en formato PDF.' },
    { paragraph: `La oficina atiende ${OFFICE.hours.charAt(0).toLowerCase()}${OFFICE.hours.slice(1)} (hora de Ecuador continental) y responde en ese horario; los correos que llegan fuera de él se atienden el siguiente día hábil.` },
    { paragraph: 'Este es un mensaje automático: no hace falta que lo responda.' },
  ], `Este mensaje confirma la recepción de su correo ${reference}. ${contact}`)
}

/** The canned answer to a message that is not a credential request: where such questions go instead. */
function redirection(message: InboundMessageRow): RenderedEmail {
  const reference = inboundReference(message)
  const subject = message.subject ? `Sobre su correo: ${message.subject.slice(0, 120)}` : 'Sobre su correo'
  return render(`${subject} [${reference}]`, greetingFor(message.fromName, null), [
    { paragraph: `Este buzón atiende únicamente las solicitudes de credencial de capacitador independiente del Ministerio del Trabajo (la credencial con código único para capacitadores ya calificados). Su correo ${reference} no corresponde a este trámite, por lo que no lo podemos atender aquí.` },
    { heading: 'Dónde consultar' },
    { paragraph: 'Para la calificación como capacitador independiente y otros trámites del Ministerio del Trabajo, consulte los canales de atención publicados en www.trabajo.gob.ec o acuda a la oficina más cercana.' },
    { paragraph: 'Si su correo sí era una solicitud de credencial, respóndanos adjuntando la fotografía en formato JPG y la Resolución de Calificación en formato PDF, con sus nombres, apellidos y número de cédula o pasaporte.' },
  ], `Este mensaje responde a su correo ${reference}. ${contact}`)
}

/** The e-mail for an event, or null when the event has none (a claim, a release: internal steps). */
export function renderEventEmail(context: EmailContext): RenderedEmail | null {
  const { request, credential, complaint } = context
  if (context.type === 'inbox.received') return context.inboundMessage ? acknowledgement(context.inboundMessage) : null
  if (context.type === 'inbox.redirected') return context.inboundMessage ? redirection(context.inboundMessage) : null
  if (request) {
    const greeting = greetingFor(request.applicantGivenNames, request.applicantSurnames)
    const footer = requestFooter(request)
    const reference = request.reference
    switch (context.type) {
      case 'request.submitted':
        if (!context.firstSubmission) {
          return render(`Recibimos sus correcciones — solicitud ${reference}`, greeting, [
            { paragraph: `Recibimos las correcciones de su solicitud de credencial ${reference}. La oficina volverá a revisarla y le avisaremos por este medio.` },
          ], footer)
        }
        return render(`Recibimos su solicitud ${reference}`, greeting, [
          { paragraph: `Recibimos su solicitud de credencial de capacitador independiente. Su número de referencia es ${reference}: indíquelo en toda consulta.` },
          { paragraph: 'La oficina revisará su fotografía y su Resolución de Calificación. Le escribiremos si hace falta corregir algo y cuando la credencial esté lista para retirar.' },
        ], footer)
      case 'request.changes_requested':
        return render(`Su solicitud ${reference} necesita correcciones`, greeting, [
          { paragraph: `La oficina revisó su solicitud ${reference} y necesita que corrija lo siguiente antes de continuar:` },
          { list: (request.reviewIssues ?? []).map((issue) => `${issueTargetLabels[issue.target] ?? issue.target}: ${issue.message}`) },
          { heading: 'Cómo enviar las correcciones' },
          { paragraph: howToCorrect(request) },
          { paragraph: 'La fotografía debe ser en formato JPEG y la resolución en PDF.' },
        ], footer)
      case 'request.approved':
        return render(`Su solicitud ${reference} fue aprobada`, greeting, [
          { paragraph: `Su solicitud ${reference} fue aprobada. La oficina emitirá ahora su credencial; le escribiremos cuando esté lista para retirar. Todavía no se acerque a la oficina.` },
        ], footer)
      case 'request.rejected':
        return render(`Su solicitud ${reference} fue rechazada`, greeting, [
          { paragraph: `La oficina revisó su solicitud ${reference} y la rechazó por el siguiente motivo:` },
          { paragraph: request.rejectionReason ?? 'No se registró el motivo; consulte a la oficina.' },
          { paragraph: 'Si cree que se trata de un error, puede presentar una nueva solicitud o comunicarse con la oficina.' },
        ], footer)
      case 'request.issued':
        return render(`Su credencial está lista para retirar — solicitud ${reference}`, greeting, [
          { paragraph: `Su credencial de capacitador independiente ya fue emitida${credential ? ` con el código ${formatCredentialCode(credential.code)}` : ''} y está lista para que la retire.` },
          { heading: 'Dónde y cuándo' },
          { paragraph: `${MINISTRY}, ${OFFICE.address}.` },
          { paragraph: `${OFFICE.hours}.` },
          { heading: 'Qué debe llevar' },
          { list: pickupRequirements },
          { paragraph: 'El trámite es gratuito.' },
        ], footer)
      case 'request.delivered':
        return render(`Credencial entregada — solicitud ${reference}`, greeting, [
          { paragraph: `Registramos la entrega de su credencial de capacitador independiente${credential ? ` ${formatCredentialCode(credential.code)}` : ''}.` },
          { paragraph: 'Quien lo contrate puede comprobar su credencial escaneando el código QR de la tarjeta. Si la pierde o se la roban, avise a la oficina para revocarla y pedir una reposición.' },
        ], footer)
      case 'credential.revoked':
        if (!credential) return null
        return render(`Su credencial ${formatCredentialCode(credential.code)} fue revocada`, greeting, [
          { paragraph: `Su credencial de capacitador independiente ${formatCredentialCode(credential.code)} fue revocada por ${credential.revocationReason ? revocationReasonTexts[credential.revocationReason] : 'decisión de la oficina'}. Desde ahora, quien la verifique verá que no es válida.` },
          { paragraph: 'Si necesita una nueva credencial, comuníquese con la oficina o presente una solicitud de reposición.' },
        ], `Este mensaje trata de su credencial ${formatCredentialCode(credential.code)}. ${contact}`)
      case 'credential.expiring':
        if (!credential?.expiresOn) return null
        return render(`Su credencial ${formatCredentialCode(credential.code)} vence el ${dateInWords(credential.expiresOn)}`, greeting, [
          { paragraph: `Su credencial de capacitador independiente ${formatCredentialCode(credential.code)} vence el ${dateInWords(credential.expiresOn)}, cuando termina su calificación.` },
          { paragraph: 'Para seguir trabajando como capacitador independiente, renueve su calificación y luego solicite una nueva credencial.' },
        ], `Este mensaje trata de su credencial ${formatCredentialCode(credential.code)}. ${contact}`)
      default:
        return null
    }
  }
  if (complaint) {
    const greeting = greetingFor(complaint.complainantName, null)
    const footer = `Este mensaje trata de su queja ${complaint.trackingNumber}. ${contact}`
    switch (context.type) {
      case 'complaint.received':
        return render(`Recibimos su queja ${complaint.trackingNumber}`, greeting, [
          { paragraph: `Recibimos su queja. Su número de seguimiento es ${complaint.trackingNumber}.` },
          { paragraph: 'La oficina la atenderá y le escribiremos cuando tenga una respuesta. También puede consultar su estado en la página de quejas con ese número.' },
        ], footer)
      case 'complaint.answered':
        return render(`Respuesta a su queja ${complaint.trackingNumber}`, greeting, [
          { paragraph: `La oficina respondió su queja ${complaint.trackingNumber}:` },
          { paragraph: complaint.answer ?? '' },
        ], footer)
      default:
        return null
    }
  }
  return null
}
