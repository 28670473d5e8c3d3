import { describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import BaseEmail from './BaseEmail.vue'

const render = (props: { address: string; link?: boolean }) => renderToString(createSSRApp({ render: () => h(BaseEmail, props) }))

describe('BaseEmail', () => {
  it('offers a line break only before «@» and the dots', async () => {
    const html = await render({ address: 'maria.jose.nunez@correo.example.ec' })
    expect(html.replace(/<!--.*?-->| data-v-[0-9a-f]+/g, '')).toContain('maria<wbr>.jose<wbr>.nunez<wbr>@correo<wbr>.example<wbr>.ec')
  })

  it('links to the address when asked', async () => {
    expect(await render({ address: 'quien@correo.ec', link: true })).toContain('href="mailto:quien@correo.ec"')
  })
})
