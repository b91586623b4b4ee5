import { of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createHandlerRegistry } from './registry';

describe('handler registry', () => {
  it('collects each feature under its own names', () => {
    const registry = createHandlerRegistry([
      {
        name: 'app',
        commands: {
          'app.info': () => {
            throw new Error('unused');
          },
        },
        liveQueries: { 'app.clock': () => of() },
      },
    ]);
    expect([...registry.commands.keys()]).toEqual(['app.info']);
    expect([...registry.liveQueries.keys()]).toEqual(['app.clock']);
  });

  it('throws at start-up when a name is registered twice', () => {
    const feature = { name: 'app', liveQueries: { 'app.clock': () => of() } };
    expect(() => createHandlerRegistry([feature, feature])).toThrow(
      /"app.clock" is registered twice/,
    );
  });

  it('throws when a feature registers outside its namespace', () => {
    expect(() =>
      createHandlerRegistry([{ name: 'tasks', liveQueries: { 'app.clock': () => of() } }]),
    ).toThrow(/may not register "app.clock"/);
  });
});
