import { describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import PrimeVue from 'primevue/config'
import NewPasswordFields from './NewPasswordFields.vue'

/** The two fields as HTML without Vue's markers, for what has been typed so far. */
async function render(password: string, confirmation: string, extra: { idPrefix?: string; apiError?: string } = {}): Promise<string> {
  const app = createSSRApp({ render: () => h(NewPasswordFields, { password, confirmation, ...extra }) }).use(PrimeVue, { unstyled: true })
  return (await renderToString(app)).replace(/<!--.*?-->| data-v-[0-9a-f]+/g, '')
}

function describedBy(html: string, id: string): string | undefined {
  const tag = html.match(new RegExp(`<input [^>]*id="${id}"[^>]*>`))?.[0]
  if (!tag) throw new Error(`no input ${id} in ${html}`)
  return tag.match(/ aria-describedby="([^"]*)"/)?.[1]
}

describe('NewPasswordFields', () => {
  it('describes an empty password by the rule, and an empty confirmation by nothing', async () => {
    const html = await render('', '')
    expect(describedBy(html, 'new-password')).toBe('new-password-hint')
    expect(html).toContain('Al menos 12 caracteres.')
    expect(describedBy(html, 'confirm-password')).toBeUndefined()
  })

  it('puts the problem in place of the rule for a short password, and ties a differing confirmation to its problem', async () => {
    const html = await render('corta', 'otra', { idPrefix: 'session-' })
    expect(describedBy(html, 'session-new-password')).toBe('session-new-password-error')
    expect(html).toContain('Use al menos 12 caracteres.')
    expect(html).not.toContain('Al menos 12 caracteres.')
    expect(describedBy(html, 'session-confirm-password')).toBe('session-confirm-password-error')
    expect(html).toContain('Las contraseñas no coinciden.')
    expect(html).not.toContain('role="alert"')
  })

  it("shows the API's word on a password that passes the rule here", async () => {
    const html = await render('Una-clave-larga-2026', 'Una-clave-larga-2026', { apiError: 'La contraseña es demasiado común.' })
    expect(describedBy(html, 'new-password')).toBe('new-password-error')
    expect(html).toContain('La contraseña es demasiado común.')
    expect(describedBy(html, 'confirm-password')).toBeUndefined()
  })
})
