import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

/**
 * The portal client's types are generated from api/openapi.json (`pnpm openapi`) and checked in the
 * test command (`api:types:check`): the check must fail on a changed document and pass once the
 * types are regenerated, and a `format: binary` field must come out as a Blob. (The committed types
 * themselves are checked by `pnpm test`, before the API's tests.)
 */
const packageDir = fileURLToPath(new URL('../../../clients/portal/', import.meta.url))
const generator = path.join(packageDir, 'scripts/generate-types.mjs')
const documentPath = fileURLToPath(new URL('../../openapi.json', import.meta.url))

function generate(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [generator, ...args], { cwd: packageDir }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    )
  })
}

t.test('a changed document makes the check fail until the types are regenerated; binary fields are Blobs', async (t) => {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'portal-client-types-'))
  t.teardown(() => rm(scratch, { recursive: true, force: true }))
  const schema = path.join(scratch, 'schema.d.ts')
  const changedDocument = path.join(scratch, 'openapi.json')
  await writeFile(schema, await readFile(path.join(packageDir, 'src/schema.d.ts')))

  const document = JSON.parse(await readFile(documentPath, 'utf8')) as { paths: Record<string, unknown> }
  document.paths['/api/v1/example-uploads'] = {
    put: {
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
          },
        },
      },
      responses: { 204: { description: 'Guardado' } },
    },
  }
  await writeFile(changedDocument, JSON.stringify(document))

  const stale = await generate(['--check', '--document', changedDocument, '--schema', schema])
  t.equal(stale.code, 1, 'the check fails on the changed document')
  t.match(stale.output, /is stale: run `pnpm openapi`/)

  t.equal((await generate(['--document', changedDocument, '--schema', schema])).code, 0, 'regenerated')
  const regenerated = await generate(['--check', '--document', changedDocument, '--schema', schema])
  t.equal(regenerated.code, 0, regenerated.output)
  const types = await readFile(schema, 'utf8')
  t.match(types, /"\/api\/v1\/example-uploads": \{/)
  t.match(types, /"multipart\/form-data": \{\s*\/\*\* Format: binary \*\/\s*file: Blob;/, 'the binary field is a Blob, not a string')
})
