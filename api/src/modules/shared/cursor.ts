import { validationError } from '../../errors/catalogue.js'

/**
 * Keyset pagination over (time, uuid), newest first: the cursor is the last row's
 * key, opaque to clients. A page boundary stays put when rows are added meanwhile.
 */
export interface TimeCursor {
  at: Date
  id: string
}

export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url')
}

export function decodeTimeCursor(cursor: string): TimeCursor {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  const date = new Date(at ?? '')
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(date.getTime())) {
    throw validationError([{ field: 'querystring.cursor', message: 'El cursor de paginación no es válido.' }])
  }
  return { at: date, id }
}
