import type { SQL, SQLWrapper } from 'drizzle-orm'
import { and, QueryBuilder, sql } from '../db/drizzle.js'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { searchNormalized } from '../db/schema/columns.js'
import { parseCredentialCode, parseCredentialCodeBody } from '../domain/credential-code.js'
import { parseRequestReference } from '@credenciales/shared'

/**
 * The office's search box, read every way it can mean something: words of a name or an e-mail
 * (accents, ñ and case ignored), a request reference, an identity document number, a credential
 * code with or without its check symbol. The lists match any of them (`or`), each through its own
 * index, so that one box finds a person however the clerk typed them.
 */
export interface SearchTerm {
  /** Each must appear somewhere in the names or the e-mail (in any order: «Nunez Maria» finds «María … Ñúñez»). */
  words: string[]
  /** `SOL-2026-000123`, also typed `sol-2026-123` or `2026-000123`. */
  reference: string | null
  /** As stored: upper case, without the spaces, dots or dashes people type in a cédula. */
  documentNumber: string | null
  /** A full code whose check symbol matches, or the 12 symbols before it. */
  credentialCode: { code: string } | { body: string } | null
  /** An e-mail address or part of one: credentials have none of their own and look at their request's. */
  mentionsEmail: boolean
}

/** More words than a name and an e-mail have are noise, and each costs an index condition. */
const MAX_WORDS = 8
const DOCUMENT_NUMBER = /^(?=.*\d)[A-Z0-9]{5,20}$/

export function parseSearchTerm(input: string): SearchTerm {
  const text = input.trim()
  const documentNumber = text.replace(/[\s.-]/g, '').toUpperCase()
  const code = parseCredentialCode(text)
  const body = code.ok ? null : parseCredentialCodeBody(text)
  return {
    words: text.split(/\s+/).filter(Boolean).slice(0, MAX_WORDS),
    reference: parseRequestReference(text),
    documentNumber: DOCUMENT_NUMBER.test(documentNumber) ? documentNumber : null,
    credentialCode: code.ok ? { code: code.code } : body ? { body } : null,
    mentionsEmail: text.includes('@'),
  }
}

/** Escapes LIKE's wildcards, so that a search for `50%` or `a_b` means those characters. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`)
}

/** `escapeLike` in SQL, for text that only takes its final form inside the statement. */
function escapeLikeInSql(text: SQL): SQL {
  return sql`replace(replace(replace(${text}, '\\', '\\\\'), '%', '\\%'), '_', '\\_')`
}

/** A LIKE pattern for text that starts with `text`. */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`
}

/**
 * Every word somewhere in a `search_text` column. Each word is normalized by the same SQL as the
 * column (`searchNormalized`) and only then escaped — `unaccent` turns a few symbols (％, ＿, ∖) into
 * LIKE's wildcards. All of it folds into a constant when the statement is planned, so the column's
 * trigram index (`gin_trgm_ops`) serves `%…%` patterns.
 */
export function containsEveryWord(column: AnyPgColumn, words: readonly string[]): SQL | undefined {
  return and(...words.map((word) => sql`${column} like '%' || ${escapeLikeInSql(searchNormalized(sql`${word}::text`))} || '%'`))
}

/** Builds the subqueries of `inIdsOf`, outside any database handle. */
export const subquery = new QueryBuilder()

/**
 * `column = any(array(subquery))`: the subquery runs once, before the scan, and its ids become an
 * index condition that PostgreSQL can OR with the others. A plain `in (subquery)` inside an OR is
 * checked row by row instead, which reads the whole table.
 */
export function inIdsOf(column: AnyPgColumn, ids: SQLWrapper): SQL {
  return sql`${column} = any(array(${ids}))`
}
