/**
 * The data-subject export as a document a person can read: the same content as
 * the JSON, in Spanish, on A4 pages that flow, with what the ministry keeps and
 * for how long.
 */
import { credentialStatusLabels, requestStatusLabels } from '@credenciales/shared'
import { createPdfDocument, finishPdf } from '../credentials/pdf-document.js'
import { identityDocumentLabel, spanishDate, spanishOfficeDateTime } from '../credentials/print-format.js'
import type { RetentionPolicy } from '../../config/config.js'
import { ERASED_EMAIL_TEXT, type CredentialStatus, type RequestStatus } from '../../db/schema/index.js'
import type { DataSubjectExport } from './schemas.js'

const A4: [number, number] = [595.28, 841.89]
const MARGIN = 56.69 // 2 cm
const WIDTH = A4[0] - 2 * MARGIN
const NAVY = '#0b2d5b'
const MUTED = '#4f5d72'

// Typed with the database's statuses (and «expired», which views derive from the end date), so that a status added
// there without a label here fails the type check.
const statusNames: Record<RequestStatus | CredentialStatus | 'expired', string> = { ...requestStatusLabels, ...credentialStatusLabels }
const channelNames: Record<string, string> = { online: 'En línea (portal)', email: 'Correo electrónico', in_person: 'Presencial' }
const reasonNames: Record<string, string> = {
  first_issue: 'Primera emisión',
  replacement_lost: 'Reposición por pérdida',
  replacement_stolen: 'Reposición por robo',
  replacement_damaged: 'Reposición por deterioro',
  replacement_data_change: 'Reposición por cambio de datos',
}
const documentNames: Record<string, string> = {
  photo: 'Fotografía',
  resolution: 'Resolución de Calificación',
  authorization_letter: 'Carta de autorización de retiro',
}

const emailStatusNames: Record<string, string> = { pending: 'por enviar', sent: 'enviado', failed: 'no se pudo enviar' }

function dateTime(iso: string | null): string {
  return iso ? spanishOfficeDateTime(new Date(iso)) : '—'
}

/** Renders the export; `policy` states the retention periods in force. */
export async function renderPersonalDataExport(data: DataSubjectExport, policy: RetentionPolicy): Promise<Buffer> {
  const doc = createPdfDocument({
    size: A4,
    title: 'Datos personales en poder del Ministerio del Trabajo',
    subject: 'Respuesta a un pedido de acceso a datos personales (LOPDP) — Credenciales de capacitador independiente',
    createdAt: new Date(data.generatedAt),
  })
  doc.addPage({ size: A4, margin: MARGIN })

  const heading = (text: string) => {
    doc.moveDown(0.8).font('bold').fontSize(13).fillColor(NAVY).text(text, { width: WIDTH }).moveDown(0.3)
  }
  const line = (label: string, value: string) => {
    doc.font('medium').fontSize(10).fillColor('#1b1f24').text(`${label}: `, { continued: true, width: WIDTH })
    doc.font('regular').text(value)
  }
  const note = (text: string) => doc.font('regular').fontSize(9).fillColor(MUTED).text(text, { width: WIDTH })

  doc.font('regular').fontSize(9).fillColor(MUTED).text('Ministerio del Trabajo del Ecuador · Credenciales de capacitador independiente')
  doc.moveDown(0.5).font('bold').fontSize(18).fillColor(NAVY).text('Datos personales que guarda el Ministerio', { width: WIDTH })
  doc.moveDown(0.3)
  line('Documento de identidad', identityDocumentLabel(data.identityDocument))
  line('Generado', spanishOfficeDateTime(new Date(data.generatedAt)))
  doc.moveDown(0.3)
  note(
    'Respuesta a un pedido de acceso a datos personales según la Ley Orgánica de Protección de Datos Personales (2021). ' +
      'La misma información se entrega en formato JSON para su portabilidad.',
  )

  if (!data.found) {
    heading('Resultado')
    doc.font('regular').fontSize(10).fillColor('#1b1f24').text('El servicio no guarda datos de una persona con este documento de identidad.', { width: WIDTH })
  }

  for (const request of data.requests) {
    heading(`Solicitud ${request.reference}`)
    line('Estado', statusNames[request.status] ?? request.status)
    line('Motivo', reasonNames[request.reason] ?? request.reason)
    line('Canal', `${channelNames[request.channel] ?? request.channel} — presentada por ${request.filedBy}`)
    line('Creada', dateTime(request.createdAt))
    if (request.submittedAt) line('Enviada', dateTime(request.submittedAt))
    if (request.decidedAt) line('Decidida', dateTime(request.decidedAt))
    if (request.applicant) {
      line('Nombres y apellidos', `${request.applicant.givenNames} ${request.applicant.surnames}`)
      line('Nacionalidad', request.applicant.nationality)
      line('Correo electrónico', request.applicant.email ?? 'Eliminado')
      line('Teléfono', request.applicant.phone ?? 'Eliminado')
    }
    if (request.personalDataErasedAt) line('Datos personales eliminados', dateTime(request.personalDataErasedAt))
    line('Resolución de calificación', `${request.qualification.resolutionNumber}, del ${spanishDate(request.qualification.resolutionDate)}`)
    if (request.qualification.endDate) line('Calificación vigente hasta', spanishDate(request.qualification.endDate))
    line('Áreas de capacitación', request.qualification.trainingAreas.join('; '))
    for (const document of request.documents) {
      const state = document.erasedAt ? `eliminado el ${dateTime(document.erasedAt)}` : document.current ? 'vigente' : 'reemplazado'
      line(documentNames[document.kind] ?? document.kind, `cargado el ${dateTime(document.uploadedAt)} (${state})`)
    }
    for (const issue of request.reviewIssues ?? []) line('Observación', issue.message)
    if (request.rejectionReason) line('Motivo del rechazo', request.rejectionReason)
    for (const email of request.emails) {
      const subject = email.subject === ERASED_EMAIL_TEXT ? 'asunto eliminado con los datos personales' : `«${email.subject}»`
      line('Correo', `${dateTime(email.sentAt ?? email.createdAt)}: ${subject} (${emailStatusNames[email.status] ?? email.status})`)
    }
  }

  for (const credential of data.credentials) {
    heading(`Credencial ${credential.code}`)
    line('Estado', statusNames[credential.status] ?? credential.status)
    line('Titular', `${credential.holder.givenNames} ${credential.holder.surnames}`)
    line('Solicitud', credential.requestReference)
    line('Resolución de calificación', `${credential.resolutionNumber}, del ${spanishDate(credential.resolutionDate)}`)
    line('Áreas de capacitación', credential.trainingAreas.join('; '))
    line('Emitida', dateTime(credential.issuedAt))
    if (credential.expiresOn) line('Vigente hasta', spanishDate(credential.expiresOn))
    if (credential.revokedAt) line('Revocada', `${dateTime(credential.revokedAt)}${credential.revocationReason ? ` — ${credential.revocationReason}` : ''}`)
    if (credential.replacedAt) line('Reemplazada', dateTime(credential.replacedAt))
    if (credential.pickup) {
      const who = credential.pickup.collectedBy === 'holder' ? 'por el titular' : 'por una persona autorizada'
      line('Entregada', `${dateTime(credential.pickup.pickedUpAt)}, ${who}`)
    }
  }

  heading('Cuánto tiempo se guardan estos datos')
  note(
    `Las credenciales emitidas y su registro de entrega se conservan como registro público del Ministerio. ` +
      `Los datos y archivos de las solicitudes que terminaron sin credencial se eliminan ${policy.closedRequestDays} días después de terminar; ` +
      `las cartas de autorización de retiro, ${policy.authorizationLetterDays} días después de la entrega. ` +
      'La persona titular puede pedir la rectificación o la eliminación de sus datos en las oficinas del Ministerio.',
  )
  return finishPdf(doc)
}
