import { describe, expect, it } from 'vitest'
import { filesModeNote, outboxListQuery, outboxLocationQuery, parseOutboxQuery } from './outbox-query'

describe('the outbox in the URL', () => {
  it('reads the state, dropping what a hand-edited link got wrong', () => {
    expect(parseOutboxQuery({ estado: 'failed', cursor: ['abc_-1'] })).toEqual({ status: 'failed', cursors: ['abc_-1'] })
    expect(parseOutboxQuery({ estado: 'lost', cursor: ['no valid!'] })).toEqual({ status: null, cursors: [] })
  })

  it('writes short links and asks the API for the page shown', () => {
    expect(outboxLocationQuery({ status: null, cursors: [] })).toEqual({})
    expect(outboxLocationQuery({ status: 'pending', cursors: ['a', 'b'] })).toEqual({ estado: 'pending', cursor: ['a', 'b'] })
    expect(outboxListQuery({ status: 'sent', cursors: ['a', 'b'] })).toEqual({ limit: 25, status: 'sent', cursor: 'b' })
    expect(outboxListQuery({ status: null, cursors: [] })).toEqual({ limit: 25 })
  })

  it('says where the test mode keeps the messages', () => {
    expect(filesModeNote('/srv/credenciales/data/mail')).toBe(
      'Modo de prueba: los correos se guardan como archivos .eml en /srv/credenciales/data/mail y no se envían.',
    )
  })
})
