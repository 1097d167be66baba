// Errors for input the service would refuse: each names the field it came from so a caller can point at it.

/** A value that cannot be written into a management command. */
export class KqlInputError extends Error {
  /** Dotted path of the offending field, e.g. `entries[0].objectId`; set by whoever knows the field. */
  field: string | undefined;

  constructor(message: string, field?: string) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'KqlInputError';
    this.field = field;
  }
}

/** An entity name (database, table, column, export…) the service would refuse. */
export class KqlNameError extends KqlInputError {
  constructor(message: string, field?: string) {
    super(message, field);
    this.name = 'KqlNameError';
  }
}

/** Runs `build`, prefixing any input error with `field` so nested validation reports a full path. */
export function inField<T>(field: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof KqlInputError) {
      const path = e.field ? joinField(field, e.field) : field;
      const plain = e.field ? e.message.slice(e.field.length + 2) : e.message;
      e.field = path;
      e.message = `${path}: ${plain}`;
    }
    throw e;
  }
}

function joinField(outer: string, inner: string): string {
  return inner.startsWith('[') ? `${outer}${inner}` : `${outer}.${inner}`;
}
