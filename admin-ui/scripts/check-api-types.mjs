// Fails when src/api/schema.d.ts is not what openapi-typescript makes of ../api/openapi.json.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const committed = path.join(root, 'src/api/schema.d.ts')
const scratch = mkdtempSync(path.join(tmpdir(), 'api-types-'))
const fresh = path.join(scratch, 'schema.d.ts')

try {
  execFileSync(path.join(root, 'node_modules/.bin/openapi-typescript'), ['../api/openapi.json', '--output', fresh], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error('src/api/schema.d.ts is stale: run `pnpm --filter @credenciales/admin-ui api:types` and commit the result.')
    process.exitCode = 1
  } else {
    console.log('src/api/schema.d.ts matches api/openapi.json')
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
