import { createReadStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import type { FileStorage, StoredFile, TemporaryFile } from './file-storage.js'
import { diskFailure, fsync, removeTemporary, TemporaryFolder } from './temporary-files.js'

const SHA256_HEX = /^[0-9a-f]{64}$/

/**
 * The SHA-256 a key of this storage names, or undefined when it is no such key. Keys are content
 * addresses (`<first two hex>/<sha256>`), so a copy of a file can be checked against its key alone.
 */
export function sha256OfKey(key: string): string | undefined {
  const [prefix, name, ...rest] = key.split('/')
  if (rest.length > 0 || !name || !SHA256_HEX.test(name) || prefix !== name.slice(0, 2)) return undefined
  return name
}

/** The key of a content: the same in every store, so that files move between stores unchanged. */
export function keyForSha256(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256}`
}

/**
 * Files under `<root>/objects/<first two hex>/<sha256>`, written to `<root>/tmp`
 * first, flushed to disk, then renamed into place, so a reader never sees half a file.
 */
export class LocalDiskStorage implements FileStorage {
  private readonly objectsDir: string
  private readonly temporary: TemporaryFolder

  constructor(root: string) {
    this.objectsDir = path.join(root, 'objects')
    this.temporary = new TemporaryFolder(path.join(root, 'tmp'))
  }

  async init(): Promise<void> {
    await mkdir(this.objectsDir, { recursive: true })
    await this.temporary.init()
  }

  receive(source: Readable): Promise<TemporaryFile> {
    return this.temporary.receive(source)
  }

  async commit(file: TemporaryFile): Promise<StoredFile> {
    const key = keyForSha256(file.sha256)
    const target = this.pathFor(key)
    try {
      await mkdir(path.dirname(target), { recursive: true })
      await rename(file.path, target)
      await fsync(path.dirname(target))
    } catch (error) {
      throw diskFailure(error)
    }
    return { key, sha256: file.sha256, sizeBytes: file.sizeBytes }
  }

  async putBuffer(bytes: Buffer): Promise<StoredFile> {
    const file = await this.temporary.write(bytes)
    try {
      return await this.commit(file)
    } catch (error) {
      await removeTemporary(file.path)
      throw error
    }
  }

  discard(file: TemporaryFile): Promise<void> {
    return this.temporary.discard(file)
  }

  read(key: string): Readable {
    return createReadStream(this.pathFor(key))
  }

  async *list(): AsyncIterable<{ key: string; modifiedAt: Date; temporary: boolean }> {
    yield* this.temporary.list()
    for (const prefix of await readdir(this.objectsDir)) {
      for (const name of await readdir(path.join(this.objectsDir, prefix))) {
        const info = await stat(path.join(this.objectsDir, prefix, name)).catch(() => undefined)
        if (info) yield { key: `${prefix}/${name}`, modifiedAt: info.mtime, temporary: false }
      }
    }
  }

  async remove(key: string, options: { temporary?: boolean } = {}): Promise<void> {
    if (options.temporary) return this.temporary.remove(key)
    await rm(this.pathFor(key), { force: true })
  }

  /** Keys come from our own rows, but a key is still checked before it becomes a path. */
  private pathFor(key: string): string {
    const sha256 = sha256OfKey(key)
    if (!sha256) throw new Error('invalid storage key')
    return path.join(this.objectsDir, sha256.slice(0, 2), sha256)
  }
}
