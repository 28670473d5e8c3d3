import { describe, expect, it, vi } from 'vitest'
import { copyText } from './clipboard'

describe('copyText', () => {
  it('uses the Clipboard API when there is one', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    const ok = await copyText('secreto', { navigator: { clipboard: { writeText } } as unknown as Navigator })
    expect(ok).toBe(true)
    expect(writeText).toHaveBeenCalledWith('secreto')
  })

  it('says it failed when nothing can copy', async () => {
    const writeText = vi.fn().mockRejectedValue(new Error('denied'))
    expect(await copyText('secreto', { navigator: { clipboard: { writeText } } as unknown as Navigator })).toBe(false)
    expect(await copyText('secreto', {})).toBe(false)
  })

  it('falls back to a hidden textarea and execCommand', async () => {
    const area = { value: '', style: {} as Record<string, string>, setAttribute: vi.fn(), select: vi.fn(), remove: vi.fn() }
    const document = {
      body: { appendChild: vi.fn() },
      createElement: vi.fn().mockReturnValue(area),
      execCommand: vi.fn().mockReturnValue(true),
    } as unknown as Document
    expect(await copyText('clave', { document })).toBe(true)
    expect(area.value).toBe('clave')
    expect(area.remove).toHaveBeenCalled()
  })
})
