import t from 'tap'
import { escapeLike, parseSearchTerm, prefixPattern } from '../../src/lib/search.js'
import { formatCredentialCode, generateCredentialCode } from '../../src/domain/credential-code.js'

t.test('a name is its words, as typed; normalizing them is left to SQL', async (t) => {
  t.match(parseSearchTerm('  María   José Ñúñez '), {
    words: ['María', 'José', 'Ñúñez'],
    reference: null,
    documentNumber: null,
    credentialCode: null,
    mentionsEmail: false,
  })
  t.equal(parseSearchTerm('a b c d e f g h i j').words.length, 8, 'at most eight words')
})

t.test('a reference, printed or shortened', async (t) => {
  for (const text of ['SOL-2026-000123', 'sol-2026-123', '2026-000123', 'SOL2026-123']) {
    t.equal(parseSearchTerm(text).reference, 'SOL-2026-000123', text)
  }
  t.equal(parseSearchTerm('SOL-2026-1234567').reference, null, 'seven digits are not a reference')
})

t.test('an identity document number, without what people type between its digits', async (t) => {
  t.equal(parseSearchTerm('171234567-8').documentNumber, '1712345678')
  t.equal(parseSearchTerm('1712.345.678').documentNumber, '1712345678')
  t.equal(parseSearchTerm('ab123456').documentNumber, 'AB123456', 'a passport, in upper case')
  t.equal(parseSearchTerm('Nunez').documentNumber, null, 'a word without digits is a name')
  t.equal(parseSearchTerm('1234').documentNumber, null, 'too short')
})

t.test('a credential code, with or without its check symbol', async (t) => {
  const code = generateCredentialCode()
  const printed = formatCredentialCode(code)
  t.same(parseSearchTerm(printed).credentialCode, { code })
  t.same(parseSearchTerm(printed.slice(0, 14)).credentialCode, { body: code.slice(0, 12) })
  const wrongCheck = code.slice(0, 12) + (code.endsWith('0') ? '1' : '0')
  t.equal(parseSearchTerm(wrongCheck).credentialCode, null, 'a check symbol that does not match is a typo')
})

t.test('an e-mail, whole or in part', async (t) => {
  t.equal(parseSearchTerm('mj.nunez@').mentionsEmail, true)
  t.equal(parseSearchTerm('mj.nunez').mentionsEmail, false)
})

t.test("LIKE's wildcards are escaped", async (t) => {
  t.equal(escapeLike('50%_a\\b'), '50\\%\\_a\\\\b')
  t.equal(prefixPattern('request.'), 'request.%')
})
