import { readFile } from 'node:fs/promises'
import t from 'tap'
import { openApiDocument } from '../src/openapi.js'
import { buildTestApp } from './support/app.js'

const { app } = await buildTestApp(t)

t.test('the committed openapi.json is the contract the code serves (run `pnpm openapi` after changing a route)', async (t) => {
  const committed = await readFile(new URL('../openapi.json', import.meta.url), 'utf8')
  t.equal(openApiDocument(app), committed)
})

t.test('the document is served at /docs/json and the UI at /docs', async (t) => {
  const json = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(json.statusCode, 200)
  t.equal(json.json().openapi, '3.1.0')
  t.ok(json.json().paths['/api/v1/requests/{id}/decision'])
  const ui = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(ui.statusCode, 200)
  t.match(ui.headers['content-type'], /text\/html/)
})
