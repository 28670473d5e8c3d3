import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'

interface Teardownable {
  teardown(fn: () => unknown): void
}

export interface S3Server {
  /** The environment that points the service at this server's bucket (STORAGE=s3 and the S3_* variables). */
  env: Record<string, string>
  /** Stops the server, as an object store going down; the test's teardown does nothing more then. */
  stop(): Promise<void>
}

/** An S3-compatible server (s3rver) on a free loopback port over a temporary folder, with an empty bucket; stopped when the test ends. */
export async function startS3Server(t: Teardownable): Promise<S3Server> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'credenciales-s3-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory })
  const { port } = await server.run()
  let running = true
  const stop = async () => {
    if (!running) return
    running = false
    await server.close()
  }
  t.teardown(async () => {
    await stop()
    await rm(directory, { recursive: true, force: true })
  })
  const env = {
    STORAGE: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_BUCKET: 'credenciales-prueba',
    // s3rver's fixed credentials.
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  }
  const client = new S3Client({
    endpoint: env.S3_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY },
  })
  await client.send(new CreateBucketCommand({ Bucket: env.S3_BUCKET }))
  client.destroy()
  return { env, stop }
}
