/**
 * Copies text to the clipboard. The async Clipboard API needs a secure context (HTTPS or localhost);
 * elsewhere a hidden textarea and `execCommand('copy')` do the job. Resolves to whether it worked.
 */
export async function copyText(text: string, environment: { navigator?: Navigator; document?: Document } = globalThis): Promise<boolean> {
  const clipboard = environment.navigator?.clipboard
  if (clipboard?.writeText) {
    try {
      await clipboard.writeText(text)
      return true
    } catch {
      // Refused (permissions, no focus): try the fallback.
    }
  }
  const document = environment.document
  if (!document?.body) return false
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.appendChild(area)
  area.select()
  try {
    return document.execCommand('copy')
  } catch {
    return false
  } finally {
    area.remove()
  }
}
