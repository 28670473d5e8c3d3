import { describe, expect, it } from 'vitest'
import { initialScripts } from './initial-js-size.mjs'

describe('initialScripts', () => {
  it('finds the entry module and the modulepreloads, not lazy chunks or styles', () => {
    const html = `<!doctype html><html><head>
      <script type="module" crossorigin src="/admin/assets/index-a.js"></script>
      <link rel="modulepreload" crossorigin href="/admin/assets/vendor-b.js">
      <link rel="stylesheet" crossorigin href="/admin/assets/index-c.css">
      <link rel="icon" href="data:,">
      </head><body><div id="app"></div></body></html>`
    expect(initialScripts(html)).toEqual(['/admin/assets/index-a.js', '/admin/assets/vendor-b.js'])
  })
})
