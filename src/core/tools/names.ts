// The one tool that changes a cluster, by name: what the extension needs at activation without loading the tool table.
export const CHANGE_TOOL = 'adx_identity_apply_readiness_fixes';

/** The setting that offers it in VS Code (default off). */
export const ALLOW_CHANGES_SETTING = 'adxIdentity.agents.allowChanges';
