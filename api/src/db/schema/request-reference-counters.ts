import { integer, pgTable } from '../drizzle.js'

/** The last request reference number handed out in each year; a row lock makes the sequence gapless. */
export const requestReferenceCounters = pgTable('request_reference_counters', {
  year: integer('year').primaryKey(),
  lastNumber: integer('last_number').notNull(),
})
