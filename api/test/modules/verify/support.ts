/**
 * Helpers of the verification tests: an app whose database connection counts
 * the raw statements it runs (the verification hot path uses no other), a
 * second app on the same PostgreSQL database, and credentials inserted
 * straight into the tables.
 */
import { randomBytes, randomInt } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { eq } from '../../../src/db/drizzle.js'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../src/app.js'
import { loadConfig } from '../../../src/config/config.js'
import { connectDatabase, type Database, type DatabaseConnection } from '../../../src/db/client.js'
import { applicants, credentials, requests, staffUsers, type CredentialRow } from '../../../src/db/schema/index.js'
import { generateCredentialCode } from '../../../src/domain/credential-code.js'
import { officeDate } from '../../../src/lib/time.js'
import { LocalDiskStorage } from '../../../src/storage/local-disk-storage.js'
import { createTestDatabase } from '../../support/database.js'
import { randomCedula } from '../../support/factories.js'

interface Teardownable {
  teardown(fn: () => unknown): void
}

export interface VerifyTestApp {
  app: FastifyInstance
  db: Database
  connection: DatabaseConnection
  /** Set on PostgreSQL: a second instance can connect to it. */
  databaseUrl: string | undefined
  /** Raw statements run through the connection since the app was built, by name. */
  statements: string[]
}

function counting(connection: DatabaseConnection, statements: string[]): DatabaseConnection {
  return {
    ...connection,
    query: (statement) => {
      statements.push(statement.name ?? statement.text)
      return connection.query(statement)
    },
  }
}

/**
 * The whole app on its own fresh database (like `buildTestApp`), or, with
 * `databaseUrl`, a further instance on an existing PostgreSQL database, as a
 * second server behind the load balancer would be.
 */
export async function buildVerifyApp(
  t: Teardownable,
  options: {
    env?: Record<string, string>
    databaseUrl?: string
    logStream?: NodeJS.WritableStream
    /** Run on the database before the app starts, and so before it listens for changes. */
    seed?: (db: Database) => Promise<void>
  } = {},
): Promise<VerifyTestApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-verify-test-'))
  let connection: DatabaseConnection
  let databaseUrl: string | undefined
  let release: () => Promise<void>
  if (options.databaseUrl) {
    connection = await connectDatabase({ databaseUrl: options.databaseUrl, poolSize: 5 })
    databaseUrl = options.databaseUrl
    release = () => connection.close()
  } else {
    const database = await createTestDatabase()
    connection = database.connection
    databaseUrl = database.url
    release = () => database.drop()
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'test-secret-that-is-long-enough-to-sign-tokens',
    PUBLIC_BASE_URL: 'http://credenciales.test',
    ...options.env,
  })
  const storage = new LocalDiskStorage(path.join(dataDir, 'files'))
  await storage.init()
  await options.seed?.(connection.db)
  const statements: string[] = []
  const app = await buildApp({ config, database: counting(connection, statements), storage, jwtSecret: config.jwtSecret!, logStream: options.logStream })
  await app.ready()
  t.teardown(async () => {
    await app.close()
    await release()
    await rm(dataDir, { recursive: true, force: true })
  })
  return { app, db: connection.db, connection, databaseUrl, statements }
}

/**
 * `buildVerifyApp` over a database that already holds one credential, inserted before the app listens for
 * changes: its insert notification, which drops its code from the cache whenever it arrives (late, on a busy
 * machine), never comes. For tests that count the answers sent from the cache.
 */
export async function buildVerifyAppWithCredential(
  t: Teardownable,
  options: { env?: Record<string, string>; logStream?: NodeJS.WritableStream } = {},
): Promise<VerifyTestApp & { credential: CredentialRow }> {
  let credential: CredentialRow | undefined
  const built = await buildVerifyApp(t, {
    ...options,
    seed: async (db) => {
      credential = await insertCredential(db)
    },
  })
  return { ...built, credential: credential! }
}

export interface HolderOverrides {
  givenNames?: string
  surnames?: string
  documentNumber?: string
}

/** `YYYY-MM-DD` in Quito, `days` from today. */
export function officeDay(days: number): string {
  return officeDate(new Date(Date.now() + days * 24 * 60 * 60 * 1000))
}

/**
 * An active credential inserted straight into the tables, with its applicant, its
 * request and the issuing clerk; `overrides` change the credential row.
 */
export async function insertCredential(
  db: Database,
  options: { holder?: HolderOverrides; credential?: Partial<typeof credentials.$inferInsert> } = {},
): Promise<CredentialRow> {
  const givenNames = options.holder?.givenNames ?? 'María José'
  const surnames = options.holder?.surnames ?? 'Peñafiel Ortúzar'
  const documentNumber = options.holder?.documentNumber ?? randomCedula()
  const [clerk] = await db
    .insert(staffUsers)
    .values({ email: `emisor-${randomBytes(5).toString('hex')}@trabajo.gob.ec`, fullName: 'Clara Emisora Ruiz', passwordHash: 'x', roles: ['issuer'] })
    .returning()
  const [applicant] = await db
    .insert(applicants)
    .values({ documentType: 'cedula', documentNumber, documentCountry: 'ECU' })
    .returning()
  const [request] = await db
    .insert(requests)
    .values({
      reference: `SOL-2026-${String(randomInt(0, 1_000_000)).padStart(6, '0')}${randomBytes(2).toString('hex')}`,
      applicantId: applicant!.id,
      applicantGivenNames: givenNames,
      applicantSurnames: surnames,
      applicantNationality: 'ECU',
      applicantEmail: 'titular@example.com',
      applicantPhone: '0991234567',
      channel: 'email',
      reason: 'first_issue',
      status: 'issued',
      createdByUserId: clerk!.id,
      resolutionNumber: 'MDT-DCRCO-2026-0042',
      resolutionDate: '2026-03-15',
      trainingAreas: ['Seguridad y salud ocupacional'],
    })
    .returning()
  const [credential] = await db
    .insert(credentials)
    .values({
      requestId: request!.id,
      applicantId: applicant!.id,
      code: generateCredentialCode(),
      holderGivenNames: givenNames,
      holderSurnames: surnames,
      holderDocumentType: 'cedula',
      holderDocumentNumber: documentNumber,
      holderDocumentCountry: 'ECU',
      resolutionNumber: 'MDT-DCRCO-2026-0042',
      resolutionDate: '2026-03-15',
      trainingAreas: ['Seguridad y salud ocupacional'],
      issuedBy: clerk!.id,
      cardStorageKey: `cards/${randomBytes(8).toString('hex')}.pdf`,
      cardSha256: randomBytes(32).toString('hex'),
      ...options.credential,
    })
    .returning()
  return credential!
}

/** Revokes by SQL, as the staff route's transaction would, with a reason the public must never see. */
export async function revokeBySql(db: Database, id: string, reason = 'Motivo interno: documentación adulterada'): Promise<void> {
  await db
    .update(credentials)
    .set({ status: 'revoked', revokedAt: new Date(), revocationReason: 'other', revocationNote: reason })
    .where(eq(credentials.id, id))
}

/** Polls until `check` holds or `withinMs` passes; returns the milliseconds it took, or null. */
export async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number | null> {
  const started = Date.now()
  for (;;) {
    if (await check()) return Date.now() - started
    if (Date.now() - started > withinMs) return null
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'
