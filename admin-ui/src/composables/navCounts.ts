import { readonly, ref } from 'vue'

const changes = ref(0)

/**
 * The navigation's counts («Correo entrante»: the messages to attend) are read again on each navigation; an action
 * that changes one without leaving the page (a message archived or linked) says so here.
 */
export function navCountsChanged(): void {
  changes.value += 1
}

/** Watched by the layout, beside the route. */
export const navCountChanges = readonly(changes)
