import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { openApiDocument } from '../src/openapi.js'
import { buildTestApp } from './support/app.js'

/**
 * Redocly CLI, the pinned devDependency, as developers run it (`npx redocly lint openapi.json`). It bundles its
 * linter: the separate @redocly/openapi-core package is another version, whose rules could disagree with it.
 */
const redoclyCli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js')
const apiDir = fileURLToPath(new URL('..', import.meta.url))

interface LintProblem {
  ruleId: string
  severity: 'error' | 'warn'
  message: string
  location: { pointer?: string }[]
}

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number }
  problems: LintProblem[]
}

/** Lints `document` as api/openapi.json, with api/redocly.yaml and the ignore file beside it. */
async function lint(document: string): Promise<LintReport> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'openapi-lint-'))
  try {
    await writeFile(path.join(dir, 'openapi.json'), document)
    for (const file of ['redocly.yaml', '.redocly.lint-ignore.yaml']) await copyFile(path.join(apiDir, file), path.join(dir, file))
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        [redoclyCli, 'lint', 'openapi.json', '--config', 'redocly.yaml', '--format', 'json', '--max-problems', '10000'],
        // No usage report or update check: the tests run without the Internet.
        { cwd: dir, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }, maxBuffer: 64 * 1024 * 1024 },
        // It exits with 1 when it finds errors: the report is on standard output all the same.
        (error, out, err) => (out.trim().startsWith('{') ? resolve(out) : reject(error ?? new Error(`no report from redocly: ${err}`))),
      )
    })
    return JSON.parse(stdout) as LintReport
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const { app } = await buildTestApp(t)

// The document as served, and one with a known fault: both linted at once, each Redocly run being a separate process of seconds.
const served = openApiDocument(app)
const faulty = JSON.parse(served) as { paths: Record<string, Record<string, { operationId?: string }>> }
delete faulty.paths['/api/v1/requests']!.get!.operationId
const [servedReport, faultyReport] = await Promise.all([lint(served), lint(JSON.stringify(faulty))])

t.test("the OpenAPI document passes Redocly's recommended lint with no error and no warning", async (t) => {
  const report = servedReport
  const found = report.problems.map((problem) => `${problem.severity} ${problem.ruleId} ${problem.location[0]?.pointer ?? ''}: ${problem.message}`)
  t.same(found, [], found.join('\n'))
  t.equal(report.totals.errors, 0)
  t.equal(report.totals.warnings, 0)

  // Each entry of the ignore file must still silence a problem: one that no longer does is removed, not kept.
  const ignoreFile = await readFile(path.join(apiDir, '.redocly.lint-ignore.yaml'), 'utf8')
  const entries = ignoreFile.split('\n').filter((line) => /^\s*- '#\//.test(line)).length
  t.equal(report.totals.ignored, entries, 'every entry of .redocly.lint-ignore.yaml matches a problem')
})

t.test('the lint reports what is wrong, with the rule and the place', async (t) => {
  t.match(faultyReport.problems, [{ ruleId: 'operation-operationId', location: [{ pointer: '#/paths/~1api~1v1~1requests/get/operationId' }] }])
})
