// Readiness checks of whole workflows, generators of other services' configuration, the cluster report, snapshots and drift.
export * from './types';
export * from './identity';
export * from './common';
export * from './continuousExport';
export * from './exportCommand';
export * from './externalTables';
export * from './otherServices';
export * from './generators';
export * from './flows';
export * from './format';
export * from './results';
export * from './report';
export * from './snapshot';
export * from './drift';
