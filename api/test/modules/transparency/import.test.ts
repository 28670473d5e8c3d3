import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { asc, count, sql } from '../../../src/db/drizzle.js'
import { transparencyHistoricalMonths } from '../../../src/db/schema/index.js'
import {
  HISTORICAL_SOURCE,
  HistoricalFileError,
  importHistoricalFile,
  parseHistoricalCsv,
  SHIPPED_HISTORICAL_FILE,
} from '../../../src/modules/transparency/historical-import.js'
import { createTestDatabase } from '../../support/database.js'

const database = await createTestDatabase()
t.teardown(() => database.drop())
const { db } = database.connection
const folder = await mkdtemp(path.join(os.tmpdir(), 'transparencia-'))
t.teardown(() => rm(folder, { recursive: true, force: true }))

const HEADER = 'anio,mes,volumen_quejas,volumen_atenciones'

async function fileWith(name: string, content: string): Promise<string> {
  const file = path.join(folder, name)
  await writeFile(file, content)
  return file
}

async function storedRows() {
  return db
    .select()
    .from(transparencyHistoricalMonths)
    .orderBy(asc(transparencyHistoricalMonths.year), asc(transparencyHistoricalMonths.month))
}

t.test('a bad file is refused whole, naming the line, and writes nothing', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['month 13', `${HEADER}\n2018,01,0,0\n2018,13,0,0\n`, /^Línea 3: «13» no es un valor válido para el mes\.$/],
    ['month 0', `${HEADER}\n2018,00,1,2\n`, /^Línea 2: .*el mes/],
    ['negative count', `${HEADER}\n2018,01,0,0\n2018,02,-1,4\n`, /^Línea 3: «-1» .*quejas/],
    ['fractional count', `${HEADER}\n2018,01,0,2.5\n`, /^Línea 2: «2\.5» .*atenciones/],
    ['empty count', `${HEADER}\n2018,01,,3\n`, /^Línea 2: «» .*quejas/],
    ['two-digit year', `${HEADER}\n18,01,0,0\n`, /^Línea 2: «18» .*año/],
    ['duplicate month', `${HEADER}\n2018,01,0,0\n2018,02,0,0\n2018,1,0,5\n`, /^Línea 4: el mes 2018-01 ya aparece en la línea 2\.$/],
    ['missing column', `${HEADER}\n2018,01,0,0\n2018,02,0\n`, /^Línea 3: se esperaban 4 columnas y hay 3\.$/],
    ['wrong header', 'year,month,complaints,attentions\n2018,01,0,0\n', /^Línea 1: la cabecera debe ser/],
    ['no months', `${HEADER}\n`, /no contiene ningún mes/],
    ['empty file', '', /está vacío/],
    ['broken quoting', `${HEADER}\n2018,01,0,"0\n`, /^Línea \d+: el archivo no es un CSV válido/],
  ]
  for (const [name, content, message] of cases) {
    const file = await fileWith(`${name.replaceAll(' ', '-')}.csv`, content)
    await t.rejects(importHistoricalFile(db, file), { name: 'HistoricalFileError', message }, name)
  }
  const [stored] = await db.select({ total: count() }).from(transparencyHistoricalMonths)
  t.equal(stored!.total, 0, 'no row written, not even the good rows before a bad one')
})

t.test('the shipped file: every published month, none of the absent ones', async (t) => {
  const months = parseHistoricalCsv(await readFile(SHIPPED_HISTORICAL_FILE, 'utf8'))
  t.equal(months.length, 39)
  t.same(months[0], { year: 2018, month: 1, complaints: 0, attentions: 0 })
  t.same(months.at(-1), { year: 2022, month: 3, complaints: 0, attentions: 0 })
  const keys = new Set(months.map((month) => `${month.year}-${month.month}`))
  for (const absent of ['2019-2', '2020-7', '2020-12', '2021-5']) t.notOk(keys.has(absent), `${absent} is not published`)
  t.ok(keys.has('2021-6'))
})

t.test('importing twice: the second run inserts nothing, updates nothing, and leaves the same figures', async (t) => {
  const first = await importHistoricalFile(db)
  t.same(first, { inserted: 39, updated: 0, unchanged: 0 })
  const afterFirst = await storedRows()
  t.equal(afterFirst.length, 39)
  t.ok(afterFirst.every((row) => row.source === HISTORICAL_SOURCE))

  const second = await importHistoricalFile(db)
  t.same(second, { inserted: 0, updated: 0, unchanged: 39 })
  const afterSecond = await storedRows()
  t.same(afterSecond, afterFirst, 'same rows, same import times')
  const [totals] = await db
    .select({
      complaints: sql<number>`sum(${transparencyHistoricalMonths.complaints})::int`,
      attentions: sql<number>`sum(${transparencyHistoricalMonths.attentions})::int`,
    })
    .from(transparencyHistoricalMonths)
  t.same(totals, { complaints: 0, attentions: 241 }, 'the published totals, not doubled')
})

t.test('a corrected file fixes the figures it changes and adds the months it adds', async (t) => {
  const shipped = await readFile(SHIPPED_HISTORICAL_FILE, 'utf8')
  const corrected = shipped.replace('2019,01,0,27', '2019,01,2,28') + '2019,02,1,12\n'
  const summary = await importHistoricalFile(db, await fileWith('corregido.csv', corrected))
  t.same(summary, { inserted: 1, updated: 1, unchanged: 38 })
  const rows = await storedRows()
  t.match(rows.find((row) => row.year === 2019 && row.month === 1), { complaints: 2, attentions: 28 })
  t.match(rows.find((row) => row.year === 2019 && row.month === 2), { complaints: 1, attentions: 12 })
  t.equal(rows.length, 40)
})

t.test('the error is a HistoricalFileError for callers to tell apart', async (t) => {
  t.throws(() => parseHistoricalCsv(`${HEADER}\n2018,01,x,0\n`), HistoricalFileError)
})
