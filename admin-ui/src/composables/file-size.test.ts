import { describe, expect, it } from 'vitest'
import { formatFileSize } from './file-size'

describe('formatFileSize', () => {
  it('writes bytes, kilobytes and megabytes the Ecuadorian way', () => {
    expect(formatFileSize(850)).toBe('850 B')
    expect(formatFileSize(302_899)).toBe('296 KB')
    expect(formatFileSize(5 * 1024 * 1024)).toBe('5 MB')
    expect(formatFileSize(4_980_000)).toBe('4,7 MB')
  })
})
