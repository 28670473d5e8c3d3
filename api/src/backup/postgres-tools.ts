import { spawn } from 'node:child_process'
import { BackupError } from './manifest.js'

/** libpq's environment variable for each connection parameter a DATABASE_URL may carry in its query string. */
const QUERY_PARAMETERS: Record<string, string> = {
  host: 'PGHOST',
  port: 'PGPORT',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  dbname: 'PGDATABASE',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  sslcrl: 'PGSSLCRL',
  channel_binding: 'PGCHANNELBINDING',
  gssencmode: 'PGGSSENCMODE',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  application_name: 'PGAPPNAME',
  options: 'PGOPTIONS',
  target_session_attrs: 'PGTARGETSESSIONATTRS',
}

export interface PostgresTarget {
  /** The environment pg_dump and pg_restore connect with: the password stays out of their command line, which `ps` shows. */
  env: NodeJS.ProcessEnv
  database: string
}

/** Reads a DATABASE_URL into libpq's environment variables, dropping any PG* variable inherited from the shell. */
export function postgresTarget(databaseUrl: string): PostgresTarget {
  const url = new URL(databaseUrl)
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG')))
  if (url.hostname) env.PGHOST = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (url.port) env.PGPORT = url.port
  if (url.username) env.PGUSER = decodeURIComponent(url.username)
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password)
  if (url.pathname.length > 1) env.PGDATABASE = decodeURIComponent(url.pathname.slice(1))
  for (const [name, value] of url.searchParams) {
    const variable = QUERY_PARAMETERS[name]
    if (!variable) {
      throw new BackupError(
        `DATABASE_URL lleva el parámetro «${name}», que pg_dump y pg_restore no conocen: use los parámetros de libpq (por ejemplo sslmode=verify-full).`,
      )
    }
    env[variable] = value
  }
  if (!env.PGDATABASE) throw new BackupError('DATABASE_URL no nombra la base de datos.')
  return { env, database: env.PGDATABASE }
}

/** Runs pg_dump or pg_restore; rejects with its own error output, in a Spanish sentence, when it fails. */
export function runPostgresTool(program: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              `No se encontró ${program}: instale el cliente de PostgreSQL (paquete postgresql-client de Debian), de la versión del servidor o una más nueva.`,
            )
          : error,
      )
    })
    child.on('close', (code) => {
      if (code === 0) resolve(stdout)
      else reject(new BackupError(`${program} terminó con error (código ${code}): ${stderr.trim()}`))
    })
  })
}

/** The major version of the installed pg_dump or pg_restore («pg_dump (PostgreSQL) 15.20 (Debian …)» → 15). */
export async function toolMajorVersion(program: 'pg_dump' | 'pg_restore'): Promise<number> {
  const output = await runPostgresTool(program, ['--version'], process.env)
  const match = /\(PostgreSQL\) (\d+)/.exec(output)
  if (!match) throw new BackupError(`No se pudo leer la versión de ${program}: «${output.trim()}».`)
  return Number(match[1])
}
