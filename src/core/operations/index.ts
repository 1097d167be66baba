// Safe changes as data: step plans and their runner, retry, previews of what is lost, impact lists, saved state, scripts.
export * from './plan';
export * from './retry';
export * from './redact';
export * from './policyChange';
export * from './impact';
export * from './backup';
export * from './preflight';
export * from './exportPlan';
export * from './script';
export * from './columns';
