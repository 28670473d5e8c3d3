import { definePreset } from '@primeuix/themes'
import Aura from '@primeuix/themes/aura'

/**
 * PrimeVue's Aura theme, in the blue of the ministry's public pages, with darker shades wherever Aura's
 * defaults (the 500 and 600 shades) fall short of WCAG AA contrast (4.5:1) for text on them or beside them.
 */
const palette = Object.fromEntries(
  [50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950].map((shade) => [shade, `{blue.${shade}}`]),
)

/** Severity → the palette whose 700–900 shades pass AA against white. */
const severities = { info: 'sky', success: 'green', warn: 'orange', danger: 'red', help: 'purple' } as const

const solidButtons = Object.fromEntries(
  Object.entries(severities).map(([severity, color]) => [
    severity,
    {
      background: `{${color}.700}`,
      hoverBackground: `{${color}.800}`,
      activeBackground: `{${color}.900}`,
      borderColor: `{${color}.700}`,
      hoverBorderColor: `{${color}.800}`,
      activeBorderColor: `{${color}.900}`,
      focusRing: { color: `{${color}.700}`, shadow: 'none' },
    },
  ]),
)
const textColoredButtons = Object.fromEntries(
  Object.entries(severities).map(([severity, color]) => [severity, { color: `{${color}.700}`, borderColor: `{${color}.700}` }]),
)

/** Message and toast texts: Aura's 600 shades on their pale backgrounds are just under 4.5:1. */
const notices = { info: 'blue', success: 'green', warn: 'yellow', error: 'red' } as const
const noticeColors = Object.fromEntries(
  Object.entries(notices).map(([severity, color]) => [
    severity,
    {
      color: color === 'yellow' ? '{yellow.800}' : `{${color}.700}`,
      outlined: { color: `{${color}.800}`, borderColor: `{${color}.700}` },
      simple: { color: `{${color}.800}` },
    },
  ]),
)

export const officeTheme = definePreset(Aura, {
  semantic: {
    primary: palette,
    colorScheme: {
      light: {
        primary: { color: '{primary.700}', contrastColor: '#ffffff', hoverColor: '{primary.800}', activeColor: '{primary.900}' },
      },
    },
  },
  components: {
    button: {
      colorScheme: {
        light: { root: solidButtons, outlined: textColoredButtons, text: textColoredButtons },
      },
    },
    message: { colorScheme: { light: noticeColors } },
    toast: {
      colorScheme: {
        light: Object.fromEntries(Object.entries(noticeColors).map(([severity, { color }]) => [severity, { color }])),
      },
    },
  },
})
