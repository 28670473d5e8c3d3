import type { DocumentKind } from '@/api/types'

const JPEG_MAGIC = [0xff, 0xd8, 0xff]
const PDF_MAGIC = [...'%PDF-'].map((character) => character.charCodeAt(0))

/** What the file's first bytes must be, and what to tell a person whose file is something else. */
const expectations: Record<DocumentKind, { magic: number[]; message: string }> = {
  photo: { magic: JPEG_MAGIC, message: 'El archivo no es una fotografía JPEG. Ábrala y guárdela como JPG, y vuelva a elegirla.' },
  resolution: { magic: PDF_MAGIC, message: 'El archivo no es un PDF. Guárdelo o imprímalo como PDF, y vuelva a elegirlo.' },
  authorization_letter: { magic: PDF_MAGIC, message: 'El archivo no es un PDF. Escanee la carta como PDF y vuelva a elegirla.' },
}

/**
 * Checks, from its first bytes, that a chosen file is the kind it must be, before
 * it is sent: a Word document renamed «.pdf» is caught here at once, in plain
 * words. The API still checks the whole content.
 */
export async function fileContentProblem(kind: DocumentKind, file: Blob): Promise<string | undefined> {
  const { magic, message } = expectations[kind]
  const head = new Uint8Array(await file.slice(0, magic.length).arrayBuffer())
  return magic.every((byte, index) => head[index] === byte) ? undefined : message
}
