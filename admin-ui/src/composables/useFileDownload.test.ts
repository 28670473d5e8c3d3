import { afterEach, describe, expect, it, vi } from 'vitest'
import { saveBlob, useFileDownload } from './useFileDownload'

describe('useFileDownload', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('saves the fetched file under the name given', async () => {
    const blob = new Blob(['{}'], { type: 'application/json' })
    const save = vi.fn()
    const file = useFileDownload(async () => blob, save)
    expect(await file.download('datos.json')).toBe(true)
    expect(save).toHaveBeenCalledWith(blob, 'datos.json')
    expect(file.downloading.value).toBe(false)
    expect(file.problem.value).toBeNull()
  })

  it('asks once while a download is on its way (a double click)', async () => {
    let resolve: (blob: Blob) => void = () => {}
    const fetchFile = vi.fn(() => new Promise<Blob>((done) => (resolve = done)))
    const save = vi.fn()
    const file = useFileDownload(fetchFile, save)
    const first = file.download('datos.pdf')
    expect(file.downloading.value).toBe(true)
    expect(await file.download('datos.pdf')).toBe(false)
    resolve(new Blob(['%PDF-']))
    expect(await first).toBe(true)
    expect(fetchFile).toHaveBeenCalledTimes(1)
    expect(save).toHaveBeenCalledTimes(1)
  })

  it('keeps the problem when the API refuses, and saves nothing', async () => {
    const failure = new Error('no')
    const save = vi.fn()
    const file = useFileDownload(() => Promise.reject(failure), save)
    expect(await file.download('datos.json')).toBe(false)
    expect(file.problem.value).toBe(failure)
    expect(save).not.toHaveBeenCalled()
    file.clear()
    expect(file.problem.value).toBeNull()
  })
})

describe('saveBlob', () => {
  it('clicks a link to an object URL with the file name, then revokes the URL', () => {
    vi.useFakeTimers()
    const link = { href: '', download: '', click: vi.fn() }
    vi.stubGlobal('document', { createElement: vi.fn(() => link) })
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:datos')
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    saveBlob(new Blob(['{}']), 'datos-personales.json')
    expect(link).toMatchObject({ href: 'blob:datos', download: 'datos-personales.json' })
    expect(link.click).toHaveBeenCalledOnce()
    expect(revoke).not.toHaveBeenCalled()
    vi.runAllTimers()
    expect(revoke).toHaveBeenCalledWith('blob:datos')
  })
})
