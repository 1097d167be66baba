/** Where a management command applies: the whole cluster or one database. */
export type PolicyScope = 'cluster' | 'database';
