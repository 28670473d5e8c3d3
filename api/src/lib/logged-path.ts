const PUBLIC_LOOKUP = /^\/verify\/[^/]*/

/**
 * A request's path as the log keeps it, beside the client's address: without the query string (searched
 * names, document numbers), and with a public lookup's code as `:code`, so that the log does not tell which
 * credential each address checked.
 */
export function loggedPath(url: string): string {
  const path = url.split('?', 1)[0]!
  return path.replace(PUBLIC_LOOKUP, '/verify/:code')
}
