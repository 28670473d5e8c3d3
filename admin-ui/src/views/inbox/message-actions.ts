import type { InboundAttachment, InboundMessageView } from '@/api/inbox'
import type { StaffRole } from '@/api/types'

export type MessageAction = 'register' | 'link' | 'archive' | 'use_attachments'

/**
 * What the message's page offers, by its state and the viewer's roles (the API's rules): a new message is turned into
 * a request (front desk), linked to one, or archived; a reply linked to a request gives its attachments as new
 * document versions (front desk) and is archived once attended. The others, and an erased one, are only read.
 */
export function messageActions(message: Pick<InboundMessageView, 'status' | 'erasedAt'>, hasRole: (...roles: StaffRole[]) => boolean): MessageAction[] {
  // Erased with its request's personal data: nothing is left to act on.
  if (message.erasedAt) return []
  const frontDesk = hasRole('front_desk')
  switch (message.status) {
    case 'new':
      return [...(frontDesk ? (['register'] as const) : []), 'link', 'archive']
    case 'linked':
      return [...(frontDesk ? (['use_attachments'] as const) : []), 'archive']
    default:
      return []
  }
}

/** A checked photo or resolution: what can become a request's document. */
export type UsableAttachment = InboundAttachment & { kind: 'photo' | 'resolution' }

export function usableAttachments(attachments: readonly InboundAttachment[]): UsableAttachment[] {
  return attachments.filter((attachment): attachment is UsableAttachment => attachment.check === 'ok' && attachment.kind !== 'other')
}

/** The first checked attachment of a kind, the one preselected in the intake form. */
export function firstUsable(attachments: readonly InboundAttachment[], kind: 'photo' | 'resolution'): UsableAttachment | null {
  return usableAttachments(attachments).find((attachment) => attachment.kind === kind) ?? null
}

export function useAttachmentLabel(kind: 'photo' | 'resolution'): string {
  return kind === 'photo' ? 'Usar como nueva fotografía' : 'Usar como nueva resolución'
}

/** The name a download is saved under: the one it came with, or a plain one by its kind. */
export function attachmentFileName(attachment: Pick<InboundAttachment, 'filename' | 'kind'>): string {
  if (attachment.filename.trim() !== '') return attachment.filename
  return attachment.kind === 'resolution' ? 'resolucion.pdf' : attachment.kind === 'photo' ? 'fotografia.jpg' : 'adjunto'
}
