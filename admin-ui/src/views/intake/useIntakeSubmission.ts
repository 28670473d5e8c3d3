import type { ComputedRef, Ref } from 'vue'
import { useRouter } from 'vue-router'
import { useToast } from 'primevue/usetoast'
import { createRequest, submitRequest, updateRequest } from '@/api/requests'
import { createRequestFromMessage, type InboundMessageView } from '@/api/inbox'
import type { RequestView } from '@/api/types'
import type { FileUpload } from '@/composables/useFileUpload'
import { isStaleStateProblem } from '@/views/requests/request-actions'
import { toCreateRequestBody, toUpdateRequestBody } from './intake-form'
import { toCreateFromMessageBody } from './message-intake'
import type { CorrectedRequest } from './useCorrectedRequest'
import type { IntakeFormState } from './useIntakeForm'
import type { StoredFile } from './useStoredFile'

type Phase = 'editing' | 'creating' | 'uploading' | 'submitting' | 'saving'

/**
 * The intake page's three ways out: «Registrar y enviar a revisión» (the draft, its two files and the submission in
 * one go), «Guardar como borrador» (the data and whatever file was chosen) and, when correcting, «Guardar correcciones».
 * A draft is created once: a later attempt, after a file failed to go, continues with the same one.
 */
export function useIntakeSubmission(page: {
  fields: IntakeFormState
  correction: CorrectedRequest
  phase: Ref<Phase>
  created: Ref<RequestView | null>
  finished: Ref<boolean>
  busy: ComputedRef<boolean>
  uploads: readonly FileUpload[]
  pendingUploads: ComputedRef<FileUpload[]>
  reusing: (upload: FileUpload) => boolean
  fromAttachment: (upload: FileUpload) => boolean
  storedFor: (upload: FileUpload) => StoredFile
  /** The e-mail the request is registered from, if any. */
  messageDraft: () => InboundMessageView | null
  messageAttachments: () => { photo: string | null; resolution: string | null }
}) {
  const router = useRouter()
  const toast = useToast()
  const { fields, correction, phase, created, finished } = page

  /**
   * Checks the form before the draft is created: every field, and the files when they are needed now
   * (to send to review) or were chosen (to keep with a draft).
   */
  function readyToCreate(filesRequired: boolean): boolean {
    fields.startAttempt()
    if (created.value) return true
    const fileProblems = page.pendingUploads.value.filter((upload) => (filesRequired || upload.file.value) && upload.checkMessage.value).length
    return fields.nothingToFix(fileProblems, 'registrar la solicitud')
  }

  /** Creates the draft once; later attempts continue with the same one. */
  async function ensureDraft(): Promise<RequestView | null> {
    if (created.value) return created.value
    phase.value = 'creating'
    try {
      const message = page.messageDraft()
      created.value = message
        ? await createRequestFromMessage(message.id, toCreateFromMessageBody(fields.form, page.messageAttachments()))
        : await createRequest(toCreateRequestBody(fields.form))
      return created.value
    } catch (error) {
      phase.value = 'editing'
      fields.showProblem(error)
      return null
    }
  }

  /**
   * Stores the files not yet stored: a replacement's reused ones and those chosen (all of them when
   * `filesRequired`); true when every one that had to be is stored.
   */
  async function uploadFiles(draft: RequestView, filesRequired: boolean): Promise<boolean> {
    phase.value = 'uploading'
    const uploads = page.uploads.filter((upload) => filesRequired || page.reusing(upload) || upload.file.value)
    // The e-mail's attachments came with the draft itself.
    const send = (upload: FileUpload) =>
      page.fromAttachment(upload) ? Promise.resolve(true) : page.reusing(upload) ? page.storedFor(upload).send(draft.id) : upload.send(draft.id)
    const stored = await Promise.all(uploads.map(send))
    phase.value = 'editing'
    if (stored.every(Boolean)) return true
    fields.summary.value =
      `Se guardó el borrador ${draft.reference}, pero no se pudo cargar uno de los archivos. ` +
      'Revise el mensaje junto al archivo, elija otro y vuelva a intentar.'
    fields.focusFirstProblem()
    return false
  }

  async function registerAndSend() {
    if (page.busy.value || !readyToCreate(true)) return
    const draft = await ensureDraft()
    if (!draft || !(await uploadFiles(draft, true))) return
    phase.value = 'submitting'
    try {
      const submitted = await submitRequest(draft.id)
      finished.value = true
      toast.add({
        severity: 'success',
        summary: 'Solicitud enviada a revisión',
        detail: `${submitted.reference} quedó en la bandeja «Por revisar».`,
        life: 6000,
      })
      await router.push({ name: 'request-detail', params: { id: submitted.id } })
    } catch (error) {
      phase.value = 'editing'
      fields.summary.value = `Se guardó el borrador ${draft.reference}, pero no se pudo enviar a revisión.`
      fields.showProblem(error)
    }
  }

  async function saveDraft() {
    if (page.busy.value || !readyToCreate(false)) return
    const draft = await ensureDraft()
    if (!draft || !(await uploadFiles(draft, false))) return
    finished.value = true
    toast.add({
      severity: 'info',
      summary: 'Borrador guardado',
      detail: `${draft.reference} espera en Bandeja › Borradores hasta que se envíe a revisión.`,
      life: 6000,
    })
    await router.push({ name: 'request-detail', params: { id: draft.id } })
  }

  /** The form at the version read; the API keeps what did not change. */
  async function saveCorrections() {
    const request = correction.corrected.value
    if (page.busy.value || !request) return
    fields.startAttempt()
    correction.stale.value = false
    if (!fields.nothingToFix(0, 'guardar')) return
    phase.value = 'saving'
    try {
      const saved = await updateRequest(request.id, toUpdateRequestBody(fields.form, request.version))
      finished.value = true
      toast.add({ severity: 'success', summary: 'Datos corregidos', detail: `${saved.reference}: los cambios quedaron guardados.`, life: 5000 })
      await router.push({ name: 'request-detail', params: { id: saved.id } })
    } catch (error) {
      phase.value = 'editing'
      if (isStaleStateProblem(error)) await correction.explainChange()
      else fields.showProblem(error)
    }
  }

  return { registerAndSend, saveDraft, saveCorrections }
}
