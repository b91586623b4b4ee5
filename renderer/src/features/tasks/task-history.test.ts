import { describe, expect, it } from 'vitest';
import { movesOf } from '../../../../shared/domain/lifecycles';
import type { TaskStatus } from '../../../../shared/schema';
import { moveWords } from './task-history';

describe('a task move in words', () => {
  it('names every move of the task lifecycle', () => {
    for (const move of movesOf('task')) {
      expect(moveWords(move.from as TaskStatus, move.to as TaskStatus)).not.toMatch(/^Moved/);
    }
    expect(moveWords('pending', 'in_progress')).toBe('Started');
    expect(moveWords('in_progress', 'completed')).toBe('Completed');
  });
  it('still reads for a move it has no words for', () => {
    expect(moveWords('completed', 'unassigned')).toBe('Moved from completed to unassigned');
  });
});
