import t from 'tap'
import { parseRequestReference } from '../../src/domain/request-reference.js'

t.test('a reference is read as printed or shortened', async (t) => {
  for (const text of ['SOL-2026-000123', ' sol-2026-123 ', '2026-000123', '2026-123', 'SOL2026-123']) {
    t.equal(parseRequestReference(text), 'SOL-2026-000123', text)
  }
})

t.test('anything else is not a reference', async (t) => {
  for (const text of ['', 'SOL-2026-1234567', 'SOL-26-000123', 'SOL-2026', 'SOL 2026 000123', 'QJ-7K2M-9PQX', 'K7QF-93MD-2XRT-J']) {
    t.equal(parseRequestReference(text), null, text)
  }
})
