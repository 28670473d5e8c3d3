/**
 * How a test process runs the TypeScript sources (`.taprc`'s node-arg). Worker threads started from a file
 * run it too; the PDF worker starts from code (`eval`), which runs no preload, and loads its entry through
 * tsx itself (src/modules/documents/pdf-sandbox.ts).
 *
 * On Node 22.18 and later: Node's own type stripping, which the sources allow (tsconfig's
 * `erasableSyntaxOnly`), with one synchronous resolve hook, in the process's own thread, that does two things:
 * - a relative `.js` import from a `.ts` file loads the `.ts` file, as TypeScript's NodeNext resolution
 *   reads it;
 * - `typebox` and `typebox/value`, imported by the workspace's sources, load TypeBox as one file (the
 *   test script bundles it, as `pnpm build` does for the service: scripts/bundle-typebox.ts) instead of
 *   its 680 modules.
 * Everything else, node_modules included, goes to Node's loader untouched. Through tsx, every module the
 * process loaded went through its hooks as well, and tsx read and scanned each CommonJS file again:
 * with TypeBox's modules, about 0.7 s of CPU in each of the suite's 134 test processes (1.5 s against 0.8 s
 * to build the app, measured on the 2-core machine).
 *
 * On Node 20, which strips no types: tsx, as the scripts run.
 */
import { existsSync } from 'node:fs'
import module from 'node:module'

if (typeof module.registerHooks === 'function' && process.features.typescript) {
  // tap's process tracker (@tapjs/processinfo, which tap loads into every test process for coverage and
  // `tap --changed`, neither used here) asks Node for the source map of each module that names one, and
  // with tap's --enable-source-maps Node then parses it: about 0.3 to 0.5 s of CPU per test file, for
  // node_modules' maps. Its setting to record nothing cannot be given: tap's runner overwrites it when it
  // starts each file. Stack traces need no maps here, since type stripping keeps every line and column of
  // the TypeScript where it was; with maps off, Node keeps none for the tracker to parse.
  process.setSourceMapsEnabled(false)
  const typeBoxBundle = new URL('../../node_modules/.cache/typebox-for-tests.js', import.meta.url)
  const bundleBuilt = existsSync(typeBoxBundle)
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      const fromSources = context.parentURL?.startsWith('file:') && !context.parentURL.includes('/node_modules/')
      if (fromSources && bundleBuilt && (specifier === 'typebox' || specifier === 'typebox/value')) {
        return { url: typeBoxBundle.href, format: 'module', shortCircuit: true }
      }
      if (fromSources && context.parentURL.endsWith('.ts') && /^\.\.?\/.*\.js$/.test(specifier)) {
        try {
          return nextResolve(`${specifier.slice(0, -3)}.ts`, context)
        } catch (error) {
          // A JavaScript file among the sources: loaded as it is.
          if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error
        }
      }
      return nextResolve(specifier, context)
    },
  })
} else {
  await import('tsx')
}
