/** A Content-Security-Policy header as its directives: name → sources, in order. */
export function parsePolicy(header: unknown): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const directive of String(header ?? '').split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/)
    if (name) directives.set(name.toLowerCase(), sources)
  }
  return directives
}
