// The shapes every check shares: offsets into the checked text, never editor ranges.

export type Severity = 'error' | 'warning' | 'info';

/** One replacement whose outcome is certain; the editor turns it into a quick fix. */
export interface Fix {
  /** What the quick fix is called in a menu, e.g. `Replace with 'system'`. */
  readonly title: string;
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
}

export interface Diagnostic {
  readonly offset: number;
  readonly length: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly fix?: Fix;
}

/** What is known about the cluster a policy is meant for (from Azure), to catch ids that cannot work there. */
export interface ClusterIdentities {
  readonly systemAssigned: boolean;
  /** The system-assigned identity's object (principal) id, when known: what `aadapp=` must name. */
  readonly systemPrincipalId?: string;
  readonly userAssigned: readonly UserAssignedIdentity[];
}

export interface UserAssignedIdentity {
  /** The object (principal) id: what a policy's `ObjectId` must hold. */
  readonly principalId: string;
  readonly clientId?: string;
  /** The identity's resource name, the last segment of its resource id. */
  readonly name?: string;
}
