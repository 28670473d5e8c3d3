import { es } from 'primelocale/js/es.js'

/**
 * PrimeVue's Spanish texts (day and month names, accessibility labels…) from primelocale, with the
 * conventions of Ecuadorian public administration: week from Monday, dd/mm/aaaa, lowercase month names.
 */
export const spanishLocale = {
  ...es,
  firstDayOfWeek: 1,
  dateFormat: 'dd/mm/yy',
  monthNames: es.monthNames.map((name) => name.toLowerCase()),
  dayNames: es.dayNames.map((name) => name.toLowerCase()),
  today: 'Hoy',
  clear: 'Limpiar',
}
