import { describe, expect, it } from 'vitest'
import { confirmationProblem, NEW_PASSWORD_RULE, newPasswordProblem, newPasswordReady, PASSWORD_MIN_LENGTH } from './password.js'

describe('new passwords', () => {
  it('say nothing while empty, refuse one shorter than the rule, and accept one as long', () => {
    expect(newPasswordProblem('')).toBeUndefined()
    expect(newPasswordProblem('corta')).toBe('Use al menos 12 caracteres.')
    expect(newPasswordProblem('x'.repeat(PASSWORD_MIN_LENGTH - 1))).toBe('Use al menos 12 caracteres.')
    expect(newPasswordProblem('x'.repeat(PASSWORD_MIN_LENGTH))).toBeUndefined()
    expect(NEW_PASSWORD_RULE).toBe('Al menos 12 caracteres.')
  })

  it('are confirmed only by the same text', () => {
    expect(confirmationProblem('Una-clave-larga-2026', '')).toBeUndefined()
    expect(confirmationProblem('Una-clave-larga-2026', 'Una-clave-larga-2026x')).toBe('Las contraseñas no coinciden.')
    expect(confirmationProblem('Una-clave-larga-2026', 'Una-clave-larga-2026')).toBeUndefined()
  })

  it('are ready when long enough and confirmed', () => {
    expect(newPasswordReady('Una-clave-larga-2026', 'Una-clave-larga-2026')).toBe(true)
    expect(newPasswordReady('Una-clave-larga-2026', 'otra')).toBe(false)
    expect(newPasswordReady('corta', 'corta')).toBe(false)
  })
})
