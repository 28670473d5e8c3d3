/** What a rule answers: the value as stored (normalised), or the Spanish message of the first problem. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string }

export const ok = <T>(value: T): Checked<T> => ({ ok: true, value })
export const fail = (message: string): Checked<never> => ({ ok: false, message })

/** The forms' view of a check: the message of the first problem, or undefined when the value is valid. */
export const problemOf = (checked: Checked<unknown>): string | undefined => (checked.ok ? undefined : checked.message)

// Callers may pass through untyped JSON, so a non-string is treated as empty rather than thrown on.
export const text = (input: unknown): string => (typeof input === 'string' ? input : '')
