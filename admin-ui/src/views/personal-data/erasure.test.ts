import { describe, expect, it } from 'vitest'
import type { DataSubjectExport, ExportedRequest } from '@/api/personal-data'
import type { RequestStatus, RequestView } from '@/api/types'
import { erasedRequestEntry, erasurePreview, erasurePreviewLines, erasureSummaryItems } from './erasure'

type Held = Pick<DataSubjectExport, 'requests' | 'credentials'>

function held(requests: [reference: string, status: RequestStatus][], credentialsOf: string[]): Held {
  return {
    requests: requests.map(([reference, status]) => ({ reference, status })),
    credentials: credentialsOf.map((requestReference) => ({ requestReference })),
  } as unknown as Held
}

describe('erasurePreview', () => {
  it('counts what goes and what stays, from the lists on screen', () => {
    const preview = erasurePreview(
      held(
        [
          ['SOL-1', 'delivered'],
          ['SOL-2', 'withdrawn'],
          ['SOL-3', 'draft'],
          ['SOL-4', 'in_review'],
          ['SOL-5', 'rejected'],
        ],
        ['SOL-1'],
      ),
    )
    expect(preview).toEqual({ withdrawn: 2, fullyErased: 4, contactErased: 1, keptCredentials: 1 })
  })

  it('does not withdraw a request whose credential is issued and waiting to be picked up', () => {
    expect(erasurePreview(held([['SOL-1', 'issued']], ['SOL-1']))).toEqual({ withdrawn: 0, fullyErased: 0, contactErased: 1, keptCredentials: 1 })
  })
})

describe('erasurePreviewLines', () => {
  it('states each consequence, singular or plural', () => {
    expect(erasurePreviewLines({ withdrawn: 0, fullyErased: 1, contactErased: 1, keptCredentials: 1 })).toEqual([
      '1 solicitud sin credencial perderá todos sus datos personales y sus archivos (fotografía y resolución).',
      '1 solicitud con credencial conserva los nombres, el documento, la fotografía y la resolución, que respaldan la credencial; pierde el correo electrónico y el teléfono.',
      'La credencial emitida se conserva, con su registro de entrega: la eliminación no la revoca; sigue vigente y verificable.',
    ])
    const plural = erasurePreviewLines({ withdrawn: 2, fullyErased: 3, contactErased: 2, keptCredentials: 2 })
    expect(plural[0]).toBe('2 solicitudes en curso se retirarán.')
    expect(plural[1]).toBe(
      '3 solicitudes sin credencial, incluidas las que se retiran, perderán todos sus datos personales y sus archivos (fotografía y resolución).',
    )
    expect(plural[2]).toMatch(/^2 solicitudes con credencial conservan .*; pierden el correo electrónico y el teléfono\.$/)
    expect(plural[3]).toMatch(/^Las 2 credenciales emitidas se conservan/)
  })

  it('says nothing of what does not happen', () => {
    expect(erasurePreviewLines({ withdrawn: 1, fullyErased: 1, contactErased: 0, keptCredentials: 0 })).toEqual([
      '1 solicitud en curso se retirará.',
      '1 solicitud sin credencial, incluida la que se retira, perderá todos sus datos personales y sus archivos (fotografía y resolución).',
    ])
  })
})

describe('erasureSummaryItems', () => {
  it('names every count the API reports', () => {
    const items = erasureSummaryItems({ withdrawnRequests: 0, erasedRequests: 1, contactErasedRequests: 1, erasedDocuments: 2, keptCredentials: 1 })
    expect(items.map((item) => item.value)).toEqual([0, 1, 1, 2, 1])
    expect(items[3]).toEqual({ label: 'Archivos eliminados', value: 2 })
  })
})

describe('erasedRequestEntry', () => {
  it('shows an erased request as its record now reads, with what the export said of its filer', () => {
    const held = {
      id: 'r1',
      reference: 'SOL-2',
      status: 'withdrawn',
      filedBy: 'Portal Ciudadano',
      applicant: { givenNames: 'Rosa', surnames: 'Guamán', nationality: 'ECU', email: 'rosa@correo.example', phone: null },
      personalDataErasedAt: null,
      documents: [],
    } as unknown as ExportedRequest
    const now = {
      status: 'withdrawn',
      applicant: null,
      personalDataErasedAt: '2026-03-20T15:00:00.000Z',
      documents: [
        {
          id: 'd1',
          kind: 'photo',
          sha256: null,
          mediaType: 'image/jpeg',
          sizeBytes: 1200,
          originalName: null,
          uploadedAt: '2026-03-01T15:00:00.000Z',
          current: true,
          erasedAt: '2026-03-20T15:00:00.000Z',
        },
      ],
    } as Pick<RequestView, 'status' | 'personalDataErasedAt' | 'documents' | 'applicant'>
    const entry = erasedRequestEntry(held, now)
    expect(entry).toMatchObject({ reference: 'SOL-2', filedBy: 'Portal Ciudadano', applicant: null, personalDataErasedAt: '2026-03-20T15:00:00.000Z' })
    expect(entry.documents).toEqual([
      { kind: 'photo', mediaType: 'image/jpeg', sizeBytes: 1200, originalName: null, uploadedAt: '2026-03-01T15:00:00.000Z', current: true, erasedAt: '2026-03-20T15:00:00.000Z' },
    ])
  })
})
