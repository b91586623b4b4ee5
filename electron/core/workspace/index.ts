export * from './documents';
export * from './names';
export * from './permissions';
export * from './teams';
export * from './workspace';
