import escapeHtml from 'escape-html'
import { OFFICE } from '../../domain/office.js'
import { renderPublicPage } from '../../lib/public-page.js'


/**
 * The service's front door, for people: check a code typed from a card, and
 * find the complaint form, the transparency table and the office. A plain GET
 * form, so it works without JavaScript (the public pages run none).
 */
export function renderHomePage(options: { codeError?: string; code?: string } = {}): string {
  const error = options.codeError
  const phones = OFFICE.phones.map((phone) => `<a href="tel:${phone.replace(/\s/g, '')}">${phone}</a>`).join(' y ')
  return renderPublicPage({
    title: 'Credenciales de capacitador independiente',
    indexable: true,
    main: `<h1>Credenciales de capacitador independiente</h1>
<p>El Ministerio del Trabajo entrega una credencial con un código único a cada capacitador independiente que calificó.
Antes de contratar a un capacitador, compruebe aquí que su credencial es auténtica y está vigente.</p>
<h2 id="verificar">Verificar una credencial</h2>
<form method="get" action="/verify" aria-labelledby="verificar" novalidate>
${error ? `<div class="alert" role="alert"><h2>Revise el código</h2><p>${escapeHtml(error)}</p></div>` : ''}
<div class="field">
<label for="code">Código de la credencial</label>
<span class="hint" id="code-hint">Como aparece en la tarjeta: XXXX-XXXX-XXXX-X. También puede escanear el código QR de la tarjeta con la cámara de su teléfono.</span>
<input id="code" name="code" class="code" maxlength="40" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="code-hint${error ? ' code-error' : ''}"${error ? ' aria-invalid="true"' : ''} value="${escapeHtml(options.code ?? '')}">
${error ? `<span class="error" id="code-error">${escapeHtml(error)}</span>` : ''}
</div>
<button type="submit">Verificar</button>
</form>
<h2>Quejas y transparencia</h2>
<ul>
<li><a href="/complaints/new">Presentar una queja</a> sobre el trámite o sobre el uso indebido de una credencial.</li>
<li><a href="/complaints/status">Consultar el estado de una queja</a> con su número de seguimiento.</li>
<li><a href="/transparency">Transparencia: quejas y atenciones del trámite, por mes</a>.</li>
</ul>
<h2>Oficina de atención</h2>
<p>Dirección de Calificación, Reconocimiento y Certificación de Operadores<br>
${OFFICE.address}<br>
${OFFICE.hours} (hora de Ecuador)<br>
Correo: <a href="mailto:${OFFICE.email}">${OFFICE.email}</a><br>
Teléfonos: ${phones}</p>
<p class="note">El trámite es gratuito. Base legal: Código Orgánico de la Economía Social de los Conocimientos, Creatividad e Innovación, artículo 35.</p>`,
  })
}
