/**
 * What a clerk would copy from an e-mail into the intake form: the sender's address, and the names and
 * identity document when the trainer wrote them on labelled lines («Cédula: 1710034065»), as the
 * ministry's instructions ask. Only suggestions: the form shows them for the clerk to confirm.
 */
import { checkPassportNumber, isValidCedula } from '@credenciales/shared'

export interface SuggestedApplicant {
  email: string | null
  givenNames: string | null
  surnames: string | null
  identityDocumentType: 'cedula' | 'passport' | null
  identityDocumentNumber: string | null
}

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/
const LABELLED_LINE = /^\s*[-*•]?\s*([\p{L} ]{3,40}?)\s*[:：]\s*(.{1,200}?)\s*$/u
const NAME = /^[\p{L}][\p{L}' .-]{0,79}$/u
/** Only the first lines are read: a quoted thread below may carry somebody else's data. */
const MAX_LINES = 60

function plain(label: string): string {
  return label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

type Field = 'givenNames' | 'surnames' | 'cedula' | 'passport' | 'document'

const LABELS: Record<string, Field> = {
  nombres: 'givenNames',
  nombre: 'givenNames',
  apellidos: 'surnames',
  apellido: 'surnames',
  cedula: 'cedula',
  'cedula de identidad': 'cedula',
  'cedula de ciudadania': 'cedula',
  'numero de cedula': 'cedula',
  'no. de cedula': 'cedula',
  ci: 'cedula',
  pasaporte: 'passport',
  'numero de pasaporte': 'passport',
  'documento de identidad': 'document',
  documento: 'document',
}

/** The message's own lines: the first ones, without those quoting an earlier message. */
function ownLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .slice(0, MAX_LINES)
    .filter((line) => !line.trimStart().startsWith('>'))
}

function labelledValues(lines: string[]): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {}
  for (const line of lines) {
    const match = LABELLED_LINE.exec(line)
    if (!match) continue
    const field = LABELS[plain(match[1]!)]
    if (field && found[field] === undefined) found[field] = match[2]!.trim()
  }
  return found
}

function nameOrNull(value: string | undefined): string | null {
  const name = value?.replace(/\s+/g, ' ').trim()
  return name && NAME.test(name) ? name : null
}

/** «Juan Carlos Pérez Gómez»: two given names and two surnames, the usual Ecuadorian order; other lengths are left to the clerk. */
function splitDisplayName(displayName: string | null): { givenNames: string | null; surnames: string | null } {
  const words = (displayName ?? '').replace(/["']/g, '').trim().split(/\s+/).filter(Boolean)
  if (!words.every((word) => NAME.test(word))) return { givenNames: null, surnames: null }
  if (words.length === 2) return { givenNames: words[0]!, surnames: words[1]! }
  if (words.length === 4) return { givenNames: words.slice(0, 2).join(' '), surnames: words.slice(2).join(' ') }
  return { givenNames: null, surnames: null }
}

function identityDocumentIn(values: Partial<Record<Field, string>>, lines: string[]): Pick<SuggestedApplicant, 'identityDocumentType' | 'identityDocumentNumber'> {
  const cedula = (values.cedula ?? values.document)?.replace(/[\s.-]/g, '')
  if (cedula && isValidCedula(cedula)) return { identityDocumentType: 'cedula', identityDocumentNumber: cedula }
  const passport = values.passport?.replace(/\s/g, '').toUpperCase()
  if (passport) {
    const checked = checkPassportNumber(passport)
    if (checked.ok) return { identityDocumentType: 'passport', identityDocumentNumber: checked.value }
  }
  // Unlabelled: one valid cédula number, and one only, in the text.
  const candidates = new Set([...lines.join('\n').matchAll(/(?<!\d)\d{10}(?!\d)/g)].map((match) => match[0]).filter(isValidCedula))
  if (candidates.size === 1) return { identityDocumentType: 'cedula', identityDocumentNumber: [...candidates][0]! }
  return { identityDocumentType: null, identityDocumentNumber: null }
}

export function suggestApplicant(message: { fromAddress: string | null; fromName: string | null; textBody: string | null }): SuggestedApplicant {
  const lines = ownLines(message.textBody ?? '')
  const values = labelledValues(lines)
  const fromName = splitDisplayName(message.fromName)
  const givenNames = nameOrNull(values.givenNames)
  const surnames = nameOrNull(values.surnames)
  const labelledNames = givenNames !== null || surnames !== null
  return {
    email: message.fromAddress && ADDRESS.test(message.fromAddress) ? message.fromAddress : null,
    givenNames: labelledNames ? givenNames : fromName.givenNames,
    surnames: labelledNames ? surnames : fromName.surnames,
    ...identityDocumentIn(values, lines),
  }
}
