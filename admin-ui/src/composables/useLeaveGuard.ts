import { onBeforeUnmount, onMounted } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'
import { useConfirm } from 'primevue/useconfirm'

/** What to ask before leaving a page whose work is not saved or not finished. */
export interface LeaveQuestion {
  header: string
  message: string
  /** The button that leaves anyway. */
  leaveLabel: string
}

/**
 * Asks before the user leaves a form with unsaved work: a confirmation for a move inside the app (a
 * menu link, the browser's Back), the browser's own prompt when the tab is closed or reloaded.
 * `question` says what to ask now, or null when nothing would be lost. `confirmLeave` asks the same
 * before a move the router does not see (a view that swaps the form for another in place).
 */
export function useLeaveGuard(question: () => LeaveQuestion | null): { confirmLeave: () => Promise<boolean> } {
  const confirm = useConfirm()

  function confirmLeave(): Promise<boolean> {
    const asked = question()
    if (!asked) return Promise.resolve(true)
    return new Promise<boolean>((resolve) => {
      confirm.require({
        header: asked.header,
        message: asked.message,
        icon: 'pi pi-exclamation-triangle',
        // Staying is the safe answer: it has the focus, and closing the dialog means it.
        defaultFocus: 'reject',
        rejectProps: { label: 'Seguir en esta página', severity: 'secondary', outlined: true },
        acceptProps: { label: asked.leaveLabel, severity: 'danger' },
        accept: () => resolve(true),
        reject: () => resolve(false),
        onHide: () => resolve(false),
      })
    })
  }

  onBeforeRouteLeave(confirmLeave)

  // Browsers show their own wording here; the page only says that something would be lost.
  function beforeUnload(event: BeforeUnloadEvent) {
    if (!question()) return
    event.preventDefault()
    event.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', beforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', beforeUnload))

  return { confirmLeave }
}
