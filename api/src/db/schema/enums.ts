import { pgEnum } from '../drizzle.js'

export const identityDocumentTypes = ['cedula', 'passport'] as const
export const identityDocumentType = pgEnum('identity_document_type', identityDocumentTypes)

export const requestStatuses = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'approved',
  'issued',
  'delivered',
  'rejected',
  'withdrawn',
] as const
export type RequestStatus = (typeof requestStatuses)[number]
export const requestStatus = pgEnum('request_status', requestStatuses)

/** A request in one of these states no longer blocks a new request for the same applicant. */
export const closedRequestStatuses = ['withdrawn', 'rejected', 'delivered'] as const satisfies readonly RequestStatus[]

export const requestChannels = ['online', 'email', 'in_person'] as const
export type RequestChannel = (typeof requestChannels)[number]
export const requestChannel = pgEnum('request_channel', requestChannels)

export const requestReasons = ['first_issue', 'replacement_lost', 'replacement_stolen', 'replacement_damaged', 'replacement_data_change'] as const
export type RequestReason = (typeof requestReasons)[number]
export const requestReason = pgEnum('request_reason', requestReasons)
export type ReplacementReason = Exclude<RequestReason, 'first_issue'>

export const documentKinds = ['photo', 'resolution', 'authorization_letter'] as const
export type DocumentKind = (typeof documentKinds)[number]
export const documentKind = pgEnum('document_kind', documentKinds)

export const staffRoles = ['admin', 'reviewer', 'issuer', 'front_desk'] as const
export type StaffRole = (typeof staffRoles)[number]

export const portalScopes = ['requests:read', 'requests:write'] as const
export type PortalScope = (typeof portalScopes)[number]

export const actorTypes = ['staff', 'portal', 'public', 'system'] as const
export type ActorType = (typeof actorTypes)[number]
export const actorType = pgEnum('actor_type', actorTypes)

/**
 * `pending_exchange`: a replacement for damage or a change of data, issued while the card it replaces
 * is still valid. It becomes `active` when it is handed over, and the old card `replaced` at that moment,
 * so that the holder is never left without a valid card and `active` stays one per person.
 */
export const credentialStatuses = ['active', 'revoked', 'replaced', 'pending_exchange'] as const
export type CredentialStatus = (typeof credentialStatuses)[number]
export const credentialStatus = pgEnum('credential_status', credentialStatuses)
/** A card in one of these states is valid and waits at the office until it is collected. */
export const deliverableCredentialStatuses = ['active', 'pending_exchange'] as const satisfies readonly CredentialStatus[]

export const revocationReasons = ['lost', 'stolen', 'issuance_error', 'qualification_lost', 'holder_request', 'other'] as const
export type RevocationReason = (typeof revocationReasons)[number]
export const revocationReason = pgEnum('revocation_reason', revocationReasons)

/** Why a card is printed again; its first print needs no reason. */
export const reprintReasons = ['paper_jam', 'print_error', 'damaged_before_delivery', 'other'] as const
export type ReprintReason = (typeof reprintReasons)[number]
export const reprintReason = pgEnum('reprint_reason', reprintReasons)

export const collectorTypes = ['holder', 'authorized'] as const
export type CollectorType = (typeof collectorTypes)[number]
export const collectorType = pgEnum('collector_type', collectorTypes)

export const complaintCategories = ['poor_service', 'delay', 'fake_credential_or_misuse', 'personal_data', 'other'] as const
export type ComplaintCategory = (typeof complaintCategories)[number]
export const complaintCategory = pgEnum('complaint_category', complaintCategories)

export const complaintStatuses = ['received', 'in_progress', 'resolved'] as const
export type ComplaintStatus = (typeof complaintStatuses)[number]
export const complaintStatus = pgEnum('complaint_status', complaintStatuses)
