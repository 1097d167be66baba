// Result parsing by column name into typed models.
export * from './table';
export * from './policy';
export * from './principals';
export * from './continuousExports';
export * from './externalTables';
export * from './databases';
export * from './updatePolicies';
export * from './functions';
export * from './shapes';
