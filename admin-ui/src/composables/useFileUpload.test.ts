import { describe, expect, it, vi } from 'vitest'
import { ApiProblem } from '@/api/problem'
import type { RequestDocument } from '@/api/types'
import { useFileUpload } from './useFileUpload'

const jpeg = () => new File([new Uint8Array([0xff, 0xd8, 0xff, ...new Array(197).fill(0)])], 'foto.jpg', { type: 'image/jpeg' })
const check = (file: File | null) => (file ? undefined : 'Seleccione la fotografía (JPEG).')
const stored = { id: 'd1', kind: 'photo' } as RequestDocument

describe('useFileUpload', () => {
  it('does not send without a valid file', async () => {
    const upload = vi.fn()
    const photo = useFileUpload('photo', check, upload)
    expect(photo.checkMessage.value).toBe('Seleccione la fotografía (JPEG).')
    expect(await photo.send('r1')).toBe(false)
    expect(upload).not.toHaveBeenCalled()
  })

  it('reports progress in percent and ends done; a second send does not upload again', async () => {
    const seen: number[] = []
    const photo = useFileUpload('photo', check, async (_id, _kind, _file, { onProgress }) => {
      onProgress?.({ loaded: 50, total: 200 })
      seen.push(photo.percent.value)
      onProgress?.({ loaded: 200, total: 0 })
      seen.push(photo.percent.value)
      return stored
    })
    photo.choose(jpeg())
    expect(await photo.send('r1')).toBe(true)
    expect(seen).toEqual([25, 100])
    expect(photo.status.value).toBe('done')
    expect(photo.stored.value).toEqual(stored)
    expect(await photo.send('r1')).toBe(true)
  })

  it('keeps the API problem and lets the user choose another file', async () => {
    const refusal = new ApiProblem({ status: 422, code: 'INVALID_FILE', title: 'x', detail: 'La fotografía es muy pequeña.' })
    const upload = vi.fn().mockRejectedValueOnce(refusal).mockResolvedValueOnce(stored)
    const photo = useFileUpload('photo', check, upload)
    photo.choose(jpeg())
    expect(await photo.send('r1')).toBe(false)
    expect(photo.status.value).toBe('failed')
    expect(photo.problem.value).toBe(refusal)
    photo.choose(jpeg())
    expect(photo.problem.value).toBeNull()
    expect(photo.status.value).toBe('idle')
    expect(await photo.send('r1')).toBe(true)
    expect(upload).toHaveBeenCalledTimes(2)
  })

  it('refuses, before sending, a file whose bytes are not what its name says', async () => {
    const upload = vi.fn().mockResolvedValue(stored)
    const photo = useFileUpload('photo', check, upload)
    photo.choose(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'foto.jpg', { type: 'image/jpeg' }))
    expect(await photo.send('r1')).toBe(false)
    expect(photo.checkMessage.value).toMatch(/^El archivo no es una fotografía JPEG/)
    expect(upload).not.toHaveBeenCalled()
    photo.choose(jpeg())
    expect(await photo.send('r1')).toBe(true)
    expect(photo.checkMessage.value).toBeUndefined()
    expect(upload).toHaveBeenCalledTimes(1)
  })
})
