import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const apiDir = fileURLToPath(new URL('../../', import.meta.url))
const typescriptLoader = new URL('./load-typescript.mjs', import.meta.url).href

export interface ScriptOutcome {
  code: number
  stdout: string
  stderr: string
}

/**
 * One of `api/scripts/`, run in its own process from the API's folder as an operator runs `pnpm <command>`:
 * this process's environment with `env` over it, on the database `env` names, or on the embedded one in
 * `DATA_DIR` when it names none. It runs on this suite's TypeScript loader rather than through tsx's command
 * line, which starts a second Node process and transforms every module again: the same sources, about 0.9 s
 * less CPU per run. (server.test.ts runs the production folder's `pnpm db:migrate` through tsx itself.)
 */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<ScriptOutcome> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env }
  if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL
  const nodeArgs = [`--import=${typescriptLoader}`, '--conditions=@credenciales/source', `scripts/${script}.ts`, ...args]
  return new Promise((resolve) => {
    execFile(process.execPath, nodeArgs, { cwd: apiDir, env: childEnv }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr })
    })
  })
}
