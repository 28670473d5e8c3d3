// Prints the gzip size of the JavaScript the browser loads before the first screen:
// the entry module and the modules index.html preloads. Lazy-loaded views are not counted.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

const BUDGET_BYTES = 250 * 1000
const BASE = '/admin/'
const distDir = fileURLToPath(new URL('../dist/', import.meta.url))

/**
 * The `src` of module scripts and the `href` of modulepreload links, in document order.
 * @param {string} html
 * @returns {string[]}
 */
export function initialScripts(html) {
  /** @type {string[]} */
  const urls = []
  for (const [tag] of html.matchAll(/<(script|link)\b[^>]*>/g)) {
    const isModuleScript = /^<script\b/.test(tag) && /\btype="module"/.test(tag)
    const isPreload = /^<link\b/.test(tag) && /\brel="modulepreload"/.test(tag)
    const url = isModuleScript ? /\bsrc="([^"]+)"/.exec(tag)?.[1] : isPreload ? /\bhref="([^"]+)"/.exec(tag)?.[1] : undefined
    if (url && !urls.includes(url)) urls.push(url)
  }
  return urls
}

/** @param {string} url */
function localPath(url) {
  if (!url.startsWith(BASE)) throw new Error(`Unexpected script URL outside ${BASE}: ${url}`)
  return path.join(distDir, url.slice(BASE.length))
}

function main() {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8')
  const files = initialScripts(html).map((url) => {
    const gzipBytes = gzipSync(readFileSync(localPath(url)), { level: 9 }).length
    return { url, gzipBytes }
  })
  const total = files.reduce((sum, file) => sum + file.gzipBytes, 0)
  for (const file of files) console.log(`  ${(file.gzipBytes / 1000).toFixed(1).padStart(7)} kB  ${file.url}`)
  console.log(`Initial JS: ${(total / 1000).toFixed(1)} kB gzip in ${files.length} file(s) (budget ${BUDGET_BYTES / 1000} kB)`)
  if (files.length === 0) {
    console.error('No initial script found in dist/index.html')
    process.exit(1)
  }
  if (total > BUDGET_BYTES) {
    console.error('Initial JS is over budget: lazy-load more of it.')
    process.exit(1)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
