/**
 * Looks inside generated PDFs with the tools a print shop would trust rather
 * than with the library that wrote them: Poppler's command-line tools
 * (Debian's poppler-utils) for pages, fonts, text and images, and zbarimg
 * (Debian's zbar-tools) to read QR codes the way a scanner does, from pixels.
 * Each call works in its own temporary folder, removed afterwards.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

const PACKAGE_OF: Record<string, string> = {
  pdfinfo: 'poppler-utils',
  pdffonts: 'poppler-utils',
  pdftotext: 'poppler-utils',
  pdfimages: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  zbarimg: 'zbar-tools',
}

/** The base-14 fonts a PDF may name without embedding them, and their common aliases. */
export const STANDARD_FONT_NAMES = [
  'Courier', 'Courier-Bold', 'Courier-Oblique', 'Courier-BoldOblique',
  'Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique',
  'Times-Roman', 'Times-Bold', 'Times-Italic', 'Times-BoldItalic',
  'Symbol', 'ZapfDingbats', 'Arial', 'TimesNewRoman', 'CourierNew',
]

interface ToolResult {
  stdout: Buffer
  exitCode: number
}

/** Runs a tool without a shell; a missing tool is reported with the package that provides it. */
function runTool(tool: string, args: string[], acceptedExitCodes: number[] = [0]): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        const pkg = PACKAGE_OF[tool] ?? 'its package'
        reject(new Error(`${tool} is not installed; install it with: apt-get install -y ${pkg}`))
        return
      }
      const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      if (!acceptedExitCodes.includes(exitCode)) {
        reject(new Error(`${tool} ${args.join(' ')} exited with ${exitCode}: ${stderr.toString('utf8').trim()}`))
        return
      }
      resolve({ stdout, exitCode })
    })
  })
}

/** Writes `bytes` to a file in a fresh temporary folder, runs `work` on its path, and removes the folder. */
async function withTempFile<T>(bytes: Buffer, name: string, work: (file: string, folder: string) => Promise<T>): Promise<T> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'pdf-tools-'))
  try {
    const file = path.join(folder, name)
    await writeFile(file, bytes)
    return await work(file, folder)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

export interface PdfInfo {
  pages: number
  /** In points, per page. */
  pageSizes: Array<{ width: number; height: number }>
  /** The Info dictionary's text fields, by name as pdfinfo prints them (Title, Author, Producer…). */
  fields: Record<string, string>
}

export function pdfInfo(pdf: Buffer): Promise<PdfInfo> {
  return withTempFile(pdf, 'in.pdf', async (file) => {
    // pdfinfo clamps -l to the last page, and prints one size line per page.
    const { stdout } = await runTool('pdfinfo', ['-enc', 'UTF-8', '-f', '1', '-l', '100000', file])
    const fields: Record<string, string> = {}
    const pageSizes: PdfInfo['pageSizes'] = []
    for (const line of stdout.toString('utf8').split('\n')) {
      const size = /^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/.exec(line)
      if (size) {
        pageSizes.push({ width: Number(size[1]), height: Number(size[2]) })
        continue
      }
      const field = /^([A-Za-z ]+):\s*(.*)$/.exec(line)
      if (field?.[1] !== undefined && field[2] !== undefined) fields[field[1]] = field[2]
    }
    return { pages: Number(fields.Pages), pageSizes, fields }
  })
}

export interface PdfFont {
  name: string
  type: string
  encoding: string
  embedded: boolean
  subset: boolean
  unicode: boolean
}

export function pdfFonts(pdf: Buffer): Promise<PdfFont[]> {
  return withTempFile(pdf, 'in.pdf', async (file) => {
    const { stdout } = await runTool('pdffonts', [file])
    const lines = stdout.toString('utf8').split('\n')
    const rule = lines[1] ?? ''
    // The columns are fixed-width, as wide as the dashes under the header ("CID TrueType" holds a space).
    const columns: Array<[number, number]> = []
    for (const match of rule.matchAll(/-+/g)) columns.push([match.index, match.index + match[0].length])
    return lines
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const cell = (index: number) => {
          const [start, end] = columns[index] ?? [0, 0]
          return line.slice(start, end).trim()
        }
        return {
          name: cell(0),
          type: cell(1),
          encoding: cell(2),
          embedded: cell(3) === 'yes',
          subset: cell(4) === 'yes',
          unicode: cell(5) === 'yes',
        }
      })
  })
}

/**
 * The text, UTF-8, in reading order; `layout` keeps the physical layout (a form's label and value stay on one line);
 * `raw` keeps the order of the content stream (rotated text, which reading order would split letter by letter).
 */
export function pdfText(pdf: Buffer, options: { firstPage?: number; lastPage?: number; layout?: boolean; raw?: boolean } = {}): Promise<string> {
  return withTempFile(pdf, 'in.pdf', async (file) => {
    const args = ['-enc', 'UTF-8']
    if (options.layout) args.push('-layout')
    if (options.raw) args.push('-raw')
    if (options.firstPage !== undefined) args.push('-f', String(options.firstPage))
    if (options.lastPage !== undefined) args.push('-l', String(options.lastPage))
    const { stdout } = await runTool('pdftotext', [...args, file, '-'])
    return stdout.toString('utf8')
  })
}

/** Runs of whitespace (line breaks included) as one space: for finding a phrase that may wrap. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

export interface PdfWord {
  text: string
  xMin: number
  yMin: number
  xMax: number
  yMax: number
}

export interface PdfPageWords {
  width: number
  height: number
  words: PdfWord[]
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Every word with its box, in points from the page's top-left corner, page by page. */
export function pdfWords(pdf: Buffer): Promise<PdfPageWords[]> {
  return withTempFile(pdf, 'in.pdf', async (file) => {
    const { stdout } = await runTool('pdftotext', ['-enc', 'UTF-8', '-bbox', file, '-'])
    const pages: PdfPageWords[] = []
    const tokens = /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g
    for (const match of stdout.toString('utf8').matchAll(tokens)) {
      if (match[1] !== undefined) {
        pages.push({ width: Number(match[1]), height: Number(match[2]), words: [] })
        continue
      }
      const page = pages.at(-1)
      if (!page) throw new Error('pdftotext -bbox printed a word before any page')
      page.words.push({
        text: (match[7] ?? '').replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name] ?? ''),
        xMin: Number(match[3]),
        yMin: Number(match[4]),
        xMax: Number(match[5]),
        yMax: Number(match[6]),
      })
    }
    return pages
  })
}

export interface PdfImage {
  page: number
  type: string
  width: number
  height: number
  encoding: string
}

/** The images drawn on each page, as `pdfimages -list` reports them. */
export function pdfImages(pdf: Buffer): Promise<PdfImage[]> {
  return withTempFile(pdf, 'in.pdf', async (file) => {
    const { stdout } = await runTool('pdfimages', ['-list', file])
    return stdout
      .toString('utf8')
      .split('\n')
      .slice(2)
      .map((line) => line.trim().split(/\s+/))
      .filter((cells) => cells.length >= 9)
      .map((cells) => ({
        page: Number(cells[0]),
        type: cells[2] ?? '',
        width: Number(cells[3]),
        height: Number(cells[4]),
        encoding: cells[8] ?? '',
      }))
  })
}

/** One page as a PNG, rasterised by Poppler at `dpi` (300 by default, a card printer's resolution). */
export function renderPageToPng(pdf: Buffer, page: number, dpi = 300): Promise<Buffer> {
  return withTempFile(pdf, 'in.pdf', async (file, folder) => {
    const prefix = path.join(folder, 'page')
    await runTool('pdftoppm', ['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), '-singlefile', file, prefix])
    return readFile(`${prefix}.png`)
  })
}

/** The data of every QR code zbarimg finds in the image; none is an empty list. */
export function decodeQrCodes(png: Buffer): Promise<string[]> {
  return withTempFile(png, 'in.png', async (file) => {
    // zbarimg exits with 4 when it finds no symbol; --raw prints each symbol's data on its own line.
    const { stdout, exitCode } = await runTool('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', file], [0, 4])
    if (exitCode === 4) return []
    return stdout
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
  })
}
