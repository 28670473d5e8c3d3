import { complaintStatusLabels } from '@credenciales/shared'
import escapeHtml from 'escape-html'
import { complaintCategories, type ComplaintCategory } from '../../db/schema/index.js'
import type { FieldError } from '../../errors/catalogue.js'
import { renderPublicPage } from '../../lib/public-page.js'
import { officeDateTimeInSpanish } from '../../lib/time.js'
import { complaintCategoryLabels, DESCRIPTION_MAX_LENGTH, DESCRIPTION_MIN_LENGTH, type ComplaintReceipt, type PublicComplaintStatus } from './schemas.js'

/** What the form shows in its fields: what the person typed, or the prefilled code. */
export interface ComplaintFormValues {
  category?: string
  description?: string
  name?: string
  email?: string
  phone?: string
  requestReference?: string
  credentialCode?: string
}

const FORM_TITLE = 'Presentar una queja'

function fieldErrorsByName(errors: FieldError[]): Map<string, string> {
  const byName = new Map<string, string>()
  for (const error of errors) {
    const name = error.field.replace(/^body\.?/, '') || 'description'
    if (!byName.has(name)) byName.set(name, error.message)
  }
  return byName
}

function textField(options: {
  name: keyof ComplaintFormValues
  label: string
  hint?: string
  value?: string
  error?: string
  type?: 'text' | 'email' | 'tel'
  autocomplete?: string
  maxLength: number
}): string {
  const id = `queja-${options.name}`
  const described = [options.hint ? `${id}-ayuda` : '', options.error ? `${id}-error` : ''].filter(Boolean).join(' ')
  return `<div class="field">
<label for="${id}">${options.label}</label>
${options.hint ? `<span class="hint" id="${id}-ayuda">${options.hint}</span>` : ''}
<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" maxlength="${options.maxLength}"${options.autocomplete ? ` autocomplete="${options.autocomplete}"` : ''} value="${escapeHtml(options.value ?? '')}"${described ? ` aria-describedby="${described}"` : ''}${options.error ? ' aria-invalid="true"' : ''}>
${options.error ? `<span class="error" id="${id}-error">${escapeHtml(options.error)}</span>` : ''}
</div>`
}

/**
 * The public complaint form: plain HTML posted to `POST /complaints`, so it works
 * without JavaScript; when refused, it comes back with the person's text and
 * each message beside its field.
 */
export function renderComplaintForm(values: ComplaintFormValues = {}, errors: FieldError[] = []): string {
  const messages = fieldErrorsByName(errors)
  const category = complaintCategories.includes(values.category as ComplaintCategory) ? values.category : undefined
  const options = complaintCategories
    .map((value) => `<option value="${value}"${value === category ? ' selected' : ''}>${complaintCategoryLabels[value]}</option>`)
    .join('')
  const categoryError = messages.get('category')
  const descriptionError = messages.get('description')
  const summary =
    errors.length > 0
      ? `<div class="alert" role="alert" tabindex="-1" id="errores"><h2>No se pudo enviar la queja</h2><p>Revise los campos marcados y vuelva a enviarla.</p></div>`
      : ''
  const main = `<h1>${FORM_TITLE}</h1>
${summary}
<p>Use este formulario para informar al Ministerio del Trabajo sobre una mala atención, una demora, una credencial de capacitador independiente falsa o mal usada, o un problema con sus datos personales. El trámite es gratuito.</p>
<p>¿Ya presentó una queja? <a href="/complaints/status">Consulte su estado</a> con el número de seguimiento.</p>
<form method="post" action="/complaints" novalidate>
<div class="field">
<label for="queja-category">Motivo de la queja</label>
<select id="queja-category" name="category" required${categoryError ? ' aria-invalid="true" aria-describedby="queja-category-error"' : ''}>
<option value=""${category ? '' : ' selected'}>Seleccione un motivo</option>${options}
</select>
${categoryError ? `<span class="error" id="queja-category-error">Seleccione el motivo de la queja.</span>` : ''}
</div>
<div class="field">
<label for="queja-description">Qué ocurrió</label>
<span class="hint" id="queja-description-ayuda">Indique fechas, lugares y personas, si los conoce (entre ${DESCRIPTION_MIN_LENGTH} y ${DESCRIPTION_MAX_LENGTH} caracteres).</span>
<textarea id="queja-description" name="description" required maxlength="${DESCRIPTION_MAX_LENGTH}" aria-describedby="queja-description-ayuda${descriptionError ? ' queja-description-error' : ''}"${descriptionError ? ' aria-invalid="true"' : ''}>${escapeHtml(values.description ?? '')}</textarea>
${descriptionError ? `<span class="error" id="queja-description-error">${escapeHtml(descriptionError)}</span>` : ''}
</div>
<fieldset>
<legend>Sobre qué trámite o credencial (opcional)</legend>
${textField({ name: 'credentialCode', label: 'Código de la credencial', hint: 'Como aparece en la tarjeta: XXXX-XXXX-XXXX-X.', value: values.credentialCode, error: messages.get('credentialCode'), maxLength: 40, autocomplete: 'off' })}
${textField({ name: 'requestReference', label: 'Referencia de la solicitud', hint: 'Por ejemplo, SOL-2026-000123.', value: values.requestReference, error: messages.get('requestReference'), maxLength: 40, autocomplete: 'off' })}
</fieldset>
<fieldset>
<legend>Sus datos de contacto (opcional)</legend>
<p class="note">Déjelos si desea recibir una respuesta. Se usan solo para atender esta queja, conforme a la Ley Orgánica de Protección de Datos Personales.</p>
${textField({ name: 'name', label: 'Nombre', value: values.name, error: messages.get('name'), maxLength: 160, autocomplete: 'name' })}
${textField({ name: 'email', label: 'Correo electrónico', type: 'email', value: values.email, error: messages.get('email'), maxLength: 254, autocomplete: 'email' })}
${textField({ name: 'phone', label: 'Teléfono', type: 'tel', value: values.phone, error: messages.get('phone'), maxLength: 30, autocomplete: 'tel' })}
</fieldset>
<button type="submit">Enviar la queja</button>
</form>`
  return renderPublicPage({ title: errors.length > 0 ? `Error: ${FORM_TITLE}` : FORM_TITLE, main })
}

export function renderComplaintReceipt(receipt: ComplaintReceipt): string {
  const at = new Date(receipt.receivedAt)
  const main = `<h1>Queja recibida</h1>
<section class="success" aria-labelledby="seguimiento">
<h2 id="seguimiento">Número de seguimiento</h2>
<p class="tracking code">${escapeHtml(receipt.trackingNumber)}</p>
<p>Recibida el <time datetime="${at.toISOString()}">${escapeHtml(officeDateTimeInSpanish.format(at))}</time> (hora de Ecuador).</p>
</section>
<p>${escapeHtml(receipt.message)}</p>
<p><a href="/complaints/status?trackingNumber=${encodeURIComponent(receipt.trackingNumber)}">Consultar el estado de esta queja</a></p>
<p><a href="/transparency">Ver las cifras mensuales de quejas y atenciones</a></p>`
  return renderPublicPage({ title: 'Queja recibida', main })
}

/** Refusals that are not about a field: too many complaints from one address, or the service failing. */
export function renderComplaintErrorPage(status: number): string {
  const message =
    status === 429
      ? 'Se enviaron demasiadas quejas desde su conexión en la última hora. Espere un momento y vuelva a intentarlo.'
      : 'No se pudo registrar la queja. Vuelva a intentarlo en unos minutos.'
  const main = `<h1>${FORM_TITLE}</h1>
<div class="alert" role="alert"><h2>No se pudo enviar la queja</h2><p>${message}</p></div>
<p><a href="/complaints/new">Volver al formulario</a></p>`
  return renderPublicPage({ title: `Error: ${FORM_TITLE}`, main })
}

const STATUS_TITLE = 'Estado de una queja'

/** The lookup form alone, or with a message when the number found nothing (what was typed is not shown back). */
export function renderComplaintLookup(notFound = false): string {
  const main = `<h1>${STATUS_TITLE}</h1>
${notFound ? '<div class="alert" role="alert"><h2>No se encontró la queja</h2><p>No hay ninguna queja con ese número de seguimiento. Revise que lo haya copiado completo, con la forma QJ-XXXX-XXXX.</p></div>' : ''}
<form method="get" action="/complaints/status">
<div class="field">
<label for="queja-seguimiento">Número de seguimiento</label>
<span class="hint" id="queja-seguimiento-ayuda">El que recibió al presentar la queja, con la forma QJ-XXXX-XXXX.</span>
<input id="queja-seguimiento" name="trackingNumber" type="text" maxlength="40" autocomplete="off" required aria-describedby="queja-seguimiento-ayuda"${notFound ? ' aria-invalid="true"' : ''}>
</div>
<button type="submit">Consultar</button>
</form>
<p><a href="/complaints/new">Presentar una queja</a></p>`
  return renderPublicPage({ title: notFound ? `No encontrada: ${STATUS_TITLE}` : STATUS_TITLE, main })
}

export function renderComplaintStatus(complaint: PublicComplaintStatus): string {
  const received = new Date(complaint.receivedAt)
  const answered = complaint.answeredAt ? new Date(complaint.answeredAt) : null
  const when = (at: Date) => `<time datetime="${at.toISOString()}">${escapeHtml(officeDateTimeInSpanish.format(at))}</time> (hora de Ecuador)`
  const answer =
    complaint.answer && answered
      ? `<section aria-labelledby="respuesta"><h2 id="respuesta">Respuesta del Ministerio del Trabajo</h2>
<p class="note">Registrada el ${when(answered)}.</p>
<p class="answer">${escapeHtml(complaint.answer)}</p></section>`
      : '<p>Todavía no hay una respuesta registrada.</p>'
  const main = `<h1>${STATUS_TITLE}</h1>
<section class="success" aria-labelledby="seguimiento">
<h2 id="seguimiento">Queja <span class="code">${escapeHtml(complaint.trackingNumber)}</span></h2>
<p class="tracking">${complaintStatusLabels[complaint.status]}</p>
<p>${escapeHtml(complaintCategoryLabels[complaint.category])}. Recibida el ${when(received)}.</p>
</section>
${answer}
<p><a href="/complaints/status">Consultar otra queja</a></p>`
  return renderPublicPage({ title: `${complaintStatusLabels[complaint.status]}: ${STATUS_TITLE}`, main })
}
