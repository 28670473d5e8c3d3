import t from 'tap'
import { BackupError } from '../../src/backup/manifest.js'
import { postgresTarget } from '../../src/backup/postgres-tools.js'

t.test('a DATABASE_URL becomes libpq environment variables, so the password never reaches the command line', async (t) => {
  process.env.PGDATABASE = 'otra_base'
  t.teardown(() => delete process.env.PGDATABASE)
  const { env, database } = postgresTarget('postgres://credenciales:s%40cr%2Fto%3A1@db.interno:6432/credenciales?sslmode=verify-full&application_name=respaldo')
  t.equal(database, 'credenciales', 'the URL wins over a PG variable left in the shell')
  t.match(env, {
    PGHOST: 'db.interno',
    PGPORT: '6432',
    PGUSER: 'credenciales',
    PGPASSWORD: 's@cr/to:1',
    PGDATABASE: 'credenciales',
    PGSSLMODE: 'verify-full',
    PGAPPNAME: 'respaldo',
  })
  t.equal(postgresTarget('postgresql://postgres@[::1]/credenciales').env.PGHOST, '::1')
})

t.test('a parameter libpq does not know, or no database, is refused in Spanish', async (t) => {
  t.throws(() => postgresTarget('postgres://u@h/db?ssl=true'), new BackupError('DATABASE_URL lleva el parámetro «ssl», que pg_dump y pg_restore no conocen: use los parámetros de libpq (por ejemplo sslmode=verify-full).'))
  t.throws(() => postgresTarget('postgres://u@h'), new BackupError('DATABASE_URL no nombra la base de datos.'))
})
