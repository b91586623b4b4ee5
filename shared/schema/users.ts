import type { ExtractDocumentTypeFromTypedRxJsonSchema, RxJsonSchema } from 'rxdb';
import {
  EMAIL_MAX,
  NAME_MAX,
  TEXT_MAX,
  URL_MAX,
  idField,
  isoField,
  timestampFields,
  typedSchema,
} from './fields';
import { notificationCategories, notificationDeliveries } from './notifications';

export const userRoles = ['admin', 'manager', 'mentor'] as const;
export type UserRole = (typeof userRoles)[number];

const urlField = { type: 'string', format: 'uri', maxLength: URL_MAX } as const;

/** A person may sign from a few machines, each with its own key; keys are never taken back. */
export const MAX_SIGNING_KEYS = 20;

/**
 * A public key someone published to sign certificates with (Ed25519, raw 32 bytes in base64url).
 * The private half stays in the secret store of the machine that made it.
 */
const signingKeyField = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 8, maxLength: 8 },
    publicKey: { type: 'string', minLength: 43, maxLength: 43 },
    createdAt: isoField,
  },
  required: ['id', 'publicKey', 'createdAt'],
  additionalProperties: false,
} as const;

/**
 * A person in the organisation. `id` is the person's account name in the server's user store
 * (CouchDB `_users`), so the server's `userCtx.name` is the id that author fields hold. The password
 * is never here: credentials live only in the server's user store, hashed there (DESIGN §2).
 *
 * Version 1 (migration 0002) adds `signingKeys`, the public keys an admin signs certificates with.
 * Version 2 (migration 0003) adds `notificationPreferences`: per category, how the person wants
 * to be told (absent: the default of shared/domain/notifications).
 */
const literal = typedSchema({
  title: 'users',
  description: 'People of the organisation and their public profile.',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: idField,
    username: { type: 'string', minLength: 1, maxLength: 60 },
    email: { type: 'string', format: 'email', maxLength: EMAIL_MAX },
    role: { type: 'string', enum: userRoles, maxLength: 10 },
    /** Printed on certificates; the username stands in when absent. */
    fullName: { type: 'string', maxLength: NAME_MAX },
    profileComplete: { type: 'boolean' },
    country: { type: 'string', maxLength: NAME_MAX },
    city: { type: 'string', maxLength: NAME_MAX },
    social: {
      type: 'object',
      properties: { github: urlField, facebook: urlField, twitter: urlField, linkedin: urlField },
      additionalProperties: false,
    },
    website: urlField,
    bio: { type: 'string', maxLength: TEXT_MAX },
    headline: { type: 'string', maxLength: 200 },
    dateCreated: isoField,
    signingKeys: { type: 'array', items: signingKeyField, maxItems: MAX_SIGNING_KEYS },
    notificationPreferences: {
      type: 'object',
      properties: Object.fromEntries(
        notificationCategories.map((category) => [
          category,
          { type: 'string', enum: notificationDeliveries, maxLength: 10 },
        ]),
      ) as Record<
        (typeof notificationCategories)[number],
        { type: 'string'; enum: typeof notificationDeliveries; maxLength: 10 }
      >,
      additionalProperties: false,
    },
    ...timestampFields,
  },
  required: [
    'id',
    'username',
    'email',
    'role',
    'profileComplete',
    'dateCreated',
    'createdAt',
    'updatedAt',
  ],
  indexes: ['username', 'email', ['role', 'username']],
  additionalProperties: false,
} as const);

export type UserDoc = ExtractDocumentTypeFromTypedRxJsonSchema<typeof literal>;
export const usersSchema: RxJsonSchema<UserDoc> = literal;
