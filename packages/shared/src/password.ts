/**
 * Staff passwords: the API's rule for a new one (its request schemas and the first administrator's setting),
 * which the office app checks as it is typed, with the same messages in its two password forms.
 */
export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 256

/** What the form says under a new password until the password breaks the rule. */
export const NEW_PASSWORD_RULE = `Al menos ${PASSWORD_MIN_LENGTH} caracteres.`

/** Why the new password typed so far cannot be used; undefined while it is empty or once it can. */
export function newPasswordProblem(password: string): string | undefined {
  return password !== '' && password.length < PASSWORD_MIN_LENGTH ? `Use al menos ${PASSWORD_MIN_LENGTH} caracteres.` : undefined
}

/** Why the repeated password does not confirm the new one; undefined while it is empty or once it matches. */
export function confirmationProblem(password: string, confirmation: string): string | undefined {
  return confirmation !== '' && confirmation !== password ? 'Las contraseñas no coinciden.' : undefined
}

/** Whether a new password and its confirmation can be sent. */
export function newPasswordReady(password: string, confirmation: string): boolean {
  return password.length >= PASSWORD_MIN_LENGTH && confirmation === password
}
