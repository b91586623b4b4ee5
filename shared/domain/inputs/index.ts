import type { z } from 'zod';
import * as certificates from './certificates';
import * as conversation from './conversation';
import * as people from './people';
import * as programmes from './programmes';
import * as reference from './reference';
import * as work from './work';

export * from './certificates';
export * from './conversation';
export * from './fields';
export * from './messages';
export * from './people';
export * from './programmes';
export * from './reference';
export * from './work';

/**
 * Every command input by the command it belongs to, for the contract to reuse and for the property
 * test that throws random input at each of them.
 */
export const commandInputs = {
  'users.signUp': people.signUpInput,
  'users.editProfile': people.editProfileInput,
  'users.setRole': people.setUserRoleInput,
  'userDetails.submit': people.submitUserDetailsInput,
  'userDetails.approve': people.approveUserDetailsInput,
  'programmes.create': programmes.createProgrammeInput,
  'programmes.edit': programmes.editProgrammeInput,
  'programmes.complete': programmes.completeProgrammeInput,
  'programmes.archive': programmes.archiveProgrammeInput,
  'programmeMembers.add': programmes.addProgrammeMemberInput,
  'programmeMembers.remove': programmes.removeProgrammeMemberInput,
  'applications.apply': programmes.applyToProgrammeInput,
  'applications.decide': programmes.decideApplicationInput,
  'tasks.create': work.createTaskInput,
  'tasks.edit': work.editTaskInput,
  'tasks.assign': work.assignTaskInput,
  'tasks.setStatus': work.setTaskStatusInput,
  'tasks.reopen': work.reopenTaskInput,
  'reports.write': work.writeReportInput,
  'reports.edit': work.editReportInput,
  'reports.submit': work.submitReportInput,
  'reports.holdText': work.holdReportTextInput,
  'certificates.generate': certificates.generateCertificatesInput,
  'certificates.approve': certificates.approveCertificateInput,
  'certificates.revoke': certificates.revokeCertificateInput,
  'certificates.print': certificates.certificatePdfInput,
  'certificates.savePdf': certificates.certificatePdfInput,
  'certificates.renderProgramme': certificates.renderProgrammeCertificatesInput,
  'certificates.verify': certificates.verifyCertificateInput,
  'referenceLists.add': reference.addReferenceListEntryInput,
  'referenceLists.rename': reference.renameReferenceListEntryInput,
  'referenceLists.remove': reference.removeReferenceListEntryInput,
  'chats.start': conversation.startChatInput,
  'messages.send': conversation.sendMessageInput,
  'messages.edit': conversation.editMessageInput,
  'forum.startThread': conversation.startForumThreadInput,
  'forum.reply': conversation.replyToThreadInput,
  'forum.editPost': conversation.editForumPostInput,
  'forum.moderate': conversation.moderateThreadInput,
  'notifications.markRead': conversation.markNotificationReadInput,
  'notifications.broadcast': conversation.broadcastInput,
  'notifications.setDelivery': conversation.setNotificationDeliveryInput,
} as const satisfies Record<string, z.ZodType>;

export type CommandInputName = keyof typeof commandInputs;
