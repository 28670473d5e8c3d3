import { computed, inject, ref, watch, type InjectionKey } from 'vue'
import { useRoute } from 'vue-router'
import type { RequestView } from '@/api/types'
import { useFileUpload, type FileUpload } from '@/composables/useFileUpload'
import { useLeaveGuard } from '@/composables/useLeaveGuard'
import { correctionLeaveQuestion, fileProblem, formChanged, intakeLeaveQuestion } from './intake-form'
import { messageIntakeBlocker } from './message-intake'
import { useCorrectedRequest } from './useCorrectedRequest'
import { useIntakeForm } from './useIntakeForm'
import { useIntakeSubmission } from './useIntakeSubmission'
import { useMessageSource } from './useMessageSource'
import { useReplacementSource } from './useReplacementSource'

/** A query parameter naming a record, or undefined when absent or empty. */
function queryId(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * Everything the intake page holds: the form, where it was filled from (a replacement's credential, an e-mail, the
 * request being corrected), its files and the steps that register, send or save it. The page provides it to its
 * sections (`useIntakeContext`).
 */
export function useIntake(id: () => string | undefined) {
  const route = useRoute()
  const correcting = computed(() => id() !== undefined)
  const phase = ref<'editing' | 'creating' | 'uploading' | 'submitting' | 'saving'>('editing')
  const created = ref<RequestView | null>(null)
  /** Sent to review, or the correction saved: nothing is left to lose. */
  const finished = ref(false)
  const busy = computed(() => phase.value !== 'editing')

  const fields = useIntakeForm({
    reviewIssues: () => correction.corrected.value?.reviewIssues ?? [],
    pendingUploads: () => pendingUploads.value,
  })
  const replacement = useReplacementSource(fields.resetForm)
  const inbound = useMessageSource(fields.resetForm)
  const correction = useCorrectedRequest(id, fields.resetForm)

  /** A message already turned into a request, linked or archived is not registered again. */
  const messageBlocker = computed(() => (inbound.message.value && !created.value ? messageIntakeBlocker(inbound.message.value) : null))
  const fromMessage = computed(() => inbound.message.value !== null && messageBlocker.value === null)

  const photo = useFileUpload('photo', (file) => fileProblem('photo', file))
  const resolution = useFileUpload('resolution', (file) => fileProblem('resolution', file))
  const storedFor = (upload: FileUpload) => (upload.kind === 'photo' ? replacement.storedPhoto : replacement.storedResolution)
  const attachmentFor = (upload: FileUpload) => (upload.kind === 'photo' ? inbound.messagePhoto : inbound.messageResolution)
  const fromAttachment = (upload: FileUpload) => fromMessage.value && attachmentFor(upload).active.value
  const reusing = (upload: FileUpload) => (replacement.replacing.value && storedFor(upload).active.value) || fromAttachment(upload)
  /** The uploads still to check and send: those the clerk chose, not the reused ones. */
  const pendingUploads = computed(() => [photo, resolution].filter((upload) => !reusing(upload)))

  const locked = computed(
    () =>
      created.value !== null ||
      phase.value === 'creating' ||
      replacement.loading.value ||
      inbound.loading.value ||
      messageBlocker.value !== null ||
      (correcting.value && (!correction.corrected.value || correction.notCorrectable.value !== null)),
  )

  /** A replacement for loss or theft of a card still valid revokes it when the request is registered: said beforehand. */
  const revokesOnRegister = computed(() => {
    const source = replacement.source.value
    const reason = fields.form.reason
    return replacement.replacing.value && source?.status === 'active' && (reason === 'replacement_lost' || reason === 'replacement_stolen')
      ? `Al registrar la solicitud, la credencial ${source.code} se revocará de inmediato por ${reason === 'replacement_lost' ? 'pérdida' : 'robo'}: ` +
          'nadie podrá usarla mientras se emite la nueva.'
      : ''
  })

  useLeaveGuard(() => {
    const changed = formChanged(fields.form, fields.startingForm.value) || photo.file.value !== null || resolution.file.value !== null
    return correcting.value
      ? correctionLeaveQuestion({ saved: finished.value, changed })
      : intakeLeaveQuestion({ draftReference: created.value?.reference ?? null, sent: finished.value, changed })
  })

  // Once a draft exists the page is about that draft; another address no longer refills the form.
  watch(
    () => queryId(route.query.reposicion),
    (credentialId) => {
      if (!created.value && !correcting.value) void replacement.load(credentialId)
    },
    { immediate: true },
  )
  watch(
    () => queryId(route.query.correo),
    (messageId) => {
      if (!created.value && !correcting.value) void inbound.load(messageId)
    },
    { immediate: true },
  )

  const submission = useIntakeSubmission({
    fields,
    correction,
    phase,
    created,
    finished,
    busy,
    uploads: [photo, resolution],
    pendingUploads,
    reusing,
    fromAttachment,
    storedFor,
    messageDraft: () => (fromMessage.value ? inbound.message.value : null),
    messageAttachments: () => ({ photo: inbound.messagePhoto.chosenId.value, resolution: inbound.messageResolution.chosenId.value }),
  })

  return {
    ...fields,
    ...submission,
    correcting,
    phase,
    created,
    finished,
    busy,
    locked,
    correction,
    replacement,
    replacing: replacement.replacing,
    inbound,
    messageBlocker,
    fromMessage,
    photo,
    resolution,
    reusing,
    revokesOnRegister,
  }
}

export type IntakeContext = ReturnType<typeof useIntake>

export const intakeContextKey: InjectionKey<IntakeContext> = Symbol('intake')

/** The intake page's state, for its sections. */
export function useIntakeContext(): IntakeContext {
  const context = inject(intakeContextKey)
  if (!context) throw new Error('The intake sections are used inside IntakeView only.')
  return context
}
