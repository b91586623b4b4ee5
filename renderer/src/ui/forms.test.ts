import { describe, expect, it } from 'vitest';
import { editProfileInput } from '../../../shared/domain/inputs/people';
import { validateWith } from './forms';

describe('validateWith', () => {
  it('puts the shared sentences under each field, the first problem of each', () => {
    const validate = validateWith(editProfileInput);
    expect(
      validate({ userId: 'u1', city: 'c'.repeat(121), website: 'not a link', headline: '' }),
    ).toEqual({
      city: 'Keep the city to 120 characters or fewer (it has 121).',
      website: 'Enter a web address starting with http:// or https://.',
    });
    expect(validate({ userId: 'u1', city: 'Lagos' })).toEqual({});
  });
});
