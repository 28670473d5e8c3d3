import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref, type EffectScope } from 'vue'
import { ApiProblem } from '@/api/problem'
import { useDialogForm, type DialogFormOptions } from './useDialogForm'

/** A promise settled from outside, to hold a send in flight. */
function deferred() {
  let resolve!: () => void
  let reject!: (error: unknown) => void
  const promise = new Promise<void>((settle, fail) => {
    resolve = settle
    reject = fail
  })
  return { promise, resolve, reject }
}

const invalidName = () => new ApiProblem({ status: 400, code: 'VALIDATION', title: 'Datos no válidos', errors: [{ field: 'body.name', message: 'Nombre repetido.' }] })

let scope: EffectScope | undefined
let focused: string[]
beforeEach(() => {
  focused = []
  vi.stubGlobal('document', { getElementById: (id: string) => ({ focus: () => focused.push(id) }) })
})
afterEach(() => {
  scope?.stop()
  vi.unstubAllGlobals()
})

function setUp(overrides: Partial<DialogFormOptions> = {}) {
  const visible = ref(false)
  const name = ref('')
  const sent: string[] = []
  const options: DialogFormOptions = {
    visible: () => visible.value,
    reset: () => {
      name.value = ''
    },
    values: () => name.value.trim(),
    invalidField: () => (name.value.trim() ? null : 'name'),
    send: async () => {
      sent.push(name.value)
    },
    ...overrides,
  }
  scope = effectScope()
  const form = scope.run(() => useDialogForm(options))!
  return { form, visible, name, sent }
}

describe('useDialogForm', () => {
  it('focuses the first input to fix and sends nothing while the form is incomplete', async () => {
    const { form, sent } = setUp()
    await form.submit()
    expect(sent).toEqual([])
    expect(focused).toEqual(['name'])
    expect(form.attempted.value).toBe(true)
  })

  it('sends once however often it is submitted while a send is in flight', async () => {
    const inFlight = deferred()
    let sends = 0
    const { form, name } = setUp({
      send: () => {
        sends += 1
        return inFlight.promise
      },
    })
    name.value = 'Portal Norte'
    const first = form.submit()
    await form.submit()
    expect(form.submitting.value).toBe(true)
    inFlight.resolve()
    await first
    expect(sends).toBe(1)
    expect(form.submitting.value).toBe(false)
  })

  it('keeps a failure to show it, and forgets it and the inputs when the dialog opens again', async () => {
    const { form, visible, name } = setUp({
      send: () => Promise.reject(invalidName()),
    })
    visible.value = true
    await nextTick()
    name.value = 'Portal Norte'
    await form.submit()
    expect(form.problem.value).toBeInstanceOf(ApiProblem)
    expect(form.apiMessage('name')).toBe('Nombre repetido.')
    expect(form.submitting.value).toBe(false)

    visible.value = false
    await nextTick()
    visible.value = true
    await nextTick()
    expect(form.problem.value).toBeNull()
    expect(form.attempted.value).toBe(false)
    expect(name.value).toBe('')
  })

  it('shows above the form only the failures no input shows beside it', async () => {
    const inline = setUp({ send: () => Promise.reject(invalidName()), fieldsShownInline: ['name'] })
    inline.name.value = 'Portal Norte'
    await inline.form.submit()
    expect(inline.form.generalProblem.value).toBeNull()
    scope?.stop()

    const elsewhere = setUp({ send: () => Promise.reject(invalidName()), fieldsShownInline: ['scopes'] })
    elsewhere.name.value = 'Portal Norte'
    await elsewhere.form.submit()
    expect(elsewhere.form.generalProblem.value).toBeInstanceOf(ApiProblem)
  })

  it('is dirty while the open dialog holds something typed and not sent, so that leaving asks first', async () => {
    const inFlight = deferred()
    const { form, visible, name } = setUp({ send: () => inFlight.promise })
    visible.value = true
    await nextTick()
    expect(form.dirty.value).toBe(false)
    name.value = '   '
    expect(form.dirty.value, 'blanks are not something typed').toBe(false)
    name.value = 'Portal Norte'
    expect(form.dirty.value).toBe(true)

    const sending = form.submit()
    expect(form.dirty.value, 'nothing to ask while it is being sent').toBe(false)
    inFlight.resolve()
    await sending
    expect(form.dirty.value, 'sent: nothing left to lose').toBe(false)

    visible.value = false
    await nextTick()
    name.value = 'Otro'
    expect(form.dirty.value, 'a closed dialog holds nothing').toBe(false)
  })

  it('stays dirty after a failed send: what was typed is still unsent', async () => {
    const { form, visible, name } = setUp({ send: () => Promise.reject(invalidName()) })
    visible.value = true
    await nextTick()
    name.value = 'Portal Norte'
    await form.submit()
    expect(form.problem.value).toBeInstanceOf(ApiProblem)
    expect(form.dirty.value).toBe(true)
  })
})
