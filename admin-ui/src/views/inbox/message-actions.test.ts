import { describe, expect, it } from 'vitest'
import type { InboundAttachment } from '@/api/inbox'
import type { StaffRole } from '@/api/types'
import { attachmentFileName, firstUsable, messageActions, usableAttachments } from './message-actions'

const roles = (...held: StaffRole[]) => (...wanted: StaffRole[]) => wanted.some((role) => held.includes(role))

function attachment(overrides: Partial<InboundAttachment>): InboundAttachment {
  return {
    id: crypto.randomUUID(),
    filename: 'foto.jpg',
    declaredType: 'image/jpeg',
    sizeBytes: 1000,
    kind: 'photo',
    check: 'ok',
    checkReason: null,
    downloadable: true,
    ...overrides,
  }
}

describe('messageActions', () => {
  it('lets the front desk register, link or archive a new message; an administrator only links or archives', () => {
    expect(messageActions({ status: 'new', erasedAt: null }, roles('front_desk'))).toEqual(['register', 'link', 'archive'])
    expect(messageActions({ status: 'new', erasedAt: null }, roles('admin'))).toEqual(['link', 'archive'])
  })

  it('offers the attachments of a linked reply to the front desk only', () => {
    expect(messageActions({ status: 'linked', erasedAt: null }, roles('front_desk'))).toEqual(['use_attachments', 'archive'])
    expect(messageActions({ status: 'linked', erasedAt: null }, roles('admin'))).toEqual(['archive'])
  })

  it('offers nothing on a message already attended or unreadable', () => {
    for (const status of ['request_created', 'archived', 'refused'] as const) {
      expect(messageActions({ status, erasedAt: null }, roles('front_desk', 'admin'))).toEqual([])
    }
  })

  it('offers nothing on a message erased with its request', () => {
    expect(messageActions({ status: 'linked', erasedAt: '2026-12-01T10:00:00.000Z' }, roles('front_desk'))).toEqual([])
  })
})

describe('usable attachments', () => {
  it('keeps the checked photos and resolutions only', () => {
    const photo = attachment({})
    const refused = attachment({ check: 'refused', checkReason: 'La imagen está dañada.', downloadable: false })
    const other = attachment({ kind: 'other', check: 'not_checked', filename: 'carta.docx', downloadable: false })
    const resolution = attachment({ kind: 'resolution', filename: 'resolucion.pdf' })
    expect(usableAttachments([photo, refused, other, resolution])).toEqual([photo, resolution])
    expect(firstUsable([refused, photo], 'photo')).toBe(photo)
    expect(firstUsable([photo], 'resolution')).toBeNull()
  })

  it('saves a download under its own name, or a plain one', () => {
    expect(attachmentFileName({ filename: 'mi foto.jpg', kind: 'photo' })).toBe('mi foto.jpg')
    expect(attachmentFileName({ filename: ' ', kind: 'resolution' })).toBe('resolucion.pdf')
  })
})
