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
 * A write the store refused for want of room (`full`) or because it cannot be
 * written at all (`unavailable`: read-only, no permission). Implementations
 * report their own failures this way, so that the answer does not depend on
 * where files live.
 */
export class StorageError extends Error {
  override name = 'StorageError'

  readonly reason: 'full' | 'unavailable'

  constructor(reason: 'full' | 'unavailable', options: { cause: unknown }) {
    super(reason === 'full' ? 'file storage is full' : 'file storage cannot be written', options)
    this.reason = reason
  }
}

/**
 * Where document bytes live. Rows in `documents` point at keys; a key without a
 * row (a crash between write and commit) is removed by the sweep command.
 * Writes throw a `StorageError` when the store is full or cannot be written, and
 * leave no partial file behind.
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
  /** Throws a `StorageError` when the store is out of reach, for a store that `receive` alone does not touch (a remote bucket). */
  check?(): Promise<void>
}
