import { afterEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref, type EffectScope } from 'vue'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { createListView, useLatestCall, type ListPage } from './useListView'
import { queryText, queryTexts, type CursorPaged } from './list-url-state'

/** A promise settled from outside, to deliver answers in any order. */
function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((settle, fail) => {
    resolve = settle
    reject = fail
  })
  return { promise, resolve, reject }
}

/** Lets awaited promises and Vue's watchers run. */
const settle = async () => {
  for (let round = 0; round < 3; round += 1) {
    await Promise.resolve()
    await nextTick()
  }
}

let scope: EffectScope | undefined
afterEach(() => scope?.stop())

describe('useLatestCall', () => {
  it('keeps only the latest answer, whatever order they arrive in', async () => {
    const answers = [deferred<string>(), deferred<string>()]
    let calls = 0
    const latest = useLatestCall(() => answers[calls++]!.promise)
    const first = latest.run()
    const second = latest.run()
    answers[1]!.resolve('second')
    await second
    expect(latest.data.value).toBe('second')
    expect(latest.loading.value).toBe(false)
    answers[0]!.resolve('first')
    await first
    expect(latest.data.value).toBe('second')
    expect(latest.loading.value).toBe(false)
  })

  it('drops a late failure, and reports its own', async () => {
    const answers = [deferred<string>(), deferred<string>(), deferred<string>()]
    let calls = 0
    const latest = useLatestCall(() => answers[calls++]!.promise)
    const stale = latest.run()
    const current = latest.run()
    answers[1]!.resolve('current')
    answers[0]!.reject(new Error('too late'))
    await Promise.all([stale, current])
    expect(latest.problem.value).toBeNull()
    expect(latest.data.value).toBe('current')
    const failing = latest.run()
    expect(latest.loading.value).toBe(true)
    expect(latest.data.value).toBe('current')
    answers[2]!.reject(new Error('down'))
    await failing
    expect(latest.data.value).toBeNull()
    expect((latest.problem.value as Error).message).toBe('down')
    expect(latest.loading.value).toBe(false)
  })
})

interface NamesState extends CursorPaged {
  search: string
}

function namesList() {
  const url = ref<LocationQuery>({})
  const requests: { state: NamesState; answer: ReturnType<typeof deferred<ListPage<string>>> }[] = []
  const seen: NamesState[] = []
  scope = effectScope()
  const list = scope.run(() =>
    createListView<NamesState, ListPage<string>>({
      parse: (query) => ({ search: queryText(query.buscar) ?? '', cursors: queryTexts(query.cursor) }),
      toQuery: (state): LocationQueryRaw => ({ ...(state.search ? { buscar: state.search } : {}), ...(state.cursors.length ? { cursor: state.cursors } : {}) }),
      fetchPage: (state) => {
        const answer = deferred<ListPage<string>>()
        requests.push({ state, answer })
        return answer.promise
      },
      onState: (state) => seen.push(state),
      query: () => url.value,
      navigate: (query) => {
        url.value = query as LocationQuery
      },
    }),
  )!
  return { list, url, requests, seen }
}

describe('createListView', () => {
  it('fetches the page the URL names, at once and on every change of state', async () => {
    const { list, url, requests, seen } = namesList()
    expect(requests.map((request) => request.state)).toEqual([{ search: '', cursors: [] }])
    requests[0]!.answer.resolve({ items: ['Ana', 'Rosa'], nextCursor: 'c1' })
    await settle()
    expect(list.rows.value).toEqual(['Ana', 'Rosa'])
    expect(list.nextCursor.value).toBe('c1')
    expect(list.loading.value).toBe(false)

    url.value = { buscar: 'nunez' }
    await settle()
    expect(requests.at(-1)!.state).toEqual({ search: 'nunez', cursors: [] })
    expect(seen.at(-1)).toEqual({ search: 'nunez', cursors: [] })
    url.value = { buscar: ' nunez ' }
    await settle()
    expect(requests).toHaveLength(2)
  })

  it('ignores an answer that arrives after a newer request was sent', async () => {
    const { list, url, requests } = namesList()
    url.value = { buscar: 'maria' }
    await settle()
    url.value = { buscar: 'maria jose' }
    await settle()
    requests[2]!.answer.resolve({ items: ['María José Ñúñez Peña'], nextCursor: null })
    await settle()
    requests[1]!.answer.resolve({ items: ['María Cañizares', 'María José Ñúñez Peña'], nextCursor: 'later' })
    requests[0]!.answer.resolve({ items: ['everyone'], nextCursor: 'c1' })
    await settle()
    expect(list.rows.value).toEqual(['María José Ñúñez Peña'])
    expect(list.nextCursor.value).toBeNull()
    expect(list.state.value.search).toBe('maria jose')
  })

  it('pages forward and back through the URL, and a new filter starts over', async () => {
    const { list, url, requests } = namesList()
    requests[0]!.answer.resolve({ items: ['a'], nextCursor: 'c1' })
    await settle()
    list.nextPage()
    await settle()
    expect(url.value).toEqual({ cursor: ['c1'] })
    expect(list.pageNumber.value).toBe(2)
    expect(list.hasPreviousPage.value).toBe(true)
    requests[1]!.answer.resolve({ items: ['b'], nextCursor: null })
    await settle()
    list.nextPage()
    await settle()
    expect(url.value, 'no next page, nowhere to go').toEqual({ cursor: ['c1'] })
    list.select({ search: 'rosa' })
    await settle()
    expect(url.value).toEqual({ buscar: 'rosa' })
    expect(list.pageNumber.value).toBe(1)
    list.go({ search: 'rosa', cursors: ['c9', 'c10'] })
    list.previousPage()
    await settle()
    expect(url.value).toEqual({ buscar: 'rosa', cursor: ['c9'] })
  })

  it('shows the problem of a failed page, without rows, and reloads on demand', async () => {
    const { list, requests } = namesList()
    requests[0]!.answer.reject(new Error('sin conexión'))
    await settle()
    expect(list.rows.value).toEqual([])
    expect(list.nextCursor.value).toBeNull()
    expect((list.problem.value as Error).message).toBe('sin conexión')
    const reloaded = list.reload()
    expect(requests).toHaveLength(2)
    requests[1]!.answer.resolve({ items: ['Ana'], nextCursor: null })
    await reloaded
    expect(list.problem.value).toBeNull()
    expect(list.rows.value).toEqual(['Ana'])
  })
})
