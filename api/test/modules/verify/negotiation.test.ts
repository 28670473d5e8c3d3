import t from 'tap'
import { prefersHtml } from '../../../src/modules/verify/negotiation.js'

t.test('browsers get the page', async (t) => {
  for (const accept of [
    'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
    'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'text/html',
    'TEXT/HTML',
    'text/*',
    'text/html;level=1',
    'application/json;q=0.5, text/html',
    'text/html ; q=0.9 , application/json ; q=0.8',
  ]) {
    t.equal(prefersHtml(accept), true, accept)
  }
})

t.test('machines, wildcards, ties and refusals get JSON', async (t) => {
  for (const accept of [
    undefined,
    '',
    '*/*',
    'application/json',
    'application/*',
    'application/json, text/html',
    'text/html, application/json',
    'text/html;q=0.5, */*',
    'text/html;q=0',
    'text/html;q=0.8, application/json;q=0.9',
    'text/*;q=0.3, */*;q=0.5',
    'image/png',
    'text/html;q=2',
    'text/html;q=abc, application/json;q=0.1',
    'garbage',
  ]) {
    t.equal(prefersHtml(accept), false, String(accept))
  }
})

t.test('the most specific range decides', async (t) => {
  t.equal(prefersHtml('text/html;q=0.1, text/*;q=0.9, application/json;q=0.5'), false, 'text/html at 0.1, whatever text/* says')
  t.equal(prefersHtml('text/*;q=0.1, text/html;q=0.9, application/json;q=0.5'), true)
  t.equal(prefersHtml('*/*;q=0.1, application/json;q=0.05, text/html;q=0.06'), true)
})
