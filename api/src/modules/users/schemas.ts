import { Type } from 'typebox'
import { StaffRole } from '../auth/schemas.js'
import { Nullable, Timestamp, Uuid } from '../../lib/schemas.js'

const Roles = Type.Array(StaffRole, { minItems: 0, maxItems: 4, uniqueItems: true })

export const StaffUserView = Type.Object({
  id: Uuid,
  email: Type.String(),
  fullName: Type.String(),
  roles: Roles,
  disabled: Type.Boolean(),
  lockedUntil: Nullable(Timestamp),
  lastLoginAt: Nullable(Timestamp),
  createdAt: Timestamp,
})

export const CreateUserBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    fullName: Type.String({ minLength: 1, maxLength: 160 }),
    roles: Roles,
  },
  { additionalProperties: false },
)

export const UpdateUserBody = Type.Object(
  {
    fullName: Type.Optional(Type.String({ minLength: 1, maxLength: 160 })),
    roles: Type.Optional(Roles),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const UserWithPassword = Type.Object({
  user: StaffUserView,
  temporaryPassword: Type.String({ description: 'Se muestra una sola vez; el usuario debe cambiarla al ingresar.' }),
})
