import { z } from 'zod';
import { memberRoles } from '../../schema/programmeMembers';
import { criteriaInput } from '../criteria';
import { fileRefInput, idInput, nameInput, textInput } from './fields';

/** Programmes, their members and applications to them. */
export const createProgrammeInput = z.strictObject({
  name: nameInput,
  description: textInput,
  picture: fileRefInput.optional(),
  criteria: criteriaInput,
});

export const editProgrammeInput = z.strictObject({
  programmeId: idInput,
  name: nameInput.optional(),
  description: textInput.optional(),
  /** null takes the picture away. */
  picture: fileRefInput.nullable().optional(),
  criteria: criteriaInput.optional(),
});

export const completeProgrammeInput = z.strictObject({ programmeId: idInput });
export const archiveProgrammeInput = z.strictObject({ programmeId: idInput });

export const addProgrammeMemberInput = z.strictObject({
  programmeId: idInput,
  userId: idInput,
  role: z.enum(memberRoles, 'A member is a manager or a mentor.'),
});

export const removeProgrammeMemberInput = z.strictObject({
  programmeId: idInput,
  userId: idInput,
});

/** Answers are checked against the programme's criteria by validateAnswers in the command. */
export const applyToProgrammeInput = z.strictObject({
  programmeId: idInput,
  answers: z.record(z.string(), z.unknown()),
});

/** The note a decision may carry to the applicant. */
export const DECISION_NOTE_MAX = 2_000;
export const decisionNoteInput = z.string().trim().max(DECISION_NOTE_MAX);

export const decideApplicationInput = z.strictObject({
  applicationId: idInput,
  decision: z.enum(['approved', 'declined'], 'The decision is approved or declined.'),
  note: decisionNoteInput.optional(),
});
