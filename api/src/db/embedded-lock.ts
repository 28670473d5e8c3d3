import { readFile, unlink, writeFile } from 'node:fs/promises'

/**
 * PGlite is a database inside one process: a second process opening the same folder (a maintenance command
 * while the service runs) would corrupt it. Whoever opens it holds a lock file with its process id; a file
 * left by a process that no longer exists (killed, crashed) is taken over.
 */
export class EmbeddedDatabaseInUse extends Error {
  override name = 'EmbeddedDatabaseInUse'
  readonly pid: number

  constructor(pid: number) {
    super(
      `La base de datos embebida está abierta por otro proceso (pid ${pid}), probablemente el servicio: deténgalo antes de ejecutar este comando, o use PostgreSQL (DATABASE_URL) para trabajar con el servicio en marcha.`,
    )
    this.pid = pid
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the lock at `file`; resolves with its release. Throws `EmbeddedDatabaseInUse` while a live process holds it. */
export async function lockEmbeddedDatabase(file: string): Promise<() => Promise<void>> {
  const mine = String(process.pid)
  for (let attempt = 0; ; attempt += 1) {
    try {
      await writeFile(file, mine, { flag: 'wx' })
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error
      const holder = Number(await readFile(file, 'utf8').catch(() => ''))
      // This very process too: two PGlite instances on one folder corrupt it just the same.
      if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) throw new EmbeddedDatabaseInUse(holder)
      await unlink(file).catch(() => undefined)
    }
  }
  return async () => {
    if ((await readFile(file, 'utf8').catch(() => '')) === mine) await unlink(file).catch(() => undefined)
  }
}
