const kilobytes = new Intl.NumberFormat('es-EC', { maximumFractionDigits: 0 })
const megabytes = new Intl.NumberFormat('es-EC', { maximumFractionDigits: 1 })

/** One way to write a file's size everywhere in the app: «850 B», «296 KB», «4,8 MB» (1 KB = 1024 B). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${kilobytes.format(bytes / 1024)} KB`
  return `${megabytes.format(bytes / 1024 / 1024)} MB`
}
