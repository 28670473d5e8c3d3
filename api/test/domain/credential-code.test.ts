import t from 'tap'
import { generateCredentialCode, parseCredentialCode } from '../../src/domain/credential-code.js'

// How codes are read and printed is tested with @credenciales/shared (references.test.ts); here, the codes the API draws.

t.test('generated codes parse back to themselves and carry 60 random bits', async (t) => {
  const seen = new Set<string>()
  for (let index = 0; index < 2000; index += 1) {
    const code = generateCredentialCode()
    t.match(code, /^[0-9A-HJKMNP-TV-Z]{13}$/, 'the check symbol from the same alphabet')
    const parsed = parseCredentialCode(code)
    if (!parsed.ok || parsed.code !== code) t.fail(`round trip of ${code}`)
    seen.add(code)
  }
  t.equal(seen.size, 2000, 'no collisions in 2000 draws')
})

t.test('every single mistyped symbol is caught, and every adjacent swap but 0Z', async (t) => {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
  let missedSwaps = 0
  for (let round = 0; round < 200; round += 1) {
    const code = generateCredentialCode()
    for (let position = 0; position < 13; position += 1) {
      for (const symbol of alphabet) {
        if (symbol === code[position]) continue
        const typo = code.slice(0, position) + symbol + code.slice(position + 1)
        if (parseCredentialCode(typo).ok) t.fail(`${typo} accepted for ${code}`)
      }
    }
    for (let position = 0; position < 12; position += 1) {
      const swapped = code.slice(0, position) + code[position + 1] + code[position] + code.slice(position + 2)
      if (swapped === code || parseCredentialCode(swapped).ok === false) continue
      t.match(code.slice(position, position + 2), /^(0Z|Z0)$/, `only 0Z slips through: ${code} → ${swapped}`)
      missedSwaps += 1
    }
  }
  t.ok(missedSwaps < 20, 'swaps that slip through are rare')
})
