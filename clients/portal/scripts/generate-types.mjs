// Writes src/schema.d.ts from ../../api/openapi.json; with --check, fails when the committed file differs.
// --document and --schema name other files (the tests use them on a changed copy of the document).
// The Node API rather than the CLI: `format: binary` becomes `Blob` (the CLI says `string`), so a portal
// passes a file to an upload without a cast.
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript'
import ts from 'typescript'

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, document: { type: 'string' }, schema: { type: 'string' } } })
const documentUrl = values.document ? pathToFileURL(values.document) : new URL('../../../api/openapi.json', import.meta.url)
const schemaPath = values.schema ?? new URL('../src/schema.d.ts', import.meta.url)
const schemaName = values.schema ?? 'clients/portal/src/schema.d.ts'

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

if (values.check) {
  if (readFileSync(schemaPath, 'utf8') !== fresh) {
    console.error(`${schemaName} is stale: run \`pnpm openapi\` (or \`pnpm --filter @credenciales/portal-client api:types\`) and commit the result.`)
    process.exitCode = 1
  } else {
    console.log(`${schemaName} matches the OpenAPI document`)
  }
} else {
  writeFileSync(schemaPath, fresh)
}
