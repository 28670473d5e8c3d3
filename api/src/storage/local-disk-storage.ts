import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { StorageError, type FileStorage, type StoredFile, type TemporaryFile } from './file-storage.js'

const SHA256_HEX = /^[0-9a-f]{64}$/
/** errno codes that say the disk cannot take a write, whatever the file: no room, or no writing at all. */
const NO_ROOM = new Set(['ENOSPC', 'EDQUOT'])
const NOT_WRITABLE = new Set(['EROFS', 'EACCES', 'EPERM'])

/** The disk's own refusal as a `StorageError`; any other error as it is. */
function storageFailure(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code !== undefined && NO_ROOM.has(code)) return new StorageError('full', { cause: error })
  if (code !== undefined && NOT_WRITABLE.has(code)) return new StorageError('unavailable', { cause: error })
  return error
}

/** Best effort, so that the write's own error is the one reported: a temporary file left behind is removed by the sweep. */
async function removeTemporary(filePath: string): Promise<void> {
  await rm(filePath, { force: true }).catch(() => undefined)
}

/**
 * The SHA-256 a key of this storage names, or undefined when it is no such key. Keys are content
 * addresses (`<first two hex>/<sha256>`), so a copy of a file can be checked against its key alone.
 */
export function sha256OfKey(key: string): string | undefined {
  const [prefix, name, ...rest] = key.split('/')
  if (rest.length > 0 || !name || !SHA256_HEX.test(name) || prefix !== name.slice(0, 2)) return undefined
  return name
}

/**
 * Files under `<root>/objects/<first two hex>/<sha256>`, written to `<root>/tmp`
 * first, flushed to disk, then renamed into place, so a reader never sees half a file.
 */
export class LocalDiskStorage implements FileStorage {
  private readonly objectsDir: string
  private readonly tmpDir: string

  constructor(root: string) {
    this.objectsDir = path.join(root, 'objects')
    this.tmpDir = path.join(root, 'tmp')
  }

  async init(): Promise<void> {
    await mkdir(this.objectsDir, { recursive: true })
    await mkdir(this.tmpDir, { recursive: true })
  }

  async receive(source: Readable): Promise<TemporaryFile> {
    const tempPath = path.join(this.tmpDir, randomUUID())
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
      throw storageFailure(error)
    }
    return { path: tempPath, sha256: hash.digest('hex'), sizeBytes }
  }

  async commit(file: TemporaryFile): Promise<StoredFile> {
    const key = this.keyFor(file.sha256)
    const target = this.pathFor(key)
    try {
      await mkdir(path.dirname(target), { recursive: true })
      await rename(file.path, target)
      await fsync(path.dirname(target))
    } catch (error) {
      throw storageFailure(error)
    }
    return { key, sha256: file.sha256, sizeBytes: file.sizeBytes }
  }

  async putBuffer(bytes: Buffer): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const tempPath = path.join(this.tmpDir, randomUUID())
    try {
      const handle = await open(tempPath, 'wx', 0o600)
      try {
        await handle.writeFile(bytes)
        await handle.sync()
      } finally {
        await handle.close()
      }
      return await this.commit({ path: tempPath, sha256, sizeBytes: bytes.length })
    } catch (error) {
      await removeTemporary(tempPath)
      throw storageFailure(error)
    }
  }

  async discard(file: TemporaryFile): Promise<void> {
    await rm(file.path, { force: true }).catch((error: unknown) => {
      throw storageFailure(error)
    })
  }

  read(key: string): Readable {
    return createReadStream(this.pathFor(key))
  }

  async *list(): AsyncIterable<{ key: string; modifiedAt: Date; temporary: boolean }> {
    for (const name of await readdir(this.tmpDir)) {
      const info = await stat(path.join(this.tmpDir, name)).catch(() => undefined)
      if (info) yield { key: name, modifiedAt: info.mtime, temporary: true }
    }
    for (const prefix of await readdir(this.objectsDir)) {
      for (const name of await readdir(path.join(this.objectsDir, prefix))) {
        const info = await stat(path.join(this.objectsDir, prefix, name)).catch(() => undefined)
        if (info) yield { key: `${prefix}/${name}`, modifiedAt: info.mtime, temporary: false }
      }
    }
  }

  async remove(key: string, options: { temporary?: boolean } = {}): Promise<void> {
    if (options.temporary) {
      if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error('invalid temporary key')
      await rm(path.join(this.tmpDir, key), { force: true })
      return
    }
    await rm(this.pathFor(key), { force: true })
  }

  private keyFor(sha256: string): string {
    return `${sha256.slice(0, 2)}/${sha256}`
  }

  /** Keys come from our own rows, but a key is still checked before it becomes a path. */
  private pathFor(key: string): string {
    const sha256 = sha256OfKey(key)
    if (!sha256) throw new Error('invalid storage key')
    return path.join(this.objectsDir, sha256.slice(0, 2), sha256)
  }
}

async function fsync(filePath: string): Promise<void> {
  const handle = await open(filePath, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
