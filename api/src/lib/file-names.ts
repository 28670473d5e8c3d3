const MAX_LENGTH = 120

/**
 * The uploader's file name, made safe to store and show: no directories, no control
 * characters (CR/LF included), only letters, digits and a few punctuation marks, bounded.
 * It is never used to build a path.
 */
export function sanitizeFileName(name: string | undefined): string | null {
  if (!name) return null
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? ''
  const cleaned = base
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s_]+/, '')
    .trim()
  if (!cleaned) return null
  if (cleaned.length <= MAX_LENGTH) return cleaned
  const dot = cleaned.lastIndexOf('.')
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : ''
  return cleaned.slice(0, MAX_LENGTH - extension.length) + extension
}
