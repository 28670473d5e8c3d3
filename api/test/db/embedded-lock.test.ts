import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { connectDatabase, migrateDatabase } from '../../src/db/client.js'
import { EmbeddedDatabaseInUse } from '../../src/db/embedded-lock.js'
import { runScript } from '../support/scripts.js'

t.test('the embedded database is opened by one process at a time; a maintenance command is refused while the service holds it', async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-lock-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const service = await connectDatabase({ dataDir })
  await migrateDatabase(service)
  t.equal(await readFile(path.join(dataDir, 'pgdata.lock'), 'utf8'), String(process.pid))

  await t.rejects(connectDatabase({ dataDir }), EmbeddedDatabaseInUse, 'a second opening in any process is refused')
  const refused = await runScript('sweep-files', [], { DATA_DIR: dataDir })
  t.equal(refused.code, 1)
  t.match(refused.stderr, `La base de datos embebida está abierta por otro proceso (pid ${process.pid})`)
  t.equal(refused.stdout, '')

  await service.close()
  const swept = await runScript('sweep-files', [], { DATA_DIR: dataDir })
  t.equal(swept.code, 0, swept.stderr)
  t.match(swept.stdout, /^Archivos huérfanos eliminados: 0/)

  // A lock left by a process that died (killed, crashed) does not keep the database closed forever.
  await writeFile(path.join(dataDir, 'pgdata.lock'), '2147483646')
  const reopened = await connectDatabase({ dataDir })
  t.equal(await readFile(path.join(dataDir, 'pgdata.lock'), 'utf8'), String(process.pid), 'taken over')
  await reopened.close()
  await t.rejects(readFile(path.join(dataDir, 'pgdata.lock')), { code: 'ENOENT' }, 'released on close')
})
