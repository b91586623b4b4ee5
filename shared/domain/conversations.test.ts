import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  byWritingOrder,
  readMarkerId,
  directChatId,
  isReadMarker,
  messageParts,
  programmeChannelId,
  programmeOfChannel,
} from './conversations';
import { ID_MAX } from '../schema/fields';

describe('messageParts: text and safe links', () => {
  it('keeps every character, in order, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (body) => {
        expect(
          messageParts(body)
            .map((part) => part.text)
            .join(''),
        ).toBe(body);
      }),
      { numRuns: 500 },
    );
  });
  it('makes links only of http(s) addresses', () => {
    const tricks = fc.constantFrom(
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox',
      'file:///etc/passwd',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      'https://example.org/ok',
      'www.example.org',
      'http://',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(tricks, fc.string()), { maxLength: 8 }), (pieces) => {
        for (const part of messageParts(pieces.join(' '))) {
          if (part.kind === 'link') expect(part.href).toMatch(/^https?:\/\/[^/?#.]+/);
        }
      }),
    );
  });
  it('leaves closing punctuation to the sentence, and www. addresses go to https', () => {
    expect(messageParts('see https://example.org/a?b=1.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: '.' },
    ]);
    expect(messageParts('(www.example.org)')[1]).toEqual({
      kind: 'link',
      text: 'www.example.org',
      href: 'https://www.example.org',
    });
    expect(messageParts('javascript:alert(1)')).toEqual([
      { kind: 'text', text: 'javascript:alert(1)' },
    ]);
  });
});

describe('conversation ids', () => {
  it('gives a pair one direct chat whoever starts it, and different pairs different chats', () => {
    expect(directChatId('ana', 'ben')).toBe(directChatId('ben', 'ana'));
    expect(directChatId('ana', 'ben')).not.toBe(directChatId('ana', 'cleo'));
    expect(directChatId('a'.repeat(64), 'b'.repeat(64)).length).toBeLessThanOrEqual(ID_MAX);
  });
  it('names a programme’s channel by its programme, and back', () => {
    const id = programmeChannelId('01J0000000000000000000PROG');
    expect(programmeOfChannel(id)).toBe('01J0000000000000000000PROG');
    expect(programmeOfChannel('01J0000000000000000000CHAT')).toBeUndefined();
    expect(id.length).toBeLessThanOrEqual(ID_MAX);
  });
  it('keeps one read marker per person and chat, told apart from notifications', () => {
    const marker = readMarkerId('ana', 'c1');
    expect(marker).toBe(readMarkerId('ana', 'c1'));
    expect(marker).not.toBe(readMarkerId('ben', 'c1'));
    expect(isReadMarker({ id: marker })).toBe(true);
    expect(isReadMarker({ id: '01J0000000000000000000NOTE' })).toBe(false);
  });
  it('orders messages as written, the same on every machine', () => {
    const messages = [
      { id: 'b', createdAt: '2025-01-01T10:00:00.000Z' },
      { id: 'a', createdAt: '2025-01-01T10:00:00.000Z' },
      { id: 'c', createdAt: '2025-01-01T09:00:00.000Z' },
    ];
    expect([...messages].sort(byWritingOrder).map((m) => m.id)).toEqual(['c', 'a', 'b']);
  });
});
