import { BackupError } from '../src/backup/manifest.js'
import { restoreBackup } from '../src/backup/restore.js'
import { ConfigError, loadConfig } from '../src/config/config.js'
import { officeDateTimeInSpanish } from '../src/lib/time.js'
import { createFileStorage } from '../src/storage/create-file-storage.js'
import { megabytes, requireBackupFolder, requirePostgres } from './backup-arguments.js'

/**
 * `pnpm restore <folder>`: checks the backup against its manifest, then restores it into the empty
 * database of DATABASE_URL and the empty DATA_DIR/files (README, «Backup and restore»).
 */
try {
  const backupDir = requireBackupFolder('pnpm restore <carpeta>')
  const config = loadConfig(process.env, { signsTokens: false })
  const databaseUrl = requirePostgres(config.databaseUrl)
  const storage = await createFileStorage(config.storage)
  const { manifest, totalFileBytes, checkedReferences } = await restoreBackup({ databaseUrl, storage, backupDir })
  process.stdout.write(
    `Copia restaurada desde ${backupDir} (datos del ${officeDateTimeInSpanish.format(new Date(manifest.createdAt))}, versión ${manifest.serviceVersion} del servicio):\n` +
      `  base de datos: restaurada en ${new URL(databaseUrl).pathname.slice(1)}\n` +
      `  archivos: ${manifest.files.length} (${megabytes(totalFileBytes)}) copiados en ${config.storage.kind === 's3' ? `el bucket ${config.storage.bucket}` : config.storage.filesDir}, comprobados contra el manifiesto\n` +
      `  comprobación final: los ${checkedReferences} archivos a los que apunta la base de datos están y coinciden con su SHA-256\n`,
  )
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError || error instanceof BackupError ? error.message : String(error)}\n`)
  process.exitCode = 1
}
