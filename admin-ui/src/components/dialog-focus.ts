/** What a user types into: the fields whose focus must not be taken while she types. */
const TYPED_INTO = 'input, textarea, [role="combobox"]'

/** Per open dialog (its root element): the field the user went into while the dialog was opening. */
const fieldFocusedWhileOpening = new WeakMap<Element, HTMLElement>()

function rememberField(event: Event) {
  const { target, currentTarget } = event
  if (target instanceof HTMLElement && target.matches(TYPED_INTO) && currentTarget instanceof Element) {
    fieldFocusedWhileOpening.set(currentTarget, target)
  }
}

/**
 * PrimeVue's Dialog moves the focus to its close button when its opening animation ends, 300 ms after it
 * shows. A clerk quick enough to have clicked into a field by then would see the rest of what she types go
 * nowhere. These transition hooks run after the Dialog's own (`pt.dialog.transition` in main.ts) and give the
 * focus back to the field she was in; a dialog nobody touched while it opened keeps PrimeVue's focus.
 */
export const keepFieldFocusWhileOpening = {
  onEnter(dialog: Element) {
    dialog.addEventListener('focusin', rememberField)
  },
  onAfterEnter(dialog: Element) {
    dialog.removeEventListener('focusin', rememberField)
    const field = fieldFocusedWhileOpening.get(dialog)
    fieldFocusedWhileOpening.delete(dialog)
    if (field?.isConnected && document.activeElement !== field) field.focus()
  },
}
