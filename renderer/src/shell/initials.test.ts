import { describe, expect, it } from 'vitest';
import { initialsOf } from './initials';

describe('initialsOf', () => {
  it('takes the first and last names’ first letters', () => {
    expect(initialsOf('Grace Andersen')).toBe('GA');
    expect(initialsOf('  Ada  Augusta   Lovelace ')).toBe('AL');
  });
  it('takes two letters of a single word', () => {
    expect(initialsOf('manager1')).toBe('MA');
  });
  it('keeps whole characters in any script', () => {
    expect(initialsOf('Émile Zola')).toBe('ÉZ');
    expect(initialsOf('张伟')).toBe('张伟');
    expect(initialsOf('عمر خالد')).toBe('عخ');
    expect(initialsOf('👩🏽‍💻 Dev')).toBe('👩🏽‍💻D');
    expect(initialsOf('')).toBe('?');
  });
});
