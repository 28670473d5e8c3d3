import t from 'tap'
import { chooseFormat } from '../../../src/modules/transparency/negotiation.js'

t.test('?format= wins over any Accept header', async (t) => {
  t.equal(chooseFormat('csv', 'text/html'), 'csv')
  t.equal(chooseFormat('json', 'text/csv'), 'json')
  t.equal(chooseFormat('html', undefined), 'html')
})

t.test('the Accept header, by quality, then specificity, then the client order; JSON by default', async (t) => {
  const cases: [string | undefined, string][] = [
    [undefined, 'json'],
    ['', 'json'],
    ['*/*', 'json'],
    ['application/*', 'json'],
    ['image/png', 'json'],
    ['text/csv', 'csv'],
    ['text/csv;q=0.5, application/json', 'json'],
    ['application/json;q=0.5, text/csv', 'csv'],
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'html'],
    ['text/*, application/json;q=0.9', 'html'],
    ['application/json, text/html', 'json'],
  ]
  for (const [accept, expected] of cases) t.equal(chooseFormat(undefined, accept), expected, `Accept: ${accept}`)
})
