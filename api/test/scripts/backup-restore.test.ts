import { createHash } from 'node:crypto'
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { asc } from '../../src/db/drizzle.js'
import t from 'tap'
import { MANIFEST_FILE, type Manifest } from '../../src/backup/manifest.js'
import { auditEvents, credentials, documents } from '../../src/db/schema/index.js'
import { LocalDiskStorage } from '../../src/storage/local-disk-storage.js'
import { signInPortal, signInStaff } from '../support/actors.js'
import { buildTestApp } from '../support/app.js'
import { createEmptyTestDatabase, testDatabaseUrl, withAdminClient } from '../support/database.js'
import { pdf } from '../support/files.js'
import { approvedRequest, createDraft, issue, upload } from '../support/requests.js'
import { runScript } from '../support/scripts.js'

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-backup-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
}

t.test('without PostgreSQL both commands refuse and say what to do instead', async (t) => {
  const dataDir = await temporaryDir()
  for (const script of ['backup', 'restore'] as const) {
    const refused = await runScript(script, [path.join(dataDir, 'copia')], { DATA_DIR: dataDir })
    t.equal(refused.code, 1)
    t.match(refused.stderr, /^pnpm backup y pnpm restore trabajan con PostgreSQL \(DATABASE_URL\)\. .*copie la carpeta DATA_DIR completa\.\n$/)
  }
})

// One parent test: its preparation awaits the database, and tap ends a file whose top level holds
// a teardown (the app's) and has no test running, closing the app under that preparation.
const needsPostgres = { skip: testDatabaseUrl ? false : 'needs PostgreSQL (TEST_DATABASE_URL): the PostgreSQL backup and its restore' }
t.test('on PostgreSQL', needsPostgres, async (t) => {
  /** A new database with nothing in it, as an operator makes one to restore into; dropped when the file ends. */
  const emptyDatabase = () => createEmptyTestDatabase(t, 'restore')
  const tableCount = (url: string) =>
    withAdminClient(async (client) => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`)).rows[0]!.n, url)

  // The service's data: an issued credential (documents and card), a draft with a document, and a file no row points at.
  const source = await buildTestApp(t)
  const portal = await signInPortal(source.app)
  const reviewer = await signInStaff(source.app, ['reviewer'])
  const issuer = await signInStaff(source.app, ['issuer'])
  const approved = await approvedRequest(source.app, portal.headers, reviewer.headers)
  const credential = await issue(source.app, issuer.headers, approved.id)
  const draft = await createDraft(source.app, portal.headers)
  t.equal((await upload(source.app, portal.headers, draft.id, 'resolution', await pdf())).statusCode, 201)
  const orphan = await new LocalDiskStorage(source.filesDir).putBuffer(Buffer.from('%PDF-1.7 sin fila que lo apunte'))

  const sourceDocuments = await source.db.select().from(documents)
  const card = await source.app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}/card.pdf`, headers: issuer.headers })
  t.equal(card.statusCode, 200)
  // Read after the card's download, which is itself an audit event: the log as the backup takes it.
  const sourceAudit = await source.db.select().from(auditEvents).orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id))

  const work = await temporaryDir()
  const backupDir = path.join(work, 'copia')
  const sourceEnv = { DATABASE_URL: source.databaseUrl!, DATA_DIR: source.config.dataDir }

  t.test('pnpm backup writes the dump, the referenced files and the manifest; a second run into the same folder is refused', async (t) => {
    const made = await runScript('backup', [backupDir], sourceEnv)
    t.equal(made.code, 0, made.stderr)
    t.match(made.stdout, new RegExp(`^Copia de seguridad escrita en ${backupDir}:\\n  base de datos: database\\.dump \\(PostgreSQL .+\\), datos del .+\\n  archivos: \\d+ \\(`))

    const manifest = JSON.parse(await readFile(path.join(backupDir, MANIFEST_FILE), 'utf8')) as Manifest
    t.match(manifest, { format: 'credenciales-backup/1', serviceVersion: '0.1.0', database: { kind: 'postgres', file: 'database.dump', pgDumpMajorVersion: Number } })
    t.equal(sha256(await readFile(path.join(backupDir, 'database.dump'))), manifest.database.sha256)
    t.equal((await stat(path.join(backupDir, 'database.dump'))).mode & 0o777, 0o600, 'personal data: readable by the operator only')
    const [issued] = await source.db.select({ cardStorageKey: credentials.cardStorageKey }).from(credentials)
    const referenced = new Set([...sourceDocuments.map((document) => document.storageKey!), issued!.cardStorageKey])
    t.same(manifest.files.map((file) => file.key), [...referenced].sort(), 'every document and the card, each file once')
    t.notOk(manifest.files.some((file) => file.key === orphan.key), 'a file no row points at is not needed')
    for (const file of manifest.files) t.equal(sha256(await readFile(path.join(backupDir, 'files', file.key))), file.sha256)

    const again = await runScript('backup', [backupDir], sourceEnv)
    t.equal(again.code, 1)
    t.equal(again.stderr, `La carpeta ${backupDir} ya existe y no está vacía: indique una carpeta nueva para la copia.\n`)
  })

  t.test('pnpm restore into an empty database and data folder: the credential verifies, documents, card and audit log are as they were', async (t) => {
    const targetUrl = await emptyDatabase()
    const targetDataDir = await temporaryDir()
    const restored = await runScript('restore', [backupDir], { DATABASE_URL: targetUrl, DATA_DIR: targetDataDir })
    t.equal(restored.code, 0, restored.stderr)
    t.match(restored.stdout, /^Copia restaurada desde .+\n {2}base de datos: restaurada en credenciales_restore_\w+\n {2}archivos: \d+ \(.+\n {2}comprobación final: los \d+ archivos/)

    const target = await buildTestApp(t, {}, { databaseUrl: targetUrl, filesDir: path.join(targetDataDir, 'files') })
    const audit = await target.db.select().from(auditEvents).orderBy(asc(auditEvents.occurredAt), asc(auditEvents.id))
    t.same(audit, sourceAudit, 'the audit log has every event, unchanged')

    const verified = await target.app.inject({ method: 'GET', url: `/verify/${credential.code}` })
    t.equal(verified.statusCode, 200)
    t.equal(verified.json().status, 'valid')

    for (const document of sourceDocuments) {
      const content = await target.app.inject({
        method: 'GET',
        url: `/api/v1/requests/${document.requestId}/documents/${document.id}/content`,
        headers: portal.headers,
      })
      t.equal(content.statusCode, 200, `${document.kind} downloads`)
      t.equal(sha256(content.rawPayload), document.sha256, `${document.kind} has its original SHA-256`)
    }
    const restoredCard = await target.app.inject({ method: 'GET', url: `/api/v1/credentials/${credential.id}/card.pdf`, headers: issuer.headers })
    t.equal(restoredCard.statusCode, 200)
    t.equal(sha256(restoredCard.rawPayload), sha256(card.rawPayload), 'the same card PDF')

    const intoRestored = await runScript('restore', [backupDir], { DATABASE_URL: targetUrl, DATA_DIR: await temporaryDir() })
    t.equal(intoRestored.code, 1, 'a database with tables is not a target')
    t.match(intoRestored.stderr, /^La base de datos credenciales_restore_\w+ no está vacía \(tiene \d+ tablas, vistas o secuencias\): restaure en una base de datos nueva \(CREATE DATABASE\)\. No se restauró nada\.\n$/)
    const intoUsedFiles = await runScript('restore', [backupDir], { DATABASE_URL: await emptyDatabase(), DATA_DIR: targetDataDir })
    t.equal(intoUsedFiles.code, 1, 'nor a files folder with files')
    t.match(intoUsedFiles.stderr, /^El almacenamiento de archivos no está vacío: restaure con un DATA_DIR nuevo \(o un bucket vacío con STORAGE=s3\)\. No se restauró nada\.\n$/)
  })

  t.test('a damaged or incomplete backup is refused before anything is written', async (t) => {
    const manifest = JSON.parse(await readFile(path.join(backupDir, MANIFEST_FILE), 'utf8')) as Manifest
    const tampered = path.join(work, 'alterada')
    await cp(backupDir, tampered, { recursive: true })
    const victim = manifest.files[0]!.key
    await writeFile(path.join(tampered, 'files', victim), Buffer.from('%PDF-1.7 otro contenido'))
    const targetUrl = await emptyDatabase()
    const targetDataDir = await temporaryDir()
    const refused = await runScript('restore', [tampered], { DATABASE_URL: targetUrl, DATA_DIR: targetDataDir })
    t.equal(refused.code, 1)
    t.equal(refused.stderr, `El archivo ${victim} de la copia no coincide con el manifiesto: fue modificado o está dañado. No se restauró nada.\n`)
    t.equal(await tableCount(targetUrl), 0, 'the database is untouched')
    t.same(await filesUnder(path.join(targetDataDir, 'files')), [], 'no file written')

    const truncatedDump = path.join(work, 'volcado-alterado')
    await cp(backupDir, truncatedDump, { recursive: true })
    const dump = await readFile(path.join(truncatedDump, 'database.dump'))
    await writeFile(path.join(truncatedDump, 'database.dump'), dump.subarray(0, dump.length - 100))
    const badDump = await runScript('restore', [truncatedDump], { DATABASE_URL: targetUrl, DATA_DIR: targetDataDir })
    t.equal(badDump.code, 1)
    t.equal(badDump.stderr, 'El volcado database.dump de la copia no coincide con el manifiesto (falta o fue modificado). No se restauró nada.\n')

    const incomplete = path.join(work, 'incompleta')
    await cp(backupDir, incomplete, { recursive: true })
    await rm(path.join(incomplete, MANIFEST_FILE))
    const noManifest = await runScript('restore', [incomplete], { DATABASE_URL: targetUrl, DATA_DIR: targetDataDir })
    t.equal(noManifest.code, 1)
    t.equal(
      noManifest.stderr,
      `${incomplete} no tiene manifest.json: la copia está incompleta (se interrumpió antes de terminar) o no es una copia de este sistema. No se restauró nada.\n`,
    )
    t.equal(await tableCount(targetUrl), 0)
    t.same(await filesUnder(path.join(targetDataDir, 'files')), [])
  })
})
