import { createBackup } from '../src/backup/backup.js'
import { BackupError } from '../src/backup/manifest.js'
import { ConfigError, loadConfig } from '../src/config/config.js'
import { officeDateTimeInSpanish } from '../src/lib/time.js'
import { createFileStorage } from '../src/storage/create-file-storage.js'
import { megabytes, requireBackupFolder, requirePostgres } from './backup-arguments.js'

/**
 * `pnpm backup <folder>`: the PostgreSQL database (pg_dump) and then the stored files it points at,
 * with a manifest of SHA-256s written last (README, «Backup and restore»). The service may keep running.
 */
// A backup holds personal data: nothing in it, pg_dump's output included, readable by other users of the machine.
process.umask(0o077)

try {
  const backupDir = requireBackupFolder('pnpm backup <carpeta>')
  const config = loadConfig(process.env, { signsTokens: false })
  const databaseUrl = requirePostgres(config.databaseUrl)
  const storage = await createFileStorage(config.storage)
  const { manifest, totalFileBytes } = await createBackup({ databaseUrl, storage, backupDir })
  process.stdout.write(
    `Copia de seguridad escrita en ${backupDir}:\n` +
      `  base de datos: ${manifest.database.file} (PostgreSQL ${manifest.database.serverVersion}, ${megabytes(manifest.database.sizeBytes)}), datos del ${officeDateTimeInSpanish.format(new Date(manifest.createdAt))}\n` +
      `  archivos: ${manifest.files.length} (${megabytes(totalFileBytes)}), cada uno comprobado con su SHA-256\n` +
      `  manifiesto: manifest.json\n`,
  )
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError || error instanceof BackupError ? error.message : String(error)}\n`)
  process.exitCode = 1
}
