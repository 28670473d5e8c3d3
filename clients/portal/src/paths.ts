/**
 * Every path the client and the example use, in one place: when the contract renames one
 * (see CHANGELOG-API.md), it changes here and the types regenerated from api/openapi.json
 * say whether anything else must follow.
 */
export const portalPaths = {
  token: '/oauth/token',
  requests: '/api/v1/requests/',
  request: '/api/v1/requests/{id}',
  submit: '/api/v1/requests/{id}/submit',
  withdraw: '/api/v1/requests/{id}/withdraw',
  document: '/api/v1/requests/{id}/documents/{kind}',
  verify: '/verify/{code}',
} as const
