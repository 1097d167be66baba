// The KQL writing kit: names, literals and checked values.
export * from './errors';
export * from './keywords';
export * from './names';
export * from './literals';
export * from './values';
