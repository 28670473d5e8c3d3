import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { connectDatabase } from '../db/client.js'
import type { FileStorage } from '../storage/file-storage.js'
import { sha256OfKey } from '../storage/local-disk-storage.js'
import { referencedStorageKeys } from '../storage/sweep.js'
import { BackupError, DUMP_FILE, FILES_FOLDER, readManifest, sha256OfFile, type Manifest } from './manifest.js'
import { postgresTarget, runPostgresTool, toolMajorVersion } from './postgres-tools.js'

export interface RestoreSummary {
  manifest: Manifest
  totalFileBytes: number
  /** Files the restored database points at, each read back and checked after the restore. */
  checkedReferences: number
}

/** Every byte of the backup checked against its manifest, so that a damaged backup is refused before anything is written. */
async function verifyBackup(backupDir: string, manifest: Manifest): Promise<void> {
  const dump = await sha256OfFile(path.join(backupDir, DUMP_FILE)).catch(() => undefined)
  if (!dump || dump.sha256 !== manifest.database.sha256 || dump.sizeBytes !== manifest.database.sizeBytes) {
    throw new BackupError(`El volcado ${DUMP_FILE} de la copia no coincide con el manifiesto (falta o fue modificado). No se restauró nada.`)
  }
  for (const file of manifest.files) {
    if (sha256OfKey(file.key) !== file.sha256) {
      throw new BackupError(`El manifiesto lista el archivo ${file.key} con un SHA-256 que no es el de su clave. No se restauró nada.`)
    }
    const copy = await sha256OfFile(path.join(backupDir, FILES_FOLDER, file.key)).catch(() => undefined)
    if (!copy) throw new BackupError(`Falta el archivo ${file.key} en la copia. No se restauró nada.`)
    if (copy.sha256 !== file.sha256 || copy.sizeBytes !== file.sizeBytes) {
      throw new BackupError(`El archivo ${file.key} de la copia no coincide con el manifiesto: fue modificado o está dañado. No se restauró nada.`)
    }
  }
}

/** Restoring merges with nothing: the target database must have no tables, the file store no stored files. */
async function checkTargetsEmpty(databaseUrl: string, database: string, storage: FileStorage): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'credenciales-restore' })
  await client.connect()
  try {
    const { rows } = await client.query<{ relations: number }>(
      `SELECT count(*)::int AS relations FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`,
    )
    if (rows[0]!.relations > 0) {
      throw new BackupError(
        `La base de datos ${database} no está vacía (tiene ${rows[0]!.relations} tablas, vistas o secuencias): restaure en una base de datos nueva (CREATE DATABASE). No se restauró nada.`,
      )
    }
  } finally {
    await client.end()
  }
  for await (const file of storage.list()) {
    if (!file.temporary) {
      throw new BackupError('El almacenamiento de archivos no está vacío: restaure con un DATA_DIR nuevo (o un bucket vacío con STORAGE=s3). No se restauró nada.')
    }
  }
}

async function sha256OfStored(storage: FileStorage, key: string): Promise<string | undefined> {
  const hash = createHash('sha256')
  try {
    for await (const chunk of storage.read(key) as AsyncIterable<Buffer>) hash.update(chunk)
  } catch {
    return undefined
  }
  return hash.digest('hex')
}

/**
 * `pnpm restore <folder>` on PostgreSQL: checks the whole backup against its manifest and that both
 * targets are empty, restores the dump (one transaction: on failure the database stays empty), stores
 * the files, then reads back every file the restored database points at.
 */
export async function restoreBackup(options: {
  databaseUrl: string
  storage: FileStorage
  backupDir: string
}): Promise<RestoreSummary> {
  const { databaseUrl, storage, backupDir } = options
  const manifest = await readManifest(backupDir)
  await verifyBackup(backupDir, manifest)
  const target = postgresTarget(databaseUrl)
  const pgRestoreMajorVersion = await toolMajorVersion('pg_restore')
  if (pgRestoreMajorVersion < manifest.database.pgDumpMajorVersion) {
    throw new BackupError(
      `pg_restore ${pgRestoreMajorVersion} no puede leer un volcado de pg_dump ${manifest.database.pgDumpMajorVersion}: instale postgresql-client-${manifest.database.pgDumpMajorVersion} o más nuevo. No se restauró nada.`,
    )
  }
  await checkTargetsEmpty(databaseUrl, target.database, storage)

  // Objects belong to whoever restores (the service's role), not to the roles of the backed-up server.
  await runPostgresTool(
    'pg_restore',
    ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', '--no-password', `--dbname=${target.database}`, path.join(backupDir, DUMP_FILE)],
    target.env,
  )

  for (const file of manifest.files) {
    const received = await storage.receive(createReadStream(path.join(backupDir, FILES_FOLDER, file.key)))
    if (received.sha256 !== file.sha256) {
      await storage.discard(received)
      throw new BackupError(`El archivo ${file.key} cambió mientras se restauraba; la base de datos ya está restaurada: vacíe la base de datos y el almacenamiento de archivos (DATA_DIR/files o el bucket) y vuelva a restaurar.`)
    }
    await storage.commit(received)
  }

  const connection = await connectDatabase({ databaseUrl, poolSize: 1 })
  let references: string[]
  try {
    references = await referencedStorageKeys(connection.db)
  } finally {
    await connection.close()
  }
  for (const key of references) {
    if ((await sha256OfStored(storage, key)) !== sha256OfKey(key)) {
      throw new BackupError(`Tras restaurar, el archivo ${key}, al que apunta la base de datos, falta o no coincide con su SHA-256.`)
    }
  }
  return { manifest, totalFileBytes: manifest.files.reduce((sum, file) => sum + file.sizeBytes, 0), checkedReferences: references.length }
}
