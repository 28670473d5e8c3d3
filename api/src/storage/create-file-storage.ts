import path from 'node:path'
import type { StorageConfig } from '../config/config.js'
import type { FileStorage } from './file-storage.js'
import { LocalDiskStorage } from './local-disk-storage.js'
import { S3Storage } from './s3-storage.js'

/** The configured file store, its local folders created: the one way the service and its commands build one. */
export async function createFileStorage(config: StorageConfig): Promise<FileStorage> {
  const storage =
    config.kind === 's3'
      ? new S3Storage(config, path.join(config.filesDir, 'tmp'))
      : new LocalDiskStorage(config.filesDir)
  await storage.init()
  return storage
}
