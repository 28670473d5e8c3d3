import { describe, expect, it } from 'vitest'
import { emailEventLabel, emailStatusText } from './messages'

describe('e-mail labels', () => {
  it('names each event in Spanish, and an unknown one by its code', () => {
    expect(emailEventLabel('request.changes_requested')).toBe('Correcciones pedidas')
    expect(emailEventLabel('request.issued')).toBe('Lista para retirar')
    expect(emailEventLabel('something.new')).toBe('something.new')
  })

  it('says why a message failed, and that a pending one is being retried', () => {
    expect(emailStatusText({ status: 'sent', lastError: null, attempts: 1 })).toBe('Enviado')
    expect(emailStatusText({ status: 'pending', lastError: null, attempts: 0 })).toBe('Pendiente')
    expect(emailStatusText({ status: 'failed', lastError: '550 Destinatario rechazado', attempts: 12 })).toBe('Falló: 550 Destinatario rechazado')
    expect(emailStatusText({ status: 'pending', lastError: 'connect ECONNREFUSED', attempts: 1 })).toBe(
      'Pendiente (reintentando tras 1 intento fallido: connect ECONNREFUSED)',
    )
    expect(emailStatusText({ status: 'pending', lastError: 'timeout', attempts: 3 })).toBe('Pendiente (reintentando tras 3 intentos fallidos: timeout)')
  })
})
