import path from 'node:path'
import { BackupError } from '../src/backup/manifest.js'

/** The folder named on the command line; pnpm runs the script in api/, so a relative path is meant from where it was typed. */
export function requireBackupFolder(usage: string): string {
  const argument = process.argv[2]
  if (!argument) throw new BackupError(`Indique la carpeta de la copia: ${usage}`)
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), argument)
}

/** Backup and restore work on PostgreSQL, the production database; the embedded one is for trying the system. */
export function requirePostgres(databaseUrl: string | undefined): string {
  if (databaseUrl) return databaseUrl
  throw new BackupError(
    'pnpm backup y pnpm restore trabajan con PostgreSQL (DATABASE_URL). La base de datos embebida sirve para probar el sistema: ' +
      'para guardarla, detenga el servicio y copie la carpeta DATA_DIR completa.',
  )
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toLocaleString('es-EC', { maximumFractionDigits: 1 })} MB`
}
