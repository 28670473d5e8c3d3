import { describe, expect, it } from 'vitest'
import { emptyInboxText, inboxListQuery, inboxLocationQuery, parseInboxQuery, senderText, subjectText } from './inbox-query'

describe('inbox list state', () => {
  it('shows what is still to attend by default, and keeps the default out of the URL', () => {
    const state = parseInboxQuery({})
    expect(state).toEqual({ tab: 'pending', cursors: [] })
    expect(inboxLocationQuery(state)).toEqual({})
    expect(inboxListQuery(state)).toEqual({ limit: 25, pending: true })
  })

  it('reads the other tabs from their Spanish slugs and asks the API by status', () => {
    expect(inboxListQuery(parseInboxQuery({ ver: 'archivados' }))).toEqual({ limit: 25, status: 'archived' })
    expect(inboxListQuery(parseInboxQuery({ ver: 'no-legibles' }))).toEqual({ limit: 25, status: 'refused' })
    expect(inboxListQuery(parseInboxQuery({ ver: 'todos' }))).toEqual({ limit: 25 })
    expect(inboxLocationQuery({ tab: 'refused', cursors: [] })).toEqual({ ver: 'no-legibles' })
  })

  it('drops what a hand-edited link got wrong, and pages with the last cursor', () => {
    const state = parseInboxQuery({ ver: 'cualquiera', cursor: ['abc', 'no válido', 'def'] })
    expect(state).toEqual({ tab: 'pending', cursors: ['abc', 'def'] })
    expect(inboxListQuery(state).cursor).toBe('def')
    expect(inboxLocationQuery(state)).toEqual({ cursor: ['abc', 'def'] })
  })

  it('says why a tab is empty', () => {
    expect(emptyInboxText('pending')).toBe('No hay correos por atender.')
    expect(emptyInboxText('all')).toMatch(/ningún correo/)
  })

  it('names the sender with whatever the header gave', () => {
    expect(senderText({ fromName: 'Ana', fromAddress: 'ana@example.com' })).toBe('Ana <ana@example.com>')
    expect(senderText({ fromName: null, fromAddress: 'ana@example.com' })).toBe('ana@example.com')
    expect(senderText({ fromName: null, fromAddress: null })).toBe('Remitente desconocido')
  })
})

describe('subjectText', () => {
  it('says when there is no subject, or it was erased', () => {
    expect(subjectText({ subject: 'Hola', erasedAt: null })).toBe('Hola')
    expect(subjectText({ subject: ' ', erasedAt: null })).toBe('(sin asunto)')
    expect(subjectText({ subject: null, erasedAt: '2026-12-01T10:00:00.000Z' })).toBe('(datos eliminados)')
  })
})
