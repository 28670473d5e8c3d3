import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, readFile, rename } from 'node:fs/promises'
import path from 'node:path'
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

/** A refusal or a failure of `pnpm backup` or `pnpm restore`, worded for the operator (Spanish). */
export class BackupError extends Error {
  override name = 'BackupError'
}

export const MANIFEST_FILE = 'manifest.json'
export const DUMP_FILE = 'database.dump'
/** Stored files sit under this folder of the backup at their storage key (`files/ab/ab12…`). */
export const FILES_FOLDER = 'files'

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' })

export const ManifestSchema = Type.Object({
  format: Type.Literal('credenciales-backup/1'),
  createdAt: Type.String({ format: 'date-time' }),
  serviceVersion: Type.String(),
  database: Type.Object({
    kind: Type.Literal('postgres'),
    file: Type.Literal(DUMP_FILE),
    sha256: Sha256,
    sizeBytes: Type.Integer({ minimum: 0 }),
    serverVersion: Type.String(),
    /** pg_restore must be at least this major version to read the dump. */
    pgDumpMajorVersion: Type.Integer(),
  }),
  files: Type.Array(Type.Object({ key: Type.String(), sizeBytes: Type.Integer({ minimum: 0 }), sha256: Sha256 })),
})

export type Manifest = Static<typeof ManifestSchema>

export const serviceVersion: string = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')).version

export async function sha256OfFile(file: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256')
  let sizeBytes = 0
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    sizeBytes += chunk.length
  }
  return { sha256: hash.digest('hex'), sizeBytes }
}

/** Written under a temporary name, flushed, then renamed: a manifest is there whole or not at all. */
export async function writeManifest(backupDir: string, manifest: Manifest): Promise<void> {
  const temporary = path.join(backupDir, `${MANIFEST_FILE}.tmp`)
  const handle = await open(temporary, 'wx', 0o600)
  try {
    await handle.writeFile(`${JSON.stringify(manifest, null, 2)}\n`)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, path.join(backupDir, MANIFEST_FILE))
}

export async function readManifest(backupDir: string): Promise<Manifest> {
  let text: string
  try {
    text = await readFile(path.join(backupDir, MANIFEST_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new BackupError(
      `${backupDir} no tiene ${MANIFEST_FILE}: la copia está incompleta (se interrumpió antes de terminar) o no es una copia de este sistema. No se restauró nada.`,
    )
  }
  let manifest: unknown
  try {
    manifest = JSON.parse(text)
  } catch {
    manifest = undefined
  }
  if (!Value.Check(ManifestSchema, manifest)) {
    throw new BackupError(`${path.join(backupDir, MANIFEST_FILE)} no es un manifiesto de copia válido de este sistema. No se restauró nada.`)
  }
  return manifest
}
