export * from './countries.js'
export * from './identity-document.js'
export * from './status-labels.js'
export * from './transparency-chart.js'
