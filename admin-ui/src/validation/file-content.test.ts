import { describe, expect, it } from 'vitest'
import { fileContentProblem } from './file-content'

const file = (bytes: number[] | string, name = 'archivo') =>
  new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name)

describe('fileContentProblem', () => {
  it('accepts a JPEG photo and a PDF by their first bytes, whatever their name', () => {
    return Promise.all([
      expect(fileContentProblem('photo', file([0xff, 0xd8, 0xff, 0xe0, 0, 0], 'foto.png'))).resolves.toBeUndefined(),
      expect(fileContentProblem('resolution', file('%PDF-1.7\n...', 'resolucion'))).resolves.toBeUndefined(),
      expect(fileContentProblem('authorization_letter', file('%PDF-1.4'))).resolves.toBeUndefined(),
    ])
  })

  it('refuses in plain words what only looks like one', async () => {
    await expect(fileContentProblem('photo', file([0x89, 0x50, 0x4e, 0x47], 'foto.jpg'))).resolves.toMatch(/^El archivo no es una fotografía JPEG/)
    await expect(fileContentProblem('resolution', file('PK\u0003\u0004 word', 'resolucion.pdf'))).resolves.toMatch(/^El archivo no es un PDF\./)
    await expect(fileContentProblem('resolution', file(''))).resolves.toMatch(/no es un PDF/)
    await expect(fileContentProblem('authorization_letter', file([0xff, 0xd8, 0xff]))).resolves.toMatch(/Escanee la carta como PDF/)
  })
})
