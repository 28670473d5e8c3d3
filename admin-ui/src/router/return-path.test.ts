import { describe, expect, it } from 'vitest'
import { safeReturnPath } from './return-path'

describe('safeReturnPath', () => {
  it('returns to a path inside the app, query included', () => {
    expect(safeReturnPath('/solicitudes/abc?x=1')).toBe('/solicitudes/abc?x=1')
    expect(safeReturnPath(['/bandeja?estado=approved'])).toBe('/bandeja?estado=approved')
  })

  it('goes to «Inicio» for anything else', () => {
    for (const value of [undefined, null, '', 'https://malo.example', '//malo.example/x', '/\\malo.example', '/ingresar', '/cambiar-contrasena']) {
      expect(safeReturnPath(value)).toBe('/inicio')
    }
  })

  it("goes to the user's landing page when given one", () => {
    expect(safeReturnPath(undefined, '/bandeja')).toBe('/bandeja')
    expect(safeReturnPath('/solicitudes/abc', '/bandeja')).toBe('/solicitudes/abc')
  })
})
