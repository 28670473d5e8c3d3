import net from 'node:net'

/**
 * A TCP proxy between the app and PostgreSQL, to cut the way as an outage
 * would, without touching the server others' tests run on:
 * - `refuse()`: the server went away: the port is closed and every open
 *   connection dropped;
 * - `blackhole()`: a network partition: connections are still accepted, but
 *   nothing gets through either way, not even a close;
 * - `resume()`: the way is back; what a partition held back is delivered.
 */
export class TcpProxy {
  private mode: 'forward' | 'refuse' | 'blackhole' = 'forward'
  private held: Array<() => void> = []
  private readonly sockets = new Set<net.Socket>()
  private server: net.Server | undefined
  private listeningPort = 0
  private readonly target: { host: string; port: number }

  private constructor(target: { host: string; port: number }) {
    this.target = target
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(target)
    await proxy.listen()
    return proxy
  }

  get port(): number {
    return this.listeningPort
  }

  refuse(): void {
    this.mode = 'refuse'
    this.server?.close()
    this.server = undefined
    this.held = []
    for (const socket of this.sockets) socket.destroy()
  }

  blackhole(): void {
    this.mode = 'blackhole'
  }

  async resume(): Promise<void> {
    const wasRefusing = this.mode === 'refuse'
    this.mode = 'forward'
    if (wasRefusing) await this.listen()
    const held = this.held
    this.held = []
    for (const action of held) action()
  }

  async close(): Promise<void> {
    this.refuse()
  }

  private listen(): Promise<void> {
    const server = net.createServer((client) => this.accept(client))
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.listeningPort, '127.0.0.1', () => {
        this.listeningPort = (server.address() as net.AddressInfo).port
        resolve()
      })
    })
  }

  /** Runs now, or when a partition ends. */
  private act(action: () => void): void {
    if (this.mode === 'blackhole') this.held.push(action)
    else action()
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket)
    socket.on('close', () => this.sockets.delete(socket))
    // Each error is followed by 'close', which is what gets forwarded.
    socket.on('error', () => undefined)
  }

  private accept(client: net.Socket): void {
    this.track(client)
    this.act(() => {
      if (client.destroyed) return
      const upstream = net.connect(this.target.port, this.target.host)
      this.track(upstream)
      this.forward(client, upstream)
      this.forward(upstream, client)
    })
  }

  private forward(from: net.Socket, to: net.Socket): void {
    from.on('data', (chunk) => this.act(() => to.write(chunk)))
    from.on('end', () => this.act(() => to.end()))
    from.on('close', () => this.act(() => to.destroy()))
  }
}
