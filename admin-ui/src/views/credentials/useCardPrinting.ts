import { ref, type Ref } from 'vue'
import { recordCardPrint, type CardPrint, type PrintBody } from '@/api/credentials'
import { ApiProblem } from '@/api/problem'

/**
 * Printing a card: the API counts the print first (the first one without a reason, every reprint with one),
 * then the browser's print dialog opens on the card shown in `frame`. Looking at the card is not printing it.
 * A first print that someone else beat to it comes back asking for a reason: the reason dialog opens.
 */
export function useCardPrinting(options: {
  credentialId: () => string | undefined
  printCount: () => number
  frame: Ref<HTMLIFrameElement | null>
  onPrinted: (print: CardPrint) => void
}) {
  const reasonOpen = ref(false)
  const recording = ref(false)
  const problem = ref<unknown>(null)

  function sendToPrinter(): void {
    const view = options.frame.value?.contentWindow
    if (!view) return
    view.focus()
    view.print()
  }

  /** Records the print, then prints; for the reprint dialog, which shows a failure itself. */
  async function record(body: PrintBody): Promise<CardPrint> {
    const id = options.credentialId()
    if (!id) throw new Error('sin credencial')
    const print = await recordCardPrint(id, body)
    reasonOpen.value = false
    options.onPrinted(print)
    sendToPrinter()
    return print
  }

  async function print(): Promise<void> {
    problem.value = null
    if (options.printCount() > 0) {
      reasonOpen.value = true
      return
    }
    recording.value = true
    try {
      await record({})
    } catch (error) {
      if (error instanceof ApiProblem && error.messageFor('reason')) reasonOpen.value = true
      else problem.value = error
    } finally {
      recording.value = false
    }
  }

  return { reasonOpen, recording, problem, print, record }
}
