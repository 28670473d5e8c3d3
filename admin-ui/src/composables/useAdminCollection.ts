import { reactive, ref, type Ref } from 'vue'
import { useConfirm } from 'primevue/useconfirm'
import { useToast } from 'primevue/usetoast'
import { errorMessage } from '@/api/problem'

/** What the administration lists hold: accounts that are switched off rather than deleted. */
interface Administered {
  id: string
  disabled: boolean
}

/** Values the API gives only once (a temporary password, a client secret), for `OneTimeSecretDialog`. */
export interface OneTimeSecret {
  header: string
  intro: string
  values: { id: string; label: string; value: string }[]
}

/** An action on one row that the user confirms first; while it runs the row's buttons wait. */
export interface ConfirmedRowAction {
  header: string
  message: string
  icon: string
  acceptLabel: string
  acceptSeverity?: 'danger' | 'warn'
  /** The toast's title when it fails (the API's words are its detail). */
  failure: string
  run: () => Promise<void>
}

interface Switching {
  header: string
  message: string
  /** The toast's title once done. */
  done: string
}

export interface AdminCollectionOptions<Item extends Administered> {
  list: () => Promise<Item[]>
  setDisabled: (id: string, disabled: boolean) => Promise<Item>
  /** How a row is named in the messages (toasts' detail). */
  name: (item: Item) => string
  texts: {
    /** The toast's title after the form saves changes. */
    updated: string
    disable: (item: Item) => Switching
    enable: (item: Item) => Switching
    /** The toast's title when enabling or disabling fails. */
    switchFailure: string
  }
}

/**
 * The rows of an administration list and the actions on one row: it loads them (a failure shows above the
 * table, `problem`), puts what the API answers back in place, and runs a row's action, after a confirmation
 * when it asks one, telling a failure in a toast. `useAdminCollection` builds on it; a list whose rows are not
 * accounts (a portal's webhooks) uses it alone.
 */
export function useAdminRows<Item extends { id: string }>(list: () => Promise<Item[]>) {
  const confirm = useConfirm()
  const toast = useToast()

  const items = ref<Item[]>([]) as Ref<Item[]>
  const loading = ref(false)
  const problem = ref<unknown>(null)
  /** The row whose action is running. */
  const busyId = ref<string | null>(null)

  async function load() {
    loading.value = true
    problem.value = null
    try {
      items.value = await list()
    } catch (error) {
      problem.value = error
    } finally {
      loading.value = false
    }
  }

  /** Puts the API's current version of a row in place (or adds a new one). */
  function replace(item: Item) {
    const index = items.value.findIndex((candidate) => candidate.id === item.id)
    if (index >= 0) items.value.splice(index, 1, item)
    else items.value.push(item)
  }

  async function runOn(item: Item, action: () => Promise<void>, failure: string) {
    busyId.value = item.id
    try {
      await action()
    } catch (error) {
      toast.add({ severity: 'error', summary: failure, detail: errorMessage(error), life: 10000 })
    } finally {
      busyId.value = null
    }
  }

  function confirmThenRun(item: Item, action: ConfirmedRowAction) {
    confirm.require({
      header: action.header,
      message: action.message,
      icon: action.icon,
      acceptProps: { label: action.acceptLabel, severity: action.acceptSeverity },
      rejectProps: { label: 'Cancelar', severity: 'secondary', text: true },
      accept: () => runOn(item, action.run, action.failure),
    })
  }

  return { items, loading, problem, busyId, load, replace, runOn, confirmThenRun }
}

/**
 * The shape of an administration list (staff users, portal clients): it loads the rows, opens the form to
 * create or edit one, puts what the API answers back in place, and enables or disables a row after a
 * confirmation. A failure to load shows above the table (`problem`); a failed row action, in a toast.
 * One reactive object, so that a view reads it as `users.items`, `users.openEdit(user)`.
 */
export function useAdminCollection<Item extends Administered>(options: AdminCollectionOptions<Item>) {
  const toast = useToast()
  const rows = useAdminRows(options.list)
  const { replace, confirmThenRun } = rows

  const formVisible = ref(false)
  /** The row the form edits; null when it creates one. */
  const editing = ref<Item | null>(null) as Ref<Item | null>
  const secret = ref<OneTimeSecret | null>(null)

  function openCreate() {
    editing.value = null
    formVisible.value = true
  }

  function openEdit(item: Item) {
    editing.value = item
    formVisible.value = true
  }

  function created(item: Item, shownOnce: OneTimeSecret) {
    formVisible.value = false
    replace(item)
    secret.value = shownOnce
  }

  function updated(item: Item) {
    formVisible.value = false
    replace(item)
    toast.add({ severity: 'success', summary: options.texts.updated, detail: options.name(item), life: 4000 })
  }

  function toggleDisabled(item: Item) {
    const disabling = !item.disabled
    const texts = disabling ? options.texts.disable(item) : options.texts.enable(item)
    confirmThenRun(item, {
      header: texts.header,
      message: texts.message,
      icon: disabling ? 'pi pi-ban' : 'pi pi-check-circle',
      acceptLabel: disabling ? 'Deshabilitar' : 'Habilitar',
      acceptSeverity: disabling ? 'danger' : undefined,
      failure: options.texts.switchFailure,
      run: async () => {
        replace(await options.setDisabled(item.id, disabling))
        toast.add({ severity: 'success', summary: texts.done, detail: options.name(item), life: 4000 })
      },
    })
  }

  return reactive({
    ...rows,
    formVisible,
    editing,
    secret,
    openCreate,
    openEdit,
    created,
    updated,
    toggleDisabled,
  })
}
