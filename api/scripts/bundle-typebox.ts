import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/**
 * Part of `pnpm build`, after tsc: TypeBox in one file, dist/vendor/typebox.js, and the compiled code's
 * imports of it pointed there.
 *
 * TypeBox ships as about 700 small ES modules. Node 20 resolves, reads and links each one separately:
 * 300 to 900 ms of the service's start on the 2-core machine and about 12 MB of idle RSS (module records,
 * and the young generation V8 grows while they load), for code that takes 20 to 50 ms as one module.
 * The code is TypeBox's own, unchanged, one copy for `typebox` and `typebox/value` alike. Commands run by
 * tsx import the package as usual.
 *
 * With `--for-tests` (the test script, before tap): only the bundle, at node_modules/.cache/typebox-for-tests.js,
 * where test/support/load-typescript.mjs points the sources' imports of TypeBox.
 */
const apiDir = fileURLToPath(new URL('../', import.meta.url))
const distDir = path.join(apiDir, 'dist')
const forTests = process.argv.includes('--for-tests')
const bundleFile = forTests ? path.join(apiDir, 'node_modules', '.cache', 'typebox-for-tests.js') : path.join(distDir, 'vendor', 'typebox.js')

/** Every entry point of TypeBox that the service imports, with what it takes from it. */
const entryPoints: Record<string, string> = {
  typebox: "export * from 'typebox'; export { default } from 'typebox'",
  'typebox/value': "export { Value } from 'typebox/value'",
}

await build({
  stdin: { contents: Object.values(entryPoints).join('\n'), resolveDir: apiDir, sourcefile: 'typebox-entry.js' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outfile: bundleFile,
  sourcemap: true,
  logLevel: 'warning',
})

async function* javaScriptFiles(folder: string): AsyncGenerator<string> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name)
    if (entry.isDirectory()) yield* javaScriptFiles(file)
    else if (entry.name.endsWith('.js') && file !== bundleFile) yield file
  }
}

const specifier = /(\bfrom\s*|\bimport\s*\(\s*)'(typebox(?:\/[^']*)?)'/g

/** The compiled code's imports of TypeBox, pointed at the bundle. */
async function pointCompiledCodeAtBundle(): Promise<void> {
  let rewritten = 0
  for await (const file of javaScriptFiles(distDir)) {
    const code = await readFile(file, 'utf8')
    let relative = path.relative(path.dirname(file), bundleFile).split(path.sep).join('/')
    if (!relative.startsWith('.')) relative = `./${relative}`
    const pointed = code.replace(specifier, (_match, before: string, name: string) => {
      // A new entry point must be added above, or its code would be a second, separate copy of TypeBox.
      if (!(name in entryPoints)) throw new Error(`${path.relative(apiDir, file)} imports ${name}: add it to scripts/bundle-typebox.ts`)
      return `${before}'${relative}'`
    })
    if (pointed !== code) {
      await writeFile(file, pointed)
      rewritten += 1
    }
  }
  process.stdout.write(`TypeBox en ${path.relative(apiDir, bundleFile)}; ${rewritten} archivos apuntan a él.\n`)
}

if (!forTests) await pointCompiledCodeAtBundle()
