import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * This package is the only copy of each rule it holds. A pattern or a message written again in the API or the
 * office app would drift from this one unseen (as the office app's phone check once did), so none may be.
 */

const here = fileURLToPath(new URL('.', import.meta.url))
const workspace = join(here, '../../..')
const consumers = ['api/src', 'admin-ui/src']

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|vue)$/.test(name) && !/\.test\.ts$|\.d\.ts$/.test(name))
    .map((name) => join(directory, name))
}

const rules = sourceFiles(here).map((file) => readFileSync(file, 'utf8'))

/** The shape of a YYYY-MM-DD date is a format every date field reads, not a rule of this package. */
const COMMON_FORMATS = ['/^\\d{4}-\\d{2}-\\d{2}$/']

/** The rules' regular expressions: `const NAME = /…/flags` on a line of its own. */
const patterns = rules
  .flatMap((source) => [...source.matchAll(/^const [A-Z_]+ =\s*(\/.+\/[a-z]*)$/gm)].map((match) => match[1]!))
  .filter((pattern) => !COMMON_FORMATS.includes(pattern))

/** The messages of the rules' problems that take no value: `fail('…')`. */
const messages = rules.flatMap((source) => [...source.matchAll(/\bfail\(\s*'([^'\\]+)'\s*\)/g)].map((match) => match[1]!))

const consumerSources = consumers.flatMap((directory) =>
  sourceFiles(join(workspace, directory)).map((file) => ({ file: relative(workspace, file), text: readFileSync(file, 'utf8') })),
)

describe('the shared rules have no second copy', () => {
  it('finds the rules it guards', () => {
    expect(patterns).toContain("/^[A-Za-z0-9](?:[A-Za-z0-9./_-]|[ ](?=[^ ]))*$/")
    expect(messages).toContain('Ingrese el correo electrónico.')
    expect(consumerSources.length).toBeGreaterThan(100)
  })

  it.each(consumers)('%s writes none of their patterns again', (directory) => {
    const copies = consumerSources
      .filter(({ file }) => file.startsWith(directory))
      .flatMap(({ file, text }) => patterns.filter((pattern) => text.includes(pattern)).map((pattern) => `${file}: ${pattern}`))
    expect(copies).toEqual([])
  })

  it.each(consumers)('%s writes none of their messages again', (directory) => {
    const copies = consumerSources
      .filter(({ file }) => file.startsWith(directory))
      .flatMap(({ file, text }) => messages.filter((message) => text.includes(message)).map((message) => `${file}: ${message}`))
    expect(copies).toEqual([])
  })
})
