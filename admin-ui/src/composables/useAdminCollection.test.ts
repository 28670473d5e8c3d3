import { describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import ConfirmationService from 'primevue/confirmationservice'
import ToastService from 'primevue/toastservice'
import type { ConfirmationOptions } from 'primevue/confirmationoptions'
import type { ToastMessageOptions } from 'primevue/toast'
import { ApiProblem } from '@/api/problem'
import { useAdminCollection, type AdminCollectionOptions } from './useAdminCollection'

interface Account {
  id: string
  name: string
  disabled: boolean
}

const ana: Account = { id: 'a1', name: 'Ana', disabled: false }
const luis: Account = { id: 'a2', name: 'Luis', disabled: true }

/** The composable inside an app with PrimeVue's confirmation and toast services, as the office app runs it. */
function setUp(overrides: Partial<AdminCollectionOptions<Account>> = {}) {
  const switched: [string, boolean][] = []
  const app = createApp({ render: () => null })
  app.use(ConfirmationService).use(ToastService)
  // Watched, not replaced: the services still pass each request on to their dialog and toast components.
  const confirmed = vi.spyOn(app.config.globalProperties.$confirm, 'require')
  const toasted = vi.spyOn(app.config.globalProperties.$toast, 'add')
  const collection = app.runWithContext(() =>
    useAdminCollection<Account>({
      list: async () => [ana, luis],
      setDisabled: async (id, disabled) => {
        switched.push([id, disabled])
        return { ...(id === ana.id ? ana : luis), disabled }
      },
      name: (account) => account.name,
      texts: {
        updated: 'Cuenta actualizada',
        disable: (account) => ({ header: 'Deshabilitar cuenta', message: `¿Deshabilitar a ${account.name}?`, done: 'Cuenta deshabilitada' }),
        enable: (account) => ({ header: 'Habilitar cuenta', message: `¿Habilitar a ${account.name}?`, done: 'Cuenta habilitada' }),
        switchFailure: 'No se pudo cambiar la cuenta',
      },
      ...overrides,
    }),
  )
  const confirmations = (): ConfirmationOptions[] => confirmed.mock.calls.map(([options]) => options)
  const toasts = (): ToastMessageOptions[] => toasted.mock.calls.map(([message]) => message)
  /** Answers yes to the last confirmation and lets its action finish. */
  const accept = async () => {
    await confirmations().at(-1)?.accept?.()
  }
  return { collection, switched, confirmations, toasts, accept }
}

describe('useAdminCollection', () => {
  it('loads the rows, and keeps a failure to load to show it above the table', async () => {
    const { collection } = setUp()
    await collection.load()
    expect(collection.items.map((account) => account.id)).toEqual(['a1', 'a2'])
    expect(collection.loading).toBe(false)

    const failing = setUp({ list: () => Promise.reject(new ApiProblem({ status: 503, code: 'UNAVAILABLE', title: 'Servicio no disponible' })) })
    await failing.collection.load()
    expect(failing.collection.problem).toBeInstanceOf(ApiProblem)
    expect(failing.collection.loading).toBe(false)
  })

  it('disables a row only once the user confirms, and puts the answer in place', async () => {
    const { collection, switched, confirmations, toasts, accept } = setUp()
    await collection.load()
    collection.toggleDisabled(ana)
    expect(switched).toEqual([])
    expect(confirmations()[0]).toMatchObject({ header: 'Deshabilitar cuenta', message: '¿Deshabilitar a Ana?', acceptProps: { label: 'Deshabilitar', severity: 'danger' } })

    await accept()
    expect(switched).toEqual([['a1', true]])
    expect(collection.items[0]).toMatchObject({ id: 'a1', disabled: true })
    expect(toasts()).toEqual([expect.objectContaining({ severity: 'success', summary: 'Cuenta deshabilitada', detail: 'Ana' })])
    expect(collection.busyId).toBeNull()
  })

  it('asks to enable a disabled row in its own words', async () => {
    const { collection, switched, confirmations, accept } = setUp()
    collection.toggleDisabled(luis)
    expect(confirmations()[0]).toMatchObject({ header: 'Habilitar cuenta', acceptProps: { label: 'Habilitar', severity: undefined } })
    await accept()
    expect(switched).toEqual([['a2', false]])
  })

  it('tells a failed row action in a toast with the API\'s words and frees the row', async () => {
    const { collection, toasts, accept } = setUp({
      setDisabled: () => Promise.reject(new ApiProblem({ status: 409, code: 'CONFLICT', title: 'Conflicto', detail: 'La cuenta cambió.' })),
    })
    await collection.load()
    collection.toggleDisabled(ana)
    await accept()
    expect(toasts()).toEqual([expect.objectContaining({ severity: 'error', summary: 'No se pudo cambiar la cuenta', detail: 'La cuenta cambió.' })])
    expect(collection.items[0]).toEqual(ana)
    expect(collection.busyId).toBeNull()
  })

  it('closes the form on save: a new row is added with its one-time secret, an edited one replaced', async () => {
    const { collection, toasts } = setUp()
    await collection.load()
    collection.openCreate()
    expect(collection.formVisible).toBe(true)
    expect(collection.editing).toBeNull()
    const secret = { header: 'Cuenta creada', intro: 'Entregue la clave.', values: [{ id: 'secret', label: 'Clave', value: 's3cr3t' }] }
    collection.created({ id: 'a3', name: 'Eva', disabled: false }, secret)
    expect(collection.formVisible).toBe(false)
    expect(collection.items.map((account) => account.id)).toEqual(['a1', 'a2', 'a3'])
    expect(collection.secret).toEqual(secret)

    collection.openEdit(ana)
    expect(collection.editing).toEqual(ana)
    collection.updated({ ...ana, name: 'Ana María' })
    expect(collection.formVisible).toBe(false)
    expect(collection.items[0]?.name).toBe('Ana María')
    expect(toasts()).toEqual([expect.objectContaining({ severity: 'success', summary: 'Cuenta actualizada', detail: 'Ana María' })])
  })
})
