import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { nodePostgresDriver } from '../db/drizzle.js'
import pg from 'pg'
import type { Database } from '../db/client.js'
import * as schema from '../db/schema/index.js'
import type { FileStorage } from '../storage/file-storage.js'
import { sha256OfKey } from '../storage/local-disk-storage.js'
import { referencedStorageKeys } from '../storage/sweep.js'
import { BackupError, DUMP_FILE, FILES_FOLDER, serviceVersion, sha256OfFile, writeManifest, type Manifest } from './manifest.js'
import { postgresTarget, runPostgresTool, toolMajorVersion } from './postgres-tools.js'

export interface BackupSummary {
  manifest: Manifest
  totalFileBytes: number
}

/** The backup goes into a new or empty folder only: an older backup is never overwritten or mixed with this one. */
async function prepareEmptyFolder(backupDir: string): Promise<void> {
  const entries = await readdir(backupDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  if (entries.length > 0) throw new BackupError(`La carpeta ${backupDir} ya existe y no está vacía: indique una carpeta nueva para la copia.`)
  await mkdir(backupDir, { recursive: true, mode: 0o700 })
}

/** Copies one stored file into the backup, checking on the way that its bytes still match its content address. */
async function copyStoredFile(storage: FileStorage, key: string, backupDir: string): Promise<Manifest['files'][number]> {
  const expected = sha256OfKey(key)
  if (!expected) throw new BackupError(`La base de datos apunta a un archivo con una clave que no es de este almacenamiento: «${key}».`)
  const target = path.join(backupDir, FILES_FOLDER, key)
  await mkdir(path.dirname(target), { recursive: true })
  const hash = createHash('sha256')
  let sizeBytes = 0
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk)
      sizeBytes += chunk.length
      callback(null, chunk)
    },
  })
  try {
    await pipeline(storage.read(key), hashing, createWriteStream(target, { flags: 'wx', mode: 0o600 }))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new BackupError(
      `Falta el archivo ${key}, al que apunta la base de datos, en el almacenamiento de archivos. Si la retención lo borró mientras se hacía la copia, vuelva a ejecutarla; si no, el archivo se perdió.`,
    )
  }
  const sha256 = hash.digest('hex')
  if (sha256 !== expected) throw new BackupError(`El archivo almacenado ${key} está dañado: su SHA-256 es ${sha256}. La copia no se completó.`)
  return { key, sizeBytes, sha256 }
}

/**
 * `pnpm backup <folder>` on PostgreSQL. The dump is taken first, from a snapshot that this
 * connection also reads the file references from, so the files copied are exactly those the dump
 * points at; a file written after the snapshot is not needed. The manifest is written last: a
 * backup without one is incomplete. On failure the folder is emptied again.
 */
export async function createBackup(options: { databaseUrl: string; storage: FileStorage; backupDir: string }): Promise<BackupSummary> {
  const { databaseUrl, storage, backupDir } = options
  await prepareEmptyFolder(backupDir)
  const target = postgresTarget(databaseUrl)
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'credenciales-backup' })
  await client.connect()
  try {
    const [server] = (
      await client.query<{ version: string; major: number }>(
        `SELECT current_setting('server_version') AS version, current_setting('server_version_num')::int / 10000 AS major`,
      )
    ).rows
    const { version: serverVersion, major: serverMajor } = server!
    const pgDumpMajorVersion = await toolMajorVersion('pg_dump')
    if (pgDumpMajorVersion < serverMajor) {
      throw new BackupError(
        `pg_dump ${pgDumpMajorVersion} no puede respaldar un servidor PostgreSQL ${serverMajor}: instale postgresql-client-${serverMajor} (o una versión más nueva).`,
      )
    }

    // The snapshot is shared with pg_dump while this transaction stays open (PostgreSQL's exported snapshots).
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY')
    const [snapshot] = (await client.query<{ id: string; takenAt: Date }>('SELECT pg_export_snapshot() AS id, now() AS "takenAt"')).rows
    const keys = await referencedStorageKeys(nodePostgresDriver().drizzle(client, { schema }) as unknown as Database)
    const dumpFile = path.join(backupDir, DUMP_FILE)
    await runPostgresTool('pg_dump', ['--format=custom', `--snapshot=${snapshot!.id}`, '--no-password', `--file=${dumpFile}`], target.env)
    await client.query('COMMIT')

    const dump = await sha256OfFile(dumpFile)
    const files: Manifest['files'] = []
    for (const key of keys) files.push(await copyStoredFile(storage, key, backupDir))
    const manifest: Manifest = {
      format: 'credenciales-backup/1',
      // The moment the data is from, not when the copy ended.
      createdAt: snapshot!.takenAt.toISOString(),
      serviceVersion,
      database: { kind: 'postgres', file: DUMP_FILE, ...dump, serverVersion, pgDumpMajorVersion },
      files,
    }
    await writeManifest(backupDir, manifest)
    return { manifest, totalFileBytes: files.reduce((sum, file) => sum + file.sizeBytes, 0) }
  } catch (error) {
    for (const entry of await readdir(backupDir)) await rm(path.join(backupDir, entry), { recursive: true, force: true })
    throw error
  } finally {
    await client.end()
  }
}
