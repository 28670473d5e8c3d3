import { describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import BaseField from './BaseField.vue'

type FieldProps = InstanceType<typeof BaseField>['$props']
interface SlotProps {
  id: string
  labelId: string
  invalid: boolean
  describedBy: string | undefined
}

/** The field around a plain input that takes what the slot hands it, as HTML without Vue's markers. */
async function render(props: FieldProps, hintSlot?: string): Promise<string> {
  const app = createSSRApp({
    render: () =>
      h(BaseField, props, {
        default: ({ id, invalid, describedBy }: SlotProps) => h('input', { id, 'aria-invalid': invalid ? 'true' : 'false', 'aria-describedby': describedBy }),
        ...(hintSlot ? { hint: () => hintSlot } : {}),
      }),
  })
  return (await renderToString(app)).replace(/<!--.*?-->| data-v-[0-9a-f]+/g, '')
}

/** The opening tag of the element with this id. */
function tagWithId(html: string, id: string): string {
  const tag = html.match(new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`))
  if (!tag) throw new Error(`no element with id ${id} in ${html}`)
  return tag[0]
}

function attribute(tag: string, name: string): string | undefined {
  return tag.match(new RegExp(` ${name}="([^"]*)"`))?.[1]
}

describe('BaseField', () => {
  it('labels the input by its id, and describes it by nothing while there is nothing to say', async () => {
    const html = await render({ id: 'intake-applicant-surnames', label: 'Apellidos *' })
    const label = tagWithId(html, 'intake-applicant-surnames-label')
    expect(attribute(label, 'for')).toBe('intake-applicant-surnames')
    expect(label).not.toContain('visually-hidden')
    expect(html).toContain('>Apellidos *</label>')
    const input = tagWithId(html, 'intake-applicant-surnames')
    expect(attribute(input, 'aria-describedby')).toBeUndefined()
    expect(attribute(input, 'aria-invalid')).toBe('false')
    expect(html).not.toContain('field-error')
  })

  it('ties the hint, the observation and the problem to the input, in that order, and marks it invalid', async () => {
    const html = await render({
      id: 'intake-applicant-phone',
      label: 'Teléfono *',
      hint: 'Por ejemplo 099 123 4567.',
      issue: 'El número no contesta.',
      error: 'Escriba el teléfono.',
    })
    const input = tagWithId(html, 'intake-applicant-phone')
    expect(attribute(input, 'aria-describedby')).toBe('intake-applicant-phone-hint intake-applicant-phone-issue intake-applicant-phone-error')
    expect(attribute(input, 'aria-invalid')).toBe('true')
    expect(html).toContain('id="intake-applicant-phone-hint" class="hint">Por ejemplo 099 123 4567.</small>')
    expect(html).toContain('id="intake-applicant-phone-error" class="field-error" role="alert">Escriba el teléfono.</small>')
    expect(html).toMatch(/id="intake-applicant-phone-issue" class="field-issue">.*Observación del revisor: El número no contesta\.<\/small>/)
  })

  it('takes a hint from its slot, read out as it changes when asked', async () => {
    const html = await render({ id: 'pickup-documentNumber', label: 'Número', liveHint: true, error: 'Falta.', alert: false }, 'Coincide.')
    expect(attribute(tagWithId(html, 'pickup-documentNumber'), 'aria-describedby')).toBe('pickup-documentNumber-hint pickup-documentNumber-error')
    expect(tagWithId(html, 'pickup-documentNumber-hint')).toContain('aria-live="polite"')
    expect(html).toContain('Coincide.')
    // Where the page announces its problems otherwise, the field's own is not an alert.
    expect(tagWithId(html, 'pickup-documentNumber-error')).not.toContain('role=')
  })

  it('puts a checkbox before its label, and can hide a label from sight only', async () => {
    const inline = await render({ id: 'pickup-documentChecked', label: 'Verifiqué el documento', inline: true })
    expect(inline.indexOf('<input')).toBeLessThan(inline.indexOf('<label'))
    const hidden = await render({ id: 'intake-qualification-trainingAreas-0', label: 'Área de capacitación 1', labelHidden: true })
    expect(tagWithId(hidden, 'intake-qualification-trainingAreas-0-label')).toContain('class="visually-hidden"')
  })
})
