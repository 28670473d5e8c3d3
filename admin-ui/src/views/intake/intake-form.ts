import type { CreateRequestBody, RequestChannel, RequestReason, RequestView, UpdateRequestBody } from '@/api/types'
import type { LeaveQuestion } from '@/composables/useLeaveGuard'
import { formatFileSize } from '@/composables/file-size'
import type { CredentialView } from '@/api/credentials'
import {
  documentNumberProblem,
  emailProblem,
  endDateProblem,
  issuingCountryProblem,
  nationalityProblem,
  normalizeTrainingAreas,
  personNameProblem,
  resolutionDateProblem,
  resolutionNumberProblem,
  trainingAreaProblem,
  trainingAreasProblem,
  type IdentityDocumentType,
  type UploadMaxBytes,
} from '@credenciales/shared'
import { uploadLimits } from '@/upload-limits'
import { phoneProblem } from '@/validation/phone'

/** The channels the front desk registers (portals use `online`). */
export type DeskChannel = Exclude<RequestChannel, 'online'>

export interface IntakeForm {
  channel: DeskChannel
  /** Null until the user picks one, in a replacement (no reason is assumed for them). */
  reason: RequestReason | null
  documentType: IdentityDocumentType
  documentNumber: string
  issuingCountry: string
  givenNames: string
  surnames: string
  nationality: string
  email: string
  phone: string
  resolutionNumber: string
  /** YYYY-MM-DD, or null while not chosen. */
  resolutionDate: string | null
  endDate: string | null
  trainingAreas: string[]
}

export function emptyIntakeForm(): IntakeForm {
  return {
    channel: 'email',
    reason: 'first_issue',
    documentType: 'cedula',
    documentNumber: '',
    issuingCountry: '',
    givenNames: '',
    surnames: '',
    nationality: 'ECU',
    email: '',
    phone: '',
    resolutionNumber: '',
    resolutionDate: null,
    endDate: null,
    trainingAreas: [''],
  }
}

export const REPLACEMENT_REASONS = [
  'replacement_lost',
  'replacement_stolen',
  'replacement_damaged',
  'replacement_data_change',
] as const satisfies readonly RequestReason[]

export type ReplacementReason = (typeof REPLACEMENT_REASONS)[number]

/** What the form takes from the credential being replaced (`GET /api/v1/credentials/{id}`, its detail). */
export type ReplacedCredential = Pick<
  CredentialView,
  'id' | 'code' | 'status' | 'requestId' | 'holder' | 'resolutionNumber' | 'resolutionDate' | 'trainingAreas' | 'expiresOn' | 'replacement'
>

/**
 * Why this credential cannot be replaced, or null when it can: the API's own answer (the credential's detail says
 * for which reasons it would accept a replacement today, and why not when it would refuse one).
 */
export function replacementBlocker(credential: Pick<ReplacedCredential, 'code' | 'replacement'>): string | null {
  if (!credential.replacement) return `No se pudo comprobar si la credencial ${credential.code} se puede reponer.`
  return credential.replacement.reasons.length > 0 ? null : (credential.replacement.refusal ?? `La credencial ${credential.code} no se puede reponer.`)
}

/** The reasons the clerk may choose for this replacement (after a loss or theft revocation: loss or theft only). */
export function replacementReasons(credential: Pick<ReplacedCredential, 'replacement'>): ReplacementReason[] {
  return [...(credential.replacement?.reasons ?? [])]
}

/** The contact data the holder gave with the request of the credential being replaced, when still kept. */
export interface PreviousContact {
  nationality: string
  email: string | null
  phone: string | null
}

/**
 * The form of a replacement, filled with what the credential carries: the holder's identity document and names,
 * and the qualification; and with the nationality, e-mail and phone of the request that led to it, when they are
 * still kept (the clerk confirms or corrects them). The reason is left for the clerk to choose.
 */
export function replacementIntakeForm(credential: ReplacedCredential, previous: PreviousContact | null = null): IntakeForm {
  const { identityDocument } = credential.holder
  const passport = identityDocument.type === 'passport'
  return {
    ...emptyIntakeForm(),
    reason: null,
    documentType: identityDocument.type,
    documentNumber: identityDocument.number,
    issuingCountry: passport ? identityDocument.country : '',
    givenNames: credential.holder.givenNames,
    surnames: credential.holder.surnames,
    // Without the earlier request, a passport's country is the likeliest nationality; the clerk sees it and can change it.
    nationality: previous?.nationality ?? (passport ? identityDocument.country : 'ECU'),
    email: previous?.email ?? '',
    phone: previous?.phone ?? '',
    resolutionNumber: credential.resolutionNumber,
    resolutionDate: credential.resolutionDate,
    endDate: credential.expiresOn,
    trainingAreas: credential.trainingAreas.length > 0 ? [...credential.trainingAreas] : [''],
  }
}

/** The inputs of the form, named by their path in the API's request body (as its `errors[].field` names them). */
export const FIELD = {
  documentType: 'applicant.identityDocument.type',
  documentNumber: 'applicant.identityDocument.number',
  issuingCountry: 'applicant.identityDocument.country',
  givenNames: 'applicant.givenNames',
  surnames: 'applicant.surnames',
  nationality: 'applicant.nationality',
  email: 'applicant.email',
  phone: 'applicant.phone',
  resolutionNumber: 'qualification.resolutionNumber',
  resolutionDate: 'qualification.resolutionDate',
  endDate: 'qualification.endDate',
  trainingAreas: 'qualification.trainingAreas',
  channel: 'channel',
  reason: 'reason',
} as const satisfies Record<string, string>

/** `trainingAreas.3` → the fourth area's input. */
export function trainingAreaPath(index: number): string {
  return `${FIELD.trainingAreas}.${index}`
}

/** Every client-side problem of the form, keyed by field path (only the fields that have one). */
export function validateIntake(form: IntakeForm, today: string): Record<string, string> {
  const problems: Record<string, string | undefined> = {
    [FIELD.reason]: form.reason === null ? 'Elija el motivo de la reposición.' : undefined,
    [FIELD.documentNumber]: documentNumberProblem(form.documentType, form.documentNumber),
    [FIELD.issuingCountry]: form.documentType === 'passport' ? issuingCountryProblem(form.issuingCountry) : undefined,
    [FIELD.givenNames]: personNameProblem(form.givenNames),
    [FIELD.surnames]: personNameProblem(form.surnames),
    [FIELD.nationality]: nationalityProblem(form.nationality),
    [FIELD.email]: emailProblem(form.email),
    [FIELD.phone]: phoneProblem(form.phone),
    [FIELD.resolutionNumber]: resolutionNumberProblem(form.resolutionNumber),
    [FIELD.resolutionDate]: resolutionDateProblem(form.resolutionDate, today),
    [FIELD.endDate]: endDateProblem(form.endDate, form.resolutionDate),
    [FIELD.trainingAreas]: trainingAreasProblem(form.trainingAreas),
  }
  // An empty extra row is dropped on sending; only a row with text in it can be wrong.
  form.trainingAreas.forEach((area, index) => {
    if (area.trim() !== '') problems[trainingAreaPath(index)] = trainingAreaProblem(area)
  })
  return Object.fromEntries(Object.entries(problems).filter((entry): entry is [string, string] => entry[1] !== undefined))
}

/** The body of `POST /api/v1/requests`, from a form that passed `validateIntake`. */
export function toCreateRequestBody(form: IntakeForm): CreateRequestBody {
  const passport = form.documentType === 'passport'
  return {
    channel: form.channel,
    ...(form.reason ? { reason: form.reason } : {}),
    applicant: {
      identityDocument: {
        type: form.documentType,
        number: passport ? form.documentNumber.trim().toUpperCase() : form.documentNumber.trim(),
        country: passport ? form.issuingCountry.trim().toUpperCase() : 'ECU',
      },
      givenNames: form.givenNames.normalize('NFC').trim().replace(/\s+/g, ' '),
      surnames: form.surnames.normalize('NFC').trim().replace(/\s+/g, ' '),
      nationality: form.nationality.trim().toUpperCase(),
      email: form.email.trim(),
      phone: form.phone.trim(),
    },
    qualification: {
      resolutionNumber: form.resolutionNumber.trim().toUpperCase(),
      resolutionDate: form.resolutionDate ?? '',
      ...(form.endDate ? { endDate: form.endDate } : {}),
      trainingAreas: normalizeTrainingAreas(form.trainingAreas),
    },
  }
}

/**
 * The form of a correction, filled with what the request holds now (an office request: its channel is e-mail
 * or in person). Null when its personal data was erased: there is nothing left to correct.
 */
export function intakeFormFromRequest(request: RequestView): IntakeForm | null {
  const { applicant, qualification } = request
  if (!applicant || request.channel === 'online') return null
  const { identityDocument } = applicant
  const passport = identityDocument.type === 'passport'
  return {
    channel: request.channel,
    reason: request.reason,
    documentType: passport ? 'passport' : 'cedula',
    documentNumber: identityDocument.number,
    issuingCountry: passport ? identityDocument.country : '',
    givenNames: applicant.givenNames,
    surnames: applicant.surnames,
    nationality: applicant.nationality,
    email: applicant.email ?? '',
    phone: applicant.phone ?? '',
    resolutionNumber: qualification.resolutionNumber,
    resolutionDate: qualification.resolutionDate,
    endDate: qualification.endDate,
    trainingAreas: qualification.trainingAreas.length > 0 ? [...qualification.trainingAreas] : [''],
  }
}

/**
 * The body of `PATCH /api/v1/requests/{id}`: the whole of the form, at the version read. The API changes what
 * differs and names those fields in the history; an end date taken away is sent as null.
 */
export function toUpdateRequestBody(form: IntakeForm, version: number): UpdateRequestBody {
  const { applicant, qualification, reason } = toCreateRequestBody(form)
  return { version, applicant, qualification: { ...qualification, endDate: form.endDate ?? null }, ...(reason ? { reason } : {}) }
}

/** Whether the form differs from the values it started from. */
export function formChanged(form: IntakeForm, start: IntakeForm): boolean {
  return JSON.stringify(form) !== JSON.stringify(start)
}

/**
 * What to ask before leaving the registration: a draft saved but not sent is kept (and says where to find
 * it); typed data never saved would be lost. Nothing once the request was sent.
 */
export function intakeLeaveQuestion(state: { draftReference: string | null; sent: boolean; changed: boolean }): LeaveQuestion | null {
  if (state.sent) return null
  if (state.draftReference) {
    return {
      header: 'La solicitud no se envió a revisión',
      message:
        `La solicitud ${state.draftReference} quedó guardada como borrador, sin enviar a revisión. ` +
        'Podrá completarla y enviarla desde Bandeja › Borradores.',
      leaveLabel: 'Salir y dejar el borrador',
    }
  }
  if (!state.changed) return null
  return {
    header: 'Datos sin guardar',
    message: 'Lo escrito en el formulario no se ha guardado y se perderá. Para conservarlo, use «Guardar como borrador».',
    leaveLabel: 'Salir sin guardar',
  }
}

/** What to ask before leaving a correction that was not saved. */
export function correctionLeaveQuestion(state: { saved: boolean; changed: boolean }): LeaveQuestion | null {
  if (state.saved || !state.changed) return null
  return {
    header: 'Correcciones sin guardar',
    message: 'Las correcciones escritas no se han guardado y se perderán.',
    leaveLabel: 'Salir sin guardar',
  }
}

/**
 * Sorts the API's field errors: those that name an input of the form (keyed by its path without `body.`),
 * and the others, to show above the form. `qualification.trainingAreas.2` stays per row.
 */
export function routeServerErrors(
  errors: readonly { field: string; message: string }[],
  knownPaths: ReadonlySet<string>,
  areaCount: number,
): { byField: Record<string, string>; other: string[] } {
  const byField: Record<string, string> = {}
  const other: string[] = []
  for (const error of errors) {
    const path = error.field.replace(/^body\./, '').replace(/^\//, '').replaceAll('/', '.')
    const areaRow = /^qualification\.trainingAreas\.(\d+)$/.exec(path)
    const key = knownPaths.has(path) || (areaRow && Number(areaRow[1]) < areaCount) ? path : undefined
    if (key) byField[key] = byField[key] ? `${byField[key]} ${error.message}` : error.message
    else other.push(error.message)
  }
  return { byField, other }
}

/** The client-side checks of a chosen file, before sending it (the API checks the content itself), with the given limits. */
export function fileRulesFor(maxBytes: Readonly<UploadMaxBytes>) {
  return {
    photo: { label: 'Fotografía', accept: 'image/jpeg,.jpg,.jpeg', maxBytes: maxBytes.photo, mediaType: 'image/jpeg', format: 'JPEG' },
    resolution: { label: 'Resolución de Calificación', accept: 'application/pdf,.pdf', maxBytes: maxBytes.resolution, mediaType: 'application/pdf', format: 'PDF' },
  } as const
}

/** The file rules with the running instance's limits (@/upload-limits). */
export const fileRules = fileRulesFor(uploadLimits)

export type IntakeFileKind = keyof typeof fileRules

export function fileProblem(
  kind: IntakeFileKind,
  file: { name: string; type: string; size: number } | null,
  rules: ReturnType<typeof fileRulesFor> = fileRules,
): string | undefined {
  const rule = rules[kind]
  if (!file) return kind === 'photo' ? 'Seleccione la fotografía (JPEG).' : 'Seleccione la Resolución de Calificación (PDF).'
  const extension = file.name.toLowerCase().split('.').pop() ?? ''
  const typeMatches =
    file.type === rule.mediaType ||
    (file.type === '' && (kind === 'photo' ? ['jpg', 'jpeg'].includes(extension) : extension === 'pdf'))
  if (!typeMatches) return `El archivo debe ser ${rule.format}.`
  if (file.size === 0) return 'El archivo está vacío.'
  if (file.size > rule.maxBytes) return `El archivo supera el máximo de ${formatFileSize(rule.maxBytes)}.`
  return undefined
}

