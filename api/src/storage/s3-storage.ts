import { createReadStream } from 'node:fs'
import { PassThrough, Readable } from 'node:stream'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3'
import { StorageError, type FileStorage, type StoredFile, type TemporaryFile } from './file-storage.js'
import { keyForSha256, sha256OfKey } from './local-disk-storage.js'
import { removeTemporary, TemporaryFolder } from './temporary-files.js'

export interface S3Settings {
  /** Absent: the cloud provider's own endpoint for the region. */
  endpoint: string | undefined
  region: string
  bucket: string
  /** Absent: the SDK's default chain (instance role, `~/.aws`). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined
  forcePathStyle: boolean
}

/** An upload waits this long for the object store before answering 503, rather than hanging the request. */
const REQUEST_TIMEOUT_MS = 30_000
const CONNECTION_TIMEOUT_MS = 3_000

/** Whether the store answered «no such object», not a failure to reach it. */
function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404
}

/** Every failure of the object store as a `StorageError`, as the local disk reports its own: MinIO's «disk full» as full, the rest unavailable. */
function objectStoreFailure(error: unknown): StorageError {
  if (error instanceof StorageError) return error
  const full = error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 507 || error.name === 'XMinioStorageFull')
  return new StorageError(full ? 'full' : 'unavailable', { cause: error })
}

/**
 * Files as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph), under the same content-addressed
 * keys as on local disk. Uploads are received into a local temporary folder first, so the bucket only
 * ever holds checked, complete files; the temporary folder is swept as on local disk.
 */
export class S3Storage implements FileStorage {
  private readonly client: S3Client
  private readonly bucket: string
  private readonly temporary: TemporaryFolder

  constructor(settings: S3Settings, temporaryDir: string) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      credentials: settings.credentials,
      forcePathStyle: settings.forcePathStyle,
      // Checksums only where S3 requires them: MinIO, Ceph and s3rver releases differ in which newer
      // checksum headers they accept, and every file is checked against its SHA-256 key anyway.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
      requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    })
    this.bucket = settings.bucket
    this.temporary = new TemporaryFolder(temporaryDir)
  }

  async init(): Promise<void> {
    await this.temporary.init()
  }

  /** The bucket answers and these credentials reach it: for readiness, since uploads only touch the temporary folder until commit. */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }))
    } catch (error) {
      throw objectStoreFailure(error)
    }
  }

  receive(source: Readable): Promise<TemporaryFile> {
    return this.temporary.receive(source)
  }

  async commit(file: TemporaryFile): Promise<StoredFile> {
    const key = keyForSha256(file.sha256)
    try {
      // Content-addressed: an object under this key already holds these bytes.
      if (!(await this.exists(key))) {
        await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: createReadStream(file.path), ContentLength: file.sizeBytes }),
        )
      }
    } catch (error) {
      throw objectStoreFailure(error)
    }
    await removeTemporary(file.path)
    return { key, sha256: file.sha256, sizeBytes: file.sizeBytes }
  }

  async putBuffer(bytes: Buffer): Promise<StoredFile> {
    const file = await this.temporary.write(bytes)
    try {
      return await this.commit(file)
    } finally {
      await removeTemporary(file.path)
    }
  }

  discard(file: TemporaryFile): Promise<void> {
    return this.temporary.discard(file)
  }

  /** A missing object fails the stream with `ENOENT`, as a missing file on local disk does; an unreachable store as unavailable. */
  read(key: string): Readable {
    checkKey(key)
    const output = new PassThrough()
    this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })).then(
      (object) => {
        const body = object.Body as Readable
        body.on('error', (error) => output.destroy(objectStoreFailure(error)))
        body.pipe(output)
      },
      (error: unknown) => {
        if (!isNotFound(error)) return output.destroy(objectStoreFailure(error))
        output.destroy(Object.assign(new Error(`no stored file ${key}`), { code: 'ENOENT', cause: error }))
      },
    )
    return output
  }

  async *list(): AsyncIterable<{ key: string; modifiedAt: Date; temporary: boolean }> {
    yield* this.temporary.list()
    let continuationToken: string | undefined
    do {
      const page = await this.client
        .send(new ListObjectsV2Command({ Bucket: this.bucket, ContinuationToken: continuationToken }))
        .catch((error: unknown) => {
          throw objectStoreFailure(error)
        })
      for (const object of page.Contents ?? []) {
        // Only this service's content addresses: a bucket shared with anything else keeps the rest.
        if (object.Key && object.LastModified && sha256OfKey(object.Key)) {
          yield { key: object.Key, modifiedAt: object.LastModified, temporary: false }
        }
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (continuationToken)
  }

  async remove(key: string, options: { temporary?: boolean } = {}): Promise<void> {
    if (options.temporary) return this.temporary.remove(key)
    checkKey(key)
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch((error: unknown) => {
      throw objectStoreFailure(error)
    })
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }))
      return true
    } catch (error) {
      if (isNotFound(error)) return false
      throw error
    }
  }
}

/** The same keys as on local disk, refused alike when they are not content addresses. */
function checkKey(key: string): void {
  if (!sha256OfKey(key)) throw new Error('invalid storage key')
}
