import { computed, ref } from 'vue'
import type { InboundAttachment } from '@/api/inbox'
import { firstUsable, type UsableAttachment } from '@/views/inbox/message-actions'

/**
 * In a request registered from an e-mail, the message's checked photo or resolution, offered instead of an upload:
 * `offer` finds the first one of its kind; `use` is the clerk's choice (on by default when there is one). The API
 * takes it with the draft itself (`photoAttachmentId`, `resolutionAttachmentId`): nothing is sent apart.
 */
export function useMessageAttachment(kind: 'photo' | 'resolution') {
  const source = ref<UsableAttachment | null>(null)
  const messageId = ref<string | null>(null)
  const use = ref(false)

  /** Whether the draft takes this attachment rather than an upload. */
  const active = computed(() => source.value !== null && use.value)
  /** The attachment's id for the draft's body, or null when the clerk uploads a file instead. */
  const chosenId = computed(() => (active.value ? source.value!.id : null))

  function offer(id: string | null, attachments: readonly InboundAttachment[]): void {
    source.value = id ? firstUsable(attachments, kind) : null
    messageId.value = source.value ? id : null
    use.value = source.value !== null
  }

  return { kind, source, messageId, use, active, chosenId, offer }
}

export type MessageAttachment = ReturnType<typeof useMessageAttachment>
