import path from 'node:path'
import type { StorageConfig } from '../config/config.js'
import type { FileStorage } from './file-storage.js'
import { LocalDiskStorage } from './local-disk-storage.js'

/** The configured file store, its local folders created: the one way the service and its commands build one. */
export async function createFileStorage(config: StorageConfig): Promise<FileStorage> {
  if (config.kind === 's3') {
    // The AWS SDK costs about 100 ms and 12 MB at start: loaded only where a bucket is configured.
    const { S3Storage } = await import('./s3-storage.js')
    const storage = new S3Storage(config, path.join(config.filesDir, 'tmp'))
    await storage.init()
    return storage
  }
  const storage = new LocalDiskStorage(config.filesDir)
  await storage.init()
  return storage
}
