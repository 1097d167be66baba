// Management command builders: each returns a ManagementCommand ({text, scope, database?, destructive}).
export * from './command';
export * from './oneCommand';
export * from './policy';
export * from './principals';
export * from './externalTables';
export * from './continuousExport';
export * from './database';
export * from './spec';
