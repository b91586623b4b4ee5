import { z } from 'zod';
import { broadcastAudiences, chatKinds } from '../../schema/chats';
import { TEXT_MAX } from '../../schema/fields';
import { notificationCategories, notificationDeliveries } from '../../schema/notifications';
import { MAX_ATTACHMENTS } from '../files';
import { fileRefInput, idInput, idListInput, textInput, titleInput } from './fields';

/** Chats, the forum and notifications. */
const bodyInput = (max: number) => z.string().trim().min(1, 'Write something first.').max(max);

/** The members are the others: the one starting the chat is always in it. */
export const startChatInput = z
  .strictObject({
    // A broadcast is started with startBroadcastInput (a title and an audience, no members).
    kind: z.enum(
      chatKinds.filter((kind) => kind !== 'broadcast'),
      'A chat is direct, a group or a programme channel.',
    ),
    memberIds: idListInput.min(1, 'Choose who to talk to.'),
    title: titleInput.optional(),
    programmeId: idInput.optional(),
  })
  .refine((chat) => chat.kind !== 'direct' || chat.memberIds.length === 1, {
    message: 'A direct chat is with one person.',
    path: ['memberIds'],
  })
  .refine((chat) => (chat.kind === 'programme') === (chat.programmeId !== undefined), {
    message: 'A programme channel, and only one, names its programme.',
    path: ['programmeId'],
  });

/** Some text, files (uploaded first: `files.upload` for an `attachment`), or both. */
export const sendMessageInput = z
  .strictObject({
    chatId: idInput,
    body: z.string().trim().max(10_000),
    attachments: z
      .array(fileRefInput)
      .max(MAX_ATTACHMENTS, `A message carries at most ${MAX_ATTACHMENTS} files.`)
      .optional(),
  })
  .refine((message) => message.body !== '' || (message.attachments ?? []).length > 0, {
    message: 'Write something or attach a file first.',
    path: ['body'],
  });
export const editMessageInput = z.strictObject({ messageId: idInput, body: bodyInput(10_000) });

/** Organisation-wide when no programme is named; the thread's replies carry its programme. */
export const startForumThreadInput = z.strictObject({
  programmeId: idInput.optional(),
  title: titleInput,
  body: textInput,
});

export const replyToThreadInput = z.strictObject({
  threadId: idInput,
  body: bodyInput(TEXT_MAX),
  replyTo: idInput.optional(),
});

/** A thread's opening post or a reply: both are forum posts. */
export const editForumPostInput = z.strictObject({ postId: idInput, body: bodyInput(TEXT_MAX) });

export const moderateThreadInput = z.strictObject({
  threadId: idInput,
  pinned: z.boolean().optional(),
  locked: z.boolean().optional(),
});

export const markNotificationReadInput = z.strictObject({ notificationId: idInput });

export const broadcastInput = z.strictObject({ title: titleInput, body: bodyInput(2_000) });

export const deleteMessageInput = z.strictObject({ messageId: idInput });

/** A broadcast: its name and who reads it (all mentors or all managers). */
export const startBroadcastInput = z.strictObject({
  title: titleInput,
  audience: z.enum(broadcastAudiences, 'Choose all mentors or all managers.'),
});

/** Read up to a message's time (the newest the person has seen). */
export const markChatReadInput = z.strictObject({
  chatId: idInput,
  upTo: z.iso.datetime({ offset: true }),
});

export const startDirectChatInput = z.strictObject({ personId: idInput });

/** A moderator removes a post (a thread or a reply) and says why; the reason is shown in its place. */
export const removeForumPostInput = z.strictObject({
  postId: idInput,
  reason: z.string().trim().min(1, 'Say why the post is removed.').max(500),
});

export const deleteForumPostInput = z.strictObject({ postId: idInput });

/** Read up to a post's time (the newest the person has seen in the thread). */
export const markThreadReadInput = z.strictObject({
  threadId: idInput,
  upTo: z.iso.datetime({ offset: true }),
});

/** A group chat: its name and the others in it (its creator is always in it). */
export const startGroupChatInput = z.strictObject({
  title: titleInput,
  memberIds: idListInput.min(1, 'Choose who is in the group.'),
});

/** A group chat's members, as they should be (its creator or a manager changes them). */
export const setChatMembersInput = z.strictObject({
  chatId: idInput,
  memberIds: idListInput.min(1, 'A group needs someone in it.'),
});

/** How one category of notifications reaches the person (kept on their profile). */
export const setNotificationDeliveryInput = z.strictObject({
  category: z.enum(notificationCategories, 'Choose a kind of notification.'),
  delivery: z.enum(notificationDeliveries, 'Choose in the app, on the desktop too, or off.'),
});
