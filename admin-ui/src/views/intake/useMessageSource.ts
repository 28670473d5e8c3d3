import { ref } from 'vue'
import { fetchInboundMessage, type InboundMessageView } from '@/api/inbox'
import { emptyIntakeForm, type IntakeForm } from './intake-form'
import { intakeFormFromMessage } from './message-intake'
import { useMessageAttachment } from './useMessageAttachment'

/**
 * The e-mail named by `?correo=<id>` (the «Registrar solicitud» button of a received message): `load` fills the
 * form from its text and offers its checked photo and resolution, used unless the clerk uploads others.
 */
export function useMessageSource(fill: (values: IntakeForm) => void) {
  const message = ref<InboundMessageView | null>(null)
  const loading = ref(false)
  const problem = ref<unknown>(null)
  const messagePhoto = useMessageAttachment('photo')
  const messageResolution = useMessageAttachment('resolution')

  let requested: string | undefined
  async function load(id: string | undefined) {
    requested = id
    problem.value = null
    if (!id) {
      // Back to the plain form only when it showed a message.
      if (message.value) {
        message.value = null
        messagePhoto.offer(null, [])
        messageResolution.offer(null, [])
        fill(emptyIntakeForm())
      }
      return
    }
    loading.value = true
    try {
      const loaded = await fetchInboundMessage(id)
      if (requested !== id) return
      message.value = loaded
      fill(intakeFormFromMessage(loaded))
      messagePhoto.offer(loaded.id, loaded.attachments)
      messageResolution.offer(loaded.id, loaded.attachments)
    } catch (error) {
      if (requested === id) problem.value = error
    } finally {
      if (requested === id) loading.value = false
    }
  }

  return { message, loading, problem, messagePhoto, messageResolution, load }
}
