import { describe, expect, it } from 'vitest'
import { DEFAULT_UPLOAD_MAX_BYTES } from '@credenciales/shared'
import { readUploadLimits, uploadLimits } from './upload-limits'

/** A page with the API's meta tag carrying `content`, or without it (`undefined`). */
function page(content: string | undefined) {
  return {
    querySelector: (selectors: string) =>
      content !== undefined && selectors === 'meta[name="credenciales-upload-limits"]' ? { getAttribute: (name: string) => (name === 'content' ? content : null) } : null,
  }
}

describe('readUploadLimits', () => {
  it('reads the limits the API wrote into the page', () => {
    expect(readUploadLimits(page('photo=200000;resolution=3000000'))).toEqual({ photo: 200_000, resolution: 3_000_000 })
    expect(readUploadLimits(page(' resolution=3000000 ; photo=200000 '))).toEqual({ photo: 200_000, resolution: 3_000_000 })
  })

  it('falls back to the defaults without the tag or without a page', () => {
    expect(readUploadLimits(page(undefined))).toEqual(DEFAULT_UPLOAD_MAX_BYTES)
    expect(readUploadLimits(undefined)).toEqual(DEFAULT_UPLOAD_MAX_BYTES)
    // Unit tests run without a document.
    expect(uploadLimits).toEqual(DEFAULT_UPLOAD_MAX_BYTES)
  })

  it('takes the default for each value that is missing or malformed', () => {
    // Vite's dev server serves index.html with the placeholder as is.
    expect(readUploadLimits(page('__UPLOAD_LIMITS__'))).toEqual(DEFAULT_UPLOAD_MAX_BYTES)
    expect(readUploadLimits(page(''))).toEqual(DEFAULT_UPLOAD_MAX_BYTES)
    expect(readUploadLimits(page('photo=200000'))).toEqual({ photo: 200_000, resolution: DEFAULT_UPLOAD_MAX_BYTES.resolution })
    for (const bad of ['photo=0', 'photo=-5', 'photo=1.5', 'photo=12abc', 'photo=', 'photo=1e9', 'photo=99999999999999999', 'picture=200000']) {
      expect(readUploadLimits(page(`${bad};resolution=3000000`)), bad).toEqual({ photo: DEFAULT_UPLOAD_MAX_BYTES.photo, resolution: 3_000_000 })
    }
  })
})
