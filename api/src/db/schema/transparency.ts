import { boolean, check, integer, pgTable, primaryKey, sql, timestamp, varchar } from '../drizzle.js'

/**
 * Months the ministry published before this system existed, imported from
 * `data/transparencia-historica.csv`. They are shown as published and never
 * recomputed; a month absent from the file is unknown, not zero.
 */
export const transparencyHistoricalMonths = pgTable(
  'transparency_historical_months',
  {
    year: integer('year').notNull(),
    month: integer('month').notNull(),
    complaints: integer('complaints').notNull(),
    attentions: integer('attentions').notNull(),
    /** Where the figures were published, for whoever reads the table. */
    source: varchar('source', { length: 200 }).notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.year, table.month], name: 'transparency_historical_months_pkey' }),
    check('transparency_historical_months_month_check', sql`${table.month} between 1 and 12`),
    check('transparency_historical_months_counts_check', sql`${table.complaints} >= 0 and ${table.attentions} >= 0`),
  ],
)

/**
 * One row: when this installation started counting. From that month on, a month
 * without activity is a real zero; between the last published month and this
 * one, the figures are unknown.
 */
export const installation = pgTable(
  'installation',
  {
    id: boolean('id').primaryKey().default(true),
    liveSince: timestamp('live_since', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('installation_single_row', sql`${table.id}`)],
)
