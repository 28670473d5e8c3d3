/**
 * Named schemas for the OpenAPI document. The routes keep their TypeBox schemas inline (validation,
 * serialization and static types stay as they are); the document then names the shared ones under
 * `components/schemas` and points at them with `$ref`, so that generated clients get named types and the
 * document stops repeating each schema in every operation.
 *
 * The registered schemas go through @fastify/swagger's own conversion (as `components.schemas` of its
 * options), so they appear in the same form as the inline copies; `useNamedSchemas` (its `transformObject`)
 * then replaces every inline schema deep-equal to a registered one. Nothing here depends on a schema's shape.
 */
import stableStringify from 'safe-stable-stringify'
import { AuditActionName, AuditEventPage, AuditEventView, AuditSubjectTypeName } from '../modules/audit/schemas.js'
import { CurrentUser, SessionTokens, StaffRole } from '../modules/auth/schemas.js'
import { HolidayList } from '../modules/calendar/schemas.js'
import { ClientWithSecret, PortalClientView, PortalScope } from '../modules/clients/schemas.js'
import {
  ComplaintCategory,
  ComplaintListItem,
  ComplaintPage,
  ComplaintReceipt,
  ComplaintStatus,
  ComplaintView,
  CreateComplaintBody,
  PublicComplaintStatus,
} from '../modules/complaints/schemas.js'
import { CardPrintView, CredentialPage, CredentialView, PickupView } from '../modules/credentials/schemas.js'
import { CredentialStatus } from '../modules/credential-lifecycle/status.js'
import { InboundAttachmentView, InboundMessagePage, InboundMessageSummary, InboundMessageView, InboxCounts } from '../modules/inbox/schemas.js'
import { EmailMessageSummary, EmailMessageView, EmailOutboxPage } from '../modules/notifications/schemas.js'
import { DataSubjectExport, ErasureSummary } from '../modules/personal-data/schemas.js'
import { ReportSummary } from '../modules/reports/schemas.js'
import {
  ActorType,
  ApplicantInput,
  ApplicantView,
  DocumentKind,
  DocumentView,
  HistoryEntry,
  IdentityDocumentType,
  PossibleDuplicate,
  QualificationInput,
  QualificationView,
  RequestChannel,
  RequestCounts,
  RequestPage,
  RequestReason,
  RequestStatus,
  RequestSummary,
  RequestView,
  ReviewIssue,
  UpdateRequestBody,
} from '../modules/requests/schemas.js'
import { Problem } from '../lib/schemas.js'
import { DashboardStats } from '../modules/stats/schemas.js'
import { TransparencyReport } from '../modules/transparency/schemas.js'
import { StaffUserView, UserWithPassword } from '../modules/users/schemas.js'
import { ConfirmDocumentAnswer, VerifyAnswer } from '../modules/verify/schemas.js'
import { DeliveryAttemptView, DeliveryPage, DeliveryView, EndpointWithSecret, WebhookEndpointView, WebhookEventType } from '../modules/webhooks/schemas.js'
import { RequestEventData, TestEventData } from '../modules/webhooks/payloads.js'

/** Name in the document → the TypeBox schema the routes use. Bigger schemas first: they are matched first. */
const registry: Record<string, object> = {
  Problem,
  Request: RequestView,
  RequestSummary,
  RequestPage,
  RequestCounts,
  // CreateRequestBody stays inline: openapi-typescript makes a named schema's properties with a `default`
  // required, which is right for an answer but not for a body whose `reason` may be left out.
  UpdateRequestBody,
  ApplicantInput,
  QualificationInput,
  Applicant: ApplicantView,
  Qualification: QualificationView,
  Document: DocumentView,
  HistoryEntry,
  ReviewIssue,
  PossibleDuplicate,
  Credential: CredentialView,
  CredentialPage,
  CardPrint: CardPrintView,
  Pickup: PickupView,
  Complaint: ComplaintView,
  ComplaintListItem,
  ComplaintPage,
  ComplaintReceipt,
  PublicComplaintStatus,
  CreateComplaintBody,
  InboundMessage: InboundMessageView,
  InboundMessageSummary,
  InboundMessagePage,
  InboundAttachment: InboundAttachmentView,
  InboxCounts,
  EmailMessage: EmailMessageView,
  EmailMessageSummary,
  EmailOutboxPage,
  AuditEvent: AuditEventView,
  AuditEventPage,
  AuditAction: AuditActionName,
  AuditSubjectType: AuditSubjectTypeName,
  User: StaffUserView,
  UserWithPassword,
  CurrentUser,
  SessionTokens,
  PortalClient: PortalClientView,
  PortalClientWithSecret: ClientWithSecret,
  WebhookEndpoint: WebhookEndpointView,
  WebhookEndpointWithSecret: EndpointWithSecret,
  WebhookDelivery: DeliveryView,
  WebhookDeliveryAttempt: DeliveryAttemptView,
  WebhookDeliveryPage: DeliveryPage,
  RequestEventData,
  TestEventData,
  VerifyAnswer,
  ConfirmDocumentAnswer,
  DataSubjectExport,
  ErasureSummary,
  ReportSummary,
  DashboardStats,
  TransparencyReport,
  HolidayList,
  // Closed sets, named so a client gets one type for each wherever it appears.
  RequestStatus,
  RequestChannel,
  RequestReason,
  DocumentKind,
  IdentityDocumentType,
  ActorType,
  CredentialStatus,
  ComplaintStatus,
  ComplaintCategory,
  StaffRole,
  PortalScope,
  WebhookEventType,
}

/** The registered schemas as plain JSON (no TypeBox symbols, no `$id`), for @fastify/swagger's `components.schemas`. */
export function namedSchemas(): Record<string, object> {
  return Object.fromEntries(
    Object.entries(registry).map(([name, schema]) => {
      const { $id: _id, ...plain } = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>
      return [name, plain]
    }),
  )
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A schema's identity: its text with the keys sorted at every level (equal schemas give equal text whatever
 * the order of their keywords), leaving out its annotations at the top (what the use site says about it does
 * not make it another type).
 */
function identityOf(schema: JsonObject): string {
  const { description: _description, title: _title, ...rest } = schema
  return stableStringify(rest)
}

/** Keys whose values are data, not schemas: never replaced. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const'])

/**
 * Replaces, under `node`, every schema equal to a named one by a `$ref` to it (keeping a description of the
 * use site beside the `$ref`, which OpenAPI 3.1 allows). `skip` is the name not to refer to (a component itself).
 */
function replaceNamed(node: Json, names: Map<string, string>, described: Map<string, Json | undefined>, skip?: string): Json {
  if (Array.isArray(node)) return node.map((item) => replaceNamed(item, names, described, skip))
  if (!isObject(node)) return node
  const name = Object.keys(node).length > 0 ? names.get(identityOf(node)) : undefined
  if (name && name !== skip) {
    const ref: JsonObject = { $ref: `#/components/schemas/${name}` }
    if (node.description !== undefined && node.description !== described.get(name)) ref.description = node.description
    return ref
  }
  const nullableName = nonNullForms(node)
    .map((form) => names.get(identityOf(form)))
    .find((found) => found !== undefined && found !== skip)
  if (nullableName) {
    const union: JsonObject = { anyOf: [{ $ref: `#/components/schemas/${nullableName}` }, { type: 'null' }] }
    if (node.description !== undefined && node.description !== described.get(nullableName)) union.description = node.description
    return union
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, DATA_KEYS.has(key) ? value : replaceNamed(value, names, described, skip)]),
  )
}

/**
 * What a `Nullable` schema (lib/schemas.ts) was made from: its type list less `null`, and its enum less `null`
 * (an enum may have had no type of its own). A named one is then written `anyOf: [$ref, null]` in the document.
 */
function nonNullForms(node: JsonObject): JsonObject[] {
  const { type, enum: values, ...rest } = node
  if (!Array.isArray(type) || type.length !== 2 || type[1] !== 'null') return []
  const withoutNull: JsonObject = Array.isArray(values) ? { enum: values.filter((value) => value !== null) } : {}
  const typed: JsonObject = { ...rest, type: type[0]!, ...withoutNull }
  return Array.isArray(values) ? [typed, { ...rest, ...withoutNull }] : [typed]
}

/** @fastify/swagger `transformObject`: named schemas referenced everywhere, in the paths, the webhooks and each other. */
export function useNamedSchemas<T>({ openapiObject }: { openapiObject: T }): T {
  const document = openapiObject as unknown as JsonObject
  const components = (document.components ?? {}) as JsonObject
  const schemas = (components.schemas ?? {}) as JsonObject
  const names = new Map<string, string>()
  const described = new Map<string, Json | undefined>()
  for (const name of Object.keys(registry)) {
    const schema = schemas[name]
    if (!isObject(schema)) continue
    const identity = identityOf(schema)
    if (!names.has(identity)) names.set(identity, name)
    described.set(name, schema.description)
  }
  const namedComponents = Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [name, isObject(schema) ? replaceInside(schema, names, described, name) : schema]),
  )
  const result: JsonObject = { ...document, components: { ...components, schemas: namedComponents } }
  for (const section of ['paths', 'webhooks']) {
    if (document[section] !== undefined) result[section] = replaceNamed(document[section], names, described)
  }
  return result as unknown as T
}

/** A component's own members are replaced, never the component itself. */
function replaceInside(schema: JsonObject, names: Map<string, string>, described: Map<string, Json | undefined>, name: string): JsonObject {
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, DATA_KEYS.has(key) ? value : replaceNamed(value, names, described, name)]),
  )
}
