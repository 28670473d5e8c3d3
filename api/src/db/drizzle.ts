/**
 * drizzle-orm's run-time API, loaded from its CommonJS build: every value the code takes from drizzle-orm
 * comes from here (ESLint refuses others); types are still imported from 'drizzle-orm' with `import type`,
 * which costs nothing at run time.
 *
 * Why: Node 24 reads a package's package.json again for each ES module file it loads from the package, and
 * parses its whole `exports` map every time. drizzle-orm's map is 179 KB and its ES build is about 300
 * files, so importing it cost 0.6 s of CPU at every start (the service, each test file, each script). Its
 * CommonJS build, the same code with the same types, loads in 0.1 s. Both builds must not be loaded side by
 * side: `instanceof DrizzleQueryError` only knows the class of the build that threw.
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

export const {
  and,
  asc,
  count,
  desc,
  DrizzleQueryError,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  max,
  min,
  ne,
  notExists,
  notInArray,
  or,
  relations,
  sql,
} = require('drizzle-orm') as typeof import('drizzle-orm')

export const {
  alias,
  bigint,
  bigserial,
  boolean,
  char,
  check,
  date,
  index,
  inet,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  QueryBuilder,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} = require('drizzle-orm/pg-core') as typeof import('drizzle-orm/pg-core')

/** The drivers, loaded when a database of their kind is opened. */
export const nodePostgresDriver = () => require('drizzle-orm/node-postgres') as typeof import('drizzle-orm/node-postgres')
export const pgliteDriver = () => require('drizzle-orm/pglite') as typeof import('drizzle-orm/pglite')
export const nodePostgresMigrator = () =>
  require('drizzle-orm/node-postgres/migrator') as typeof import('drizzle-orm/node-postgres/migrator')
export const pgliteMigrator = () => require('drizzle-orm/pglite/migrator') as typeof import('drizzle-orm/pglite/migrator')
