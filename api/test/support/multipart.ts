import { randomBytes } from 'node:crypto'

export interface FilePart {
  field?: string
  filename?: string
  contentType?: string
  content: Buffer
}

/** A multipart/form-data body built by hand, so tests control every byte (names, CRLFs, extra parts). */
export function multipart(parts: (FilePart | { field: string; value: string })[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----credenciales${randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`))
    if ('value' in part) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.field}"\r\n\r\n${part.value}\r\n`))
    } else {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.field ?? 'file'}"; filename="${part.filename ?? 'archivo'}"\r\n` +
            `Content-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
        ),
      )
      chunks.push(part.content, Buffer.from('\r\n'))
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** One file in the `file` field: the usual upload. */
export function fileUpload(content: Buffer, filename = 'archivo', contentType?: string) {
  return multipart([{ content, filename, contentType }])
}
