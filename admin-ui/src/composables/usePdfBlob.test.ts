import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { usePdfBlob } from './usePdfBlob'

describe('usePdfBlob', () => {
  afterEach(() => vi.restoreAllMocks())

  it('shows the fetched PDF from an object URL and revokes the previous one', async () => {
    let n = 0
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:pdf-${++n}`)
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const scope = effectScope()
    const pdf = scope.run(() => usePdfBlob(async () => new Blob(['%PDF-'], { type: 'application/pdf' })))!
    expect(await pdf.load()).toBe(true)
    expect(pdf.url.value).toBe('blob:pdf-1')
    await pdf.load()
    expect(pdf.url.value).toBe('blob:pdf-2')
    expect(revoke).toHaveBeenCalledWith('blob:pdf-1')
    scope.stop()
    expect(revoke).toHaveBeenCalledWith('blob:pdf-2')
  })

  it('keeps the problem when the API refuses', async () => {
    const failure = new Error('no')
    const scope = effectScope()
    const pdf = scope.run(() => usePdfBlob(() => Promise.reject(failure)))!
    expect(await pdf.load()).toBe(false)
    expect(pdf.problem.value).toBe(failure)
    expect(pdf.url.value).toBeNull()
    expect(pdf.loading.value).toBe(false)
    scope.stop()
  })
})
