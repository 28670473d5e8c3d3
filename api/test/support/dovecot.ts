/**
 * A real IMAP server for the inbox tests: Debian's Dovecot, started with a configuration in a temporary
 * folder (one passwd-file user, Maildir, plain-text login on a free loopback port) and stopped when the
 * test ends. Dovecot will not run mail processes as root, so the user is `nobody` (65534) and owns its
 * home; the temporary folder is opened for it to reach that home.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { freePort } from './ports.js'
import os from 'node:os'
import path from 'node:path'
import { ImapFlow } from 'imapflow'

export const DOVECOT_BINARY = '/usr/sbin/dovecot'
const MAIL_UID = 65534
const MAIL_GID = 65534

export interface TestMailbox {
  /** `imap://user:password@127.0.0.1:port`, as IMAP_URL. */
  url: string
  user: string
  password: string
  port: number
  logPath: string
  /** Puts a message in a folder with IMAP APPEND; `date` becomes its INTERNALDATE. */
  append(raw: string | Buffer, options?: { folder?: string; date?: Date }): Promise<number>
  /** UIDs in a folder (empty when the folder does not exist). */
  uids(folder: string): Promise<number[]>
  stop(): Promise<void>
  start(): Promise<void>
}

interface Teardownable {
  teardown(fn: () => unknown): void
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`dovecot did not listen on ${port}`)
}

/** Sends `signal` to a process group; false when none of its processes is left (signal 0 only asks). */
function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(group, signal)
    return true
  } catch {
    return false
  }
}

export async function startDovecot(t: Teardownable): Promise<TestMailbox> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'credenciales-dovecot-'))
  await chmod(dir, 0o755)
  const home = path.join(dir, 'home')
  await mkdir(home)
  await chown(home, MAIL_UID, MAIL_GID)
  const user = 'soporte'
  const password = `clave-${Math.random().toString(36).slice(2)}-secreta`
  const port = await freePort()
  const logPath = path.join(dir, 'dovecot.log')
  await writeFile(path.join(dir, 'users'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 })
  const configPath = path.join(dir, 'dovecot.conf')
  await writeFile(
    configPath,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${logPath}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${MAIL_UID}
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_login_user = dovenull
service imap-login {
  inet_listener imap {
    port = ${port}
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/users
}
userdb {
  driver = static
  args = uid=${MAIL_UID} gid=${MAIL_GID} home=${home}/%u
}
`,
  )
  let child: ChildProcess | undefined
  const url = `imap://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`

  async function start() {
    // Its own process group: the master's helpers (login, auth, log, imap) are stopped with it.
    child = spawn(DOVECOT_BINARY, ['-F', '-c', configPath], { stdio: 'ignore', detached: true })
    await waitForPort(port)
  }

  /**
   * Stops the master and waits until none of its helpers is left: one still writing in the temporary
   * folder after the master exits would make removing the folder fail, and the test file with it.
   */
  async function stop() {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null || running.pid === undefined) return
    const group = -running.pid
    const exited = new Promise((resolve) => running.once('exit', resolve))
    signalGroup(group, 'SIGTERM')
    await exited
    // Bounded: a helper that became a zombie still counts as a member of the group.
    const killAt = Date.now() + 5_000
    while (Date.now() < killAt + 1_000 && signalGroup(group, Date.now() > killAt ? 'SIGKILL' : 0)) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  async function withClient<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false })
    // An 'error' event with no listener (a socket Dovecot drops while a login process starts or ends) would
    // end the whole test process; the command in flight still rejects and says what failed.
    client.on('error', () => undefined)
    await client.connect()
    try {
      return await work(client)
    } finally {
      await client.logout()
    }
  }

  await start()
  t.teardown(async () => {
    await stop()
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
  })
  return {
    url,
    user,
    password,
    port,
    logPath,
    start,
    stop,
    append: (raw, options = {}) =>
      withClient(async (client) => {
        const folder = options.folder ?? 'INBOX'
        if (folder !== 'INBOX' && !(await client.list()).some((mailbox) => mailbox.path === folder)) await client.mailboxCreate(folder)
        const result = await client.append(folder, raw, [], options.date)
        if (!result || !result.uid) throw new Error('append returned no UID')
        return result.uid
      }),
    uids: (folder) =>
      withClient(async (client) => {
        if (!(await client.list()).some((mailbox) => mailbox.path === folder)) return []
        const lock = await client.getMailboxLock(folder)
        try {
          return ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b)
        } finally {
          lock.release()
        }
      }),
  }
}
