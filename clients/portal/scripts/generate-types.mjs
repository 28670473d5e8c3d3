// Writes src/schema.d.ts from ../../api/openapi.json; with --check, fails when the committed file differs.
// The Node API rather than the CLI: `format: binary` becomes `Blob` (the CLI says `string`), so a portal
// passes a file to an upload without a cast.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'
import ts from 'typescript'

const documentUrl = new URL('../../../api/openapi.json', import.meta.url)
const schemaPath = fileURLToPath(new URL('../src/schema.d.ts', import.meta.url))

const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier('Blob'))
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull())

const ast = await openapiTS(documentUrl, {
  transform(schemaObject) {
    if (schemaObject.format !== 'binary') return undefined
    const nullable = schemaObject.nullable === true || (Array.isArray(schemaObject.type) && schemaObject.type.includes('null'))
    return nullable ? ts.factory.createUnionTypeNode([BLOB, NULL]) : BLOB
  },
})
const fresh = `${COMMENT_HEADER}${astToString(ast)}`

if (process.argv.includes('--check')) {
  if (readFileSync(schemaPath, 'utf8') !== fresh) {
    console.error('clients/portal/src/schema.d.ts is stale: run `pnpm openapi` (or `pnpm --filter @credenciales/portal-client api:types`) and commit the result.')
    process.exitCode = 1
  } else {
    console.log('clients/portal/src/schema.d.ts matches api/openapi.json')
  }
} else {
  writeFileSync(schemaPath, fresh)
}
