import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@credenciales/shared'
import { Type, type Static } from 'typebox'
import { staffRoles } from '../../db/schema/index.js'

export const StaffRole = Type.Enum(staffRoles)

export const Password = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })

export const LoginBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
)

export const CurrentUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  fullName: Type.String(),
  roles: Type.Array(StaffRole),
  mustChangePassword: Type.Boolean(),
})
export type CurrentUser = Static<typeof CurrentUser>

export const SessionTokens = Type.Object({
  accessToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Segundos de validez del token de acceso' }),
  user: CurrentUser,
})

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: Password },
  { additionalProperties: false },
)
