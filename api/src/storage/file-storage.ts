import type { Readable } from 'node:stream'

/** Bytes received but not yet kept: either committed into the store or discarded. */
export interface TemporaryFile {
  path: string
  sha256: string
  sizeBytes: number
}

export interface StoredFile {
  /** Opaque to callers; derived from the content, so equal files share one key. */
  key: string
  sha256: string
  sizeBytes: number
}

/**
 * Where document bytes live. Rows in `documents` point at keys; a key without a
 * row (a crash between write and commit) is removed by the sweep command.
 */
export interface FileStorage {
  receive(source: Readable): Promise<TemporaryFile>
  commit(file: TemporaryFile): Promise<StoredFile>
  putBuffer(bytes: Buffer): Promise<StoredFile>
  discard(file: TemporaryFile): Promise<void>
  read(key: string): Readable
  /** Every stored key with its last modification time, temporary files included (with `temporary: true`). */
  list(): AsyncIterable<{ key: string; modifiedAt: Date; temporary: boolean }>
  remove(key: string, options?: { temporary?: boolean }): Promise<void>
}
