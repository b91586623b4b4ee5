export * from './result';
export * from './define';
export * from './contract';
export * from './protocol';
export * from './client';
export * from './app';
export * from './session';
