import { z } from 'zod';
import { NAME_MAX } from '../../schema/fields';
import { userRoles } from '../../schema/users';
import {
  emailInput,
  fileRefInput,
  idInput,
  idListInput,
  nameInput,
  textInput,
  urlInput,
} from './fields';

/** Signing up, profiles, mentor details and roles. */
export const signUpInput = z.strictObject({
  username: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]{2,59}$/,
      'A username is 3–60 lower-case letters, digits, . _ or -.',
    ),
  email: emailInput,
  password: z
    .string()
    .min(8, 'A password has at least 8 characters.')
    .max(128, 'A password has at most 128 characters.'),
  fullName: nameInput.optional(),
});

const optionalText = (max: number) => z.string().trim().max(max).optional();

/** A profile's one-line headline. */
export const HEADLINE_MAX = 200;

export const editProfileInput = z.strictObject({
  userId: idInput,
  fullName: nameInput.optional(),
  email: emailInput.optional(),
  country: optionalText(NAME_MAX),
  city: optionalText(NAME_MAX),
  social: z
    .strictObject({
      github: urlInput.optional(),
      facebook: urlInput.optional(),
      twitter: urlInput.optional(),
      linkedin: urlInput.optional(),
    })
    .optional(),
  website: urlInput.optional(),
  bio: textInput.optional(),
  headline: optionalText(HEADLINE_MAX),
});

export const submitUserDetailsInput = z.strictObject({
  previousRoles: z.array(nameInput).max(100),
  previousProgrammes: z.array(nameInput).max(100),
  programmeOfInterest: idInput.optional(),
  yearsOfTechnicalExperience: z
    .number('Years of experience is a number.')
    .min(0, 'Years of experience cannot be negative.')
    .max(80, 'Years of experience is at most 80.'),
  document: fileRefInput.optional(),
  beenMentorBefore: z.boolean(),
  technicalProficiency: idListInput,
});

export const approveUserDetailsInput = z.strictObject({ userDetailsId: idInput });

export const setUserRoleInput = z.strictObject({
  userId: idInput,
  role: z.enum(userRoles, 'The role is admin, manager or mentor.'),
});
