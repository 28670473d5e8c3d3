import t from 'tap'
import { formatCredentialCode, generateCredentialCode, parseCredentialCode, parseCredentialCodeBody } from '../../src/domain/credential-code.js'

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

t.test('the check symbol is Luhn mod 32 over Crockford\'s alphabet', async (t) => {
  // All zeros sum to 0 → 0; a last 1 is doubled to 2 → 32 − 2 = 30 → Y; A1B0C1D0E1F0 → F.
  t.same(parseCredentialCode('000000000000' + '0'), { ok: true, code: '0000000000000' })
  t.same(parseCredentialCode('000000000001' + 'Y'), { ok: true, code: '000000000001Y' })
  t.same(parseCredentialCode('A1B0C1D0E1F0' + 'F'), { ok: true, code: 'A1B0C1D0E1F0F' })
  t.same(parseCredentialCode('000000000001' + 'U'), { ok: false, reason: 'malformed' }, 'U is no symbol at all')
  for (const old of ['*', '~', '$', '=']) t.same(parseCredentialCode(`000000000000${old}`), { ok: false, reason: 'malformed' }, `no «${old}»`)
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

t.test('input is normalised as people type it', async (t) => {
  const code = generateCredentialCode()
  const printed = formatCredentialCode(code)
  t.match(printed, /^.{4}-.{4}-.{4}-.$/)
  t.same(parseCredentialCode(printed), { ok: true, code })
  t.same(parseCredentialCode(printed.toLowerCase()), { ok: true, code })
  t.same(parseCredentialCode(` ${printed.replace(/-/g, ' ')} `), { ok: true, code })
  const withZeroesAndOnes = '0101' + '0101' + '0101'
  const expected = parseCredentialCode(withZeroesAndOnes + '0')
  const check = (expected.ok ? expected.code : generateCredentialCode()).slice(12)
  const valid = withZeroesAndOnes + check
  t.same(parseCredentialCode('OIOL-OIOL-OIOL-' + check), parseCredentialCode(valid), 'I and L read as 1, O as 0')
})

t.test('malformed and mistyped codes are refused', async (t) => {
  const code = generateCredentialCode()
  const body = code.slice(0, 12)
  const wrongCheck = body + (code.endsWith('0') ? '1' : '0')
  t.same(parseCredentialCode(wrongCheck), { ok: false, reason: 'check_failed' })
  const swapped = body[1]! + body[0]! + body.slice(2) + code[12]
  if (swapped !== code) t.same(parseCredentialCode(swapped), { ok: false, reason: 'check_failed' }, 'adjacent transposition caught')
  for (const bad of ['', 'ABC', code + 'X', body + 'U'.repeat(0), 'UUUU-UUUU-UUUU-U', '0000-0000-0000-#', 'x'.repeat(500), '١٢٣٤٥٦٧٨٩٠١٢٣']) {
    t.notOk(parseCredentialCode(bad).ok, `refused: ${JSON.stringify(bad.slice(0, 20))}`)
  }
})

t.test('a code typed without its check symbol gives its 12 symbols', async (t) => {
  const code = generateCredentialCode()
  const body = code.slice(0, 12)
  t.equal(parseCredentialCodeBody(formatCredentialCode(code).slice(0, 14)), body, 'as printed, without the last group')
  t.equal(parseCredentialCodeBody(` ${body.toLowerCase()} `), body, 'any case, spaces around')
  t.equal(parseCredentialCodeBody('OIOL-OIOL-OIOL'), '010101010101', 'I and L read as 1, O as 0')
  for (const bad of [code, body.slice(0, 11), `${body.slice(0, 11)}U`, 'x'.repeat(500)]) {
    t.equal(parseCredentialCodeBody(bad), null, `refused: ${JSON.stringify(bad.slice(0, 20))}`)
  }
})
