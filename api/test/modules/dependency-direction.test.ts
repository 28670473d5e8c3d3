/**
 * The direction of the modules' dependencies (modules/credential-lifecycle/status.ts says why):
 * credentials/ runs its steps inside the requests workflow and imports requests/workflow.ts, so
 * requests/ never imports credentials/; the rules both apply live in credential-lifecycle/, which
 * imports neither. Filing a request never loads the PDF libraries the card is drawn with.
 * Read from the sources, so that a type-only import or a lazy `require` counts as well.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url))
const modulesDir = join(srcDir, 'modules')

/** Every module specifier a source file names: static and dynamic imports, re-exports, `require`. */
function specifiersOf(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g
  return [...source.matchAll(pattern)].map((match) => match[1]!)
}

/** A relative specifier as the TypeScript source it names (`./x.js` is `./x.ts`); bare ones stay as they are. */
function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier
  return resolve(dirname(from), specifier).replace(/\.js$/, '.ts')
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(dir, name))
}

/** The files and packages `entry` can load, following the project's own sources. */
function importGraph(entry: string): Set<string> {
  const reached = new Set<string>([entry])
  const pending = [entry]
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    for (const specifier of specifiersOf(file)) {
      const target = resolveSpecifier(file, specifier)
      if (reached.has(target)) continue
      reached.add(target)
      if (target.startsWith(srcDir)) pending.push(target)
    }
  }
  return reached
}

const inModule = (name: string) => (target: string) => target.startsWith(join(modulesDir, name) + '/')
const shown = (file: string) => relative(srcDir, file)

t.test('requests/ imports nothing from credentials/', async (t) => {
  const files = sourcesUnder(join(modulesDir, 'requests'))
  t.ok(files.length > 5, 'the sources are found')
  for (const file of files) {
    const offending = specifiersOf(file).filter((specifier) => inModule('credentials')(resolveSpecifier(file, specifier)))
    t.same(offending, [], shown(file))
  }
})

t.test('credential-lifecycle/ imports neither credentials/ nor requests/', async (t) => {
  for (const file of sourcesUnder(join(modulesDir, 'credential-lifecycle'))) {
    const offending = specifiersOf(file).filter((specifier) => {
      const target = resolveSpecifier(file, specifier)
      return inModule('credentials')(target) || inModule('requests')(target)
    })
    t.same(offending, [], shown(file))
  }
})

const pdfLibraries = ['pdfkit', 'fontkit', 'pdf-lib']

t.test('filing and correcting a request load no PDF library', async (t) => {
  for (const entry of ['requests/service.ts', 'requests/correction.ts', 'requests/routes.ts']) {
    const graph = importGraph(join(modulesDir, entry))
    t.same(
      pdfLibraries.filter((library) => graph.has(library)),
      [],
      entry,
    )
  }
})

t.test('the check sees pdfkit where it is loaded: issuing a credential draws the card', async (t) => {
  const graph = importGraph(join(modulesDir, 'credentials/issuance.ts'))
  t.ok(graph.has('pdfkit'), 'pdfkit, required lazily by credentials/pdf-document.ts')
  t.ok(graph.has(join(modulesDir, 'requests/workflow.ts')), 'and the workflow it runs in')
})
