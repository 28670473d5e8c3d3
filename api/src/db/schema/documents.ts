import { bigint, char, check, index, pgTable, relations, sql, text, timestamp, uniqueIndex, uuid, varchar } from '../drizzle.js'
import { actorType, documentKind } from './enums.js'
import { requests } from './requests.js'

/** Files attached to a request. A re-upload supersedes the current file of its kind; nothing is deleted. */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    kind: documentKind('kind').notNull(),
    /** Where the storage keeps the bytes; derived from the content's SHA-256. Null once erased. */
    storageKey: text('storage_key'),
    /** The stored file's SHA-256: a photo is stored re-encoded, so it is not the hash of the file as received. */
    sha256: char('sha256', { length: 64 }),
    /**
     * The SHA-256 of the file as the uploader sent it, so a portal can match its own upload. Null once erased,
     * and for photos received before it was kept (their original bytes were not stored).
     */
    receivedSha256: char('received_sha256', { length: 64 }),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    mediaType: varchar('media_type', { length: 100 }).notNull(),
    /** The uploader's file name, sanitised; for display only, never used as a path. */
    originalName: varchar('original_name', { length: 120 }),
    uploadedByType: actorType('uploaded_by_type').notNull(),
    uploadedById: uuid('uploaded_by_id').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    /** When the file was erased (retention period over, or the holder asked); the row stays for the record. */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
  },
  (table) => [
    check('documents_file_present_unless_erased', sql`${table.erasedAt} is not null or (${table.storageKey} is not null and ${table.sha256} is not null)`),
    uniqueIndex('documents_one_current_per_kind').on(table.requestId, table.kind).where(sql`superseded_at is null`),
    index('documents_request_idx').on(table.requestId),
    index('documents_storage_key_idx').on(table.storageKey),
  ],
)

export const documentsRelations = relations(documents, ({ one }) => ({
  request: one(requests, { fields: [documents.requestId], references: [requests.id] }),
}))

export type DocumentRow = typeof documents.$inferSelect
