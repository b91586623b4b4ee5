import { describe, expect, it } from 'vitest';
import { answerJson, changesSchema, jsonObject, jsonResponse } from './couch-answers';

describe('the answers the fetch wrapper makes', () => {
  it('hands on the value it was made from, the very object', async () => {
    const value = { results: [{ id: 'tasks:a', doc: { _id: 'tasks:a' } }], last_seq: '3' };
    const response = jsonResponse(value);
    expect(await answerJson(response)).toBe(value);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
  });

  it('writes its body out when it is read as bytes', async () => {
    const value = { rows: [{ id: 'é ✓ 中文' }] };
    expect(await jsonResponse(value).json()).toEqual(value);
    expect(await jsonResponse(value).text()).toBe(JSON.stringify(value));
  });

  it('parses answers it did not make', async () => {
    const response = new Response('{"ok":true}', { status: 200 });
    expect(await answerJson(response)).toEqual({ ok: true });
  });
});

describe('a JSON object in an answer', () => {
  it('is taken as it is, not copied', () => {
    const doc = { _id: 'tasks:a', title: 'x' };
    const page = changesSchema.parse({ results: [{ id: 'tasks:a', doc }], last_seq: 1 });
    expect(page.results[0]?.doc).toBe(doc);
  });

  it('is an object: never an array, a string or null', () => {
    for (const value of [[], 'doc', 1, null, undefined, true]) {
      expect(jsonObject.safeParse(value).success, JSON.stringify(value)).toBe(false);
    }
    expect(jsonObject.safeParse({}).success).toBe(true);
    expect(changesSchema.safeParse({ results: [{ id: 'a', doc: [] }], last_seq: 1 }).success).toBe(
      false,
    );
  });
});
