import { computed, ref, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import { nextPage, pageNumber, previousPage, withFilters, type CursorPaged } from './list-url-state'

/**
 * The office's lists (Bandeja, Credenciales, Auditoría, Quejas): their filters and page live in the URL,
 * so that a link, a reload or the back button shows the same rows; the rows are fetched whenever the URL
 * changes, and an answer that arrives after a newer request was sent is dropped, so that a slow first
 * search never overwrites a quicker second one.
 */

/** What a list endpoint answers: a page of rows and the cursor of the next one. */
export interface ListPage<Item> {
  items: Item[]
  nextCursor: string | null
}

export interface LatestCall<Args extends unknown[], Result> {
  /** The answer to the latest call; null before it or after it failed. */
  data: ShallowRef<Result | null>
  /** The latest call is under way. */
  loading: Ref<boolean>
  /** Why the latest call failed; null otherwise. */
  problem: ShallowRef<unknown>
  run(...args: Args): Promise<void>
}

/**
 * An async call whose latest run alone counts: an earlier run that settles later changes nothing.
 * The previous answer stays on screen while the next one loads.
 */
export function useLatestCall<Args extends unknown[], Result>(call: (...args: Args) => Promise<Result>): LatestCall<Args, Result> {
  const data = shallowRef<Result | null>(null)
  const loading = ref(false)
  const problem = shallowRef<unknown>(null)
  let latest = 0
  async function run(...args: Args): Promise<void> {
    const ticket = ++latest
    loading.value = true
    problem.value = null
    try {
      const result = await call(...args)
      if (ticket === latest) data.value = result
    } catch (error) {
      if (ticket !== latest) return
      data.value = null
      problem.value = error
    } finally {
      if (ticket === latest) loading.value = false
    }
  }
  return { data, loading, problem, run }
}

export interface ListViewOptions<State extends CursorPaged, Page extends ListPage<unknown>> {
  /** Reads the state from the URL, dropping whatever a hand-edited link got wrong. */
  parse(query: LocationQuery): State
  /** The URL query for a state; what is not set is left out, so that links stay short. */
  toQuery(state: State): LocationQueryRaw
  /** Fetches the page a state shows. */
  fetchPage(state: State): Promise<Page>
  /** Told each new state before its page is fetched, e.g. to put its search back in the search box. */
  onState?(state: State): void
}

export interface ListView<State extends CursorPaged, Page extends ListPage<unknown>> {
  state: ComputedRef<State>
  /** The whole answer, for what a list sends besides its rows (the complaints' counts). */
  page: ShallowRef<Page | null>
  rows: ComputedRef<Page['items']>
  nextCursor: ComputedRef<string | null>
  loading: Ref<boolean>
  problem: ShallowRef<unknown>
  /** 1 for the first page. */
  pageNumber: ComputedRef<number>
  hasPreviousPage: ComputedRef<boolean>
  /** Shows a state: puts it in the URL, which fetches its page. */
  go(state: State): void
  /** Changes filters and starts over from the first page. */
  select(changes: Partial<Omit<State, 'cursors'>>): void
  nextPage(): void
  previousPage(): void
  /** Fetches the current page again («Actualizar»). */
  reload(): Promise<void>
}

/** The list view over any source of URL queries: `useListView` gives it the router's; tests, their own. */
export function createListView<State extends CursorPaged, Page extends ListPage<unknown>>(
  options: ListViewOptions<State, Page> & {
    query: () => LocationQuery
    navigate: (query: LocationQueryRaw) => unknown
  },
): ListView<State, Page> {
  const state = computed(() => options.parse(options.query()))
  const latest = useLatestCall(options.fetchPage)
  const go = (next: State) => void options.navigate(options.toQuery(next))
  const nextCursor = computed(() => latest.data.value?.nextCursor ?? null)
  // Compared as text: a new URL with the same state (a repeated click) fetches nothing.
  watch(
    () => JSON.stringify(state.value),
    () => {
      options.onState?.(state.value)
      void latest.run(state.value)
    },
    { immediate: true },
  )
  return {
    state,
    page: latest.data,
    rows: computed(() => (latest.data.value?.items ?? []) as Page['items']),
    nextCursor,
    loading: latest.loading,
    problem: latest.problem,
    pageNumber: computed(() => pageNumber(state.value)),
    hasPreviousPage: computed(() => state.value.cursors.length > 0),
    go,
    select: (changes) => go(withFilters(state.value, changes)),
    nextPage: () => {
      if (nextCursor.value) go(nextPage(state.value, nextCursor.value))
    },
    previousPage: () => go(previousPage(state.value)),
    reload: () => latest.run(state.value),
  }
}

/** A list view of the current route: its query holds the state, and moving to another state pushes a history entry. */
export function useListView<State extends CursorPaged, Page extends ListPage<unknown>>(options: ListViewOptions<State, Page>): ListView<State, Page> {
  const route = useRoute()
  const router = useRouter()
  const name = route.name
  // While the router leaves for another view, this one still reacts once before it unmounts: it keeps its own query.
  let query = route.query
  return createListView({
    ...options,
    query: () => {
      if (route.name === name) query = route.query
      return query
    },
    navigate: (next) => router.push({ query: next }),
  })
}
