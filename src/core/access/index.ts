// The other end of the identity: roles, network paths and fixes on the resources a flow reaches.
export * from './armId';
export * from './builtInRoles';
export * from './cosmos';
export * from './explain';
export * from './fixes';
export * from './needs';
export * from './network';
export * from './rbac';
export * from './judge';
export * from './changes';
