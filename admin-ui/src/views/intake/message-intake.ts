import type { CreateFromMessageBody, InboundMessageView } from '@/api/inbox'
import { emptyIntakeForm, toCreateRequestBody, type IntakeForm } from './intake-form'

/** What the form takes from a received e-mail: the sender and what its text says, as `suggestedApplicant` reads them. */
export type MessageForIntake = Pick<InboundMessageView, 'fromAddress' | 'fromName' | 'suggestedApplicant'>

/**
 * The form of a request received by e-mail, filled with what the message suggests: the channel is e-mail, the
 * e-mail is the sender's unless the text gives another, and the names and identity document come from labelled
 * lines of the text («Cédula: …», «Nombres: …»). Nothing of it is checked: the clerk reviews every field.
 * A passport's nationality is left for the clerk to choose (the text does not say it).
 */
export function intakeFormFromMessage(message: MessageForIntake): IntakeForm {
  const suggested = message.suggestedApplicant
  const passport = suggested.identityDocumentType === 'passport'
  const form = emptyIntakeForm()
  return {
    ...form,
    channel: 'email',
    documentType: passport ? 'passport' : 'cedula',
    documentNumber: suggested.identityDocumentNumber?.trim() ?? '',
    givenNames: suggested.givenNames?.trim() ?? '',
    surnames: suggested.surnames?.trim() ?? '',
    nationality: passport ? '' : form.nationality,
    email: (suggested.email ?? message.fromAddress ?? '').trim(),
  }
}

/**
 * The body of `POST /api/v1/inbox/{id}/request`: the request's data (the channel, e-mail, goes without saying) and
 * the attachments the clerk kept as photo and resolution.
 */
export function toCreateFromMessageBody(
  form: IntakeForm,
  attachments: { photo: string | null; resolution: string | null },
): CreateFromMessageBody {
  const { channel: _channel, ...body } = toCreateRequestBody(form)
  return {
    ...body,
    ...(attachments.photo ? { photoAttachmentId: attachments.photo } : {}),
    ...(attachments.resolution ? { resolutionAttachmentId: attachments.resolution } : {}),
  }
}

/** Why a request is not registered from this message (only a new one is), or null when it can be. */
export function messageIntakeBlocker(message: Pick<InboundMessageView, 'status' | 'reference' | 'linkedRequestReference'>): string | null {
  switch (message.status) {
    case 'new':
      return null
    case 'request_created':
      return `Con el correo ${message.reference} ya se registró la solicitud ${message.linkedRequestReference ?? ''}`.trim() + '.'
    case 'linked':
      return `El correo ${message.reference} está vinculado a la solicitud ${message.linkedRequestReference ?? 'existente'}: use sus adjuntos en ella, desde la página del correo.`
    case 'archived':
      return `El correo ${message.reference} está archivado: no se registra una solicitud con él.`
    case 'refused':
      return `El correo ${message.reference} no se pudo leer: registre la solicitud sin él, con los archivos que envíe el capacitador.`
  }
}
