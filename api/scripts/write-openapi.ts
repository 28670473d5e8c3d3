import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config/config.js'
import { connectDatabase } from '../src/db/client.js'
import { CONTRACT_SERVER_URL, openApiDocument } from '../src/openapi.js'
import { LocalDiskStorage } from '../src/storage/local-disk-storage.js'

/** `pnpm openapi`: writes the sorted OpenAPI document to api/openapi.json (no database needed). */
export const openApiFile = fileURLToPath(new URL('../openapi.json', import.meta.url))

const config = loadConfig({ LOG_LEVEL: 'silent', JWT_SECRET: 'x'.repeat(32), DATA_DIR: '/nonexistent', PUBLIC_BASE_URL: CONTRACT_SERVER_URL })
const database = await connectDatabase({})
const app = await buildApp({ config, database, storage: new LocalDiskStorage('/nonexistent'), jwtSecret: config.jwtSecret! })
await app.ready()
await writeFile(openApiFile, openApiDocument(app))
await app.close()
await database.close()
process.stdout.write(`OpenAPI escrito en ${openApiFile}\n`)
