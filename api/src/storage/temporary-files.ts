import { createHash, randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { StorageError, type TemporaryFile } from './file-storage.js'

/** errno codes that say the disk cannot take a write, whatever the file: no room, or no writing at all. */
const NO_ROOM = new Set(['ENOSPC', 'EDQUOT'])
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM'])
const TEMPORARY_NAME = /^[0-9a-f-]{36}$/

/** The disk's own refusal as a `StorageError`; any other error as it is. */
export function diskFailure(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code !== undefined && NO_ROOM.has(code)) return new StorageError('full', { cause: error })
  if (code !== undefined && NOT_WRITABLE.has(code)) return new StorageError('unavailable', { cause: error })
  return error
}

/** Best effort, so that the write's own error is the one reported: a temporary file left behind is removed by the sweep. */
export async function removeTemporary(filePath: string): Promise<void> {
  await rm(filePath, { force: true }).catch(() => undefined)
}

/**
 * Uploads land on local disk first, whatever the store: hashed on the way, flushed, and only then
 * committed, so that no store keeps bytes the service has not checked. Shared by every `FileStorage`.
 */
export class TemporaryFolder {
  readonly dir: string

  constructor(dir: string) {
    this.dir = dir
  }

  async init(): Promise<void> {
    await mkdir(this.dir, { recursive: true })
  }

  async receive(source: Readable): Promise<TemporaryFile> {
    const tempPath = path.join(this.dir, randomUUID())
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
      await pipeline(source, hashing, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }))
      await fsync(tempPath)
    } catch (error) {
      await removeTemporary(tempPath)
      throw diskFailure(error)
    }
    return { path: tempPath, sha256: hash.digest('hex'), sizeBytes }
  }

  /** Bytes already in memory, written and flushed as `receive` would. */
  async write(bytes: Buffer): Promise<TemporaryFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const tempPath = path.join(this.dir, randomUUID())
    try {
      const handle = await open(tempPath, 'wx', 0o600)
      try {
        await handle.writeFile(bytes)
        await handle.sync()
      } finally {
        await handle.close()
      }
    } catch (error) {
      await removeTemporary(tempPath)
      throw diskFailure(error)
    }
    return { path: tempPath, sha256, sizeBytes: bytes.length }
  }

  async discard(file: TemporaryFile): Promise<void> {
    await rm(file.path, { force: true }).catch((error: unknown) => {
      throw diskFailure(error)
    })
  }

  async *list(): AsyncIterable<{ key: string; modifiedAt: Date; temporary: true }> {
    for (const name of await readdir(this.dir)) {
      const info = await stat(path.join(this.dir, name)).catch(() => undefined)
      if (info) yield { key: name, modifiedAt: info.mtime, temporary: true }
    }
  }

  async remove(name: string): Promise<void> {
    if (!TEMPORARY_NAME.test(name)) throw new Error('invalid temporary key')
    await rm(path.join(this.dir, name), { force: true })
  }
}

export async function fsync(filePath: string): Promise<void> {
  const handle = await open(filePath, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
