// The services' one error style: a typed error whose message is written for the user, thrown anywhere
// in a service. trpc.ts turns it into a tRPC code in one place (toTRPCError), for procedures and the
// upload routes alike; `field` puts the message beside that form field (data.zodError).

export abstract class DomainError extends Error {
  /** The form field the message is about, or undefined for the form as a whole. */
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.field = options.field;
  }
}

/** What was sent cannot be used (400). */
export class Invalid extends DomainError {}
/** Not signed in, or the credentials are wrong (401). */
export class Unauthorized extends DomainError {}
/** This caller may not do this (403). */
export class Forbidden extends DomainError {}
/** Nothing this caller may see answers to it (404): a stranger's order looks like no order at all. */
export class NotFound extends DomainError {}
/** It clashes with the current state (409): someone got there first, or the name is taken. */
export class Conflict extends DomainError {}
/** The upload is larger than allowed (413). */
export class TooLarge extends DomainError {}
/** The upload is not of a kind accepted here, whatever its name says (415). */
export class UnsupportedType extends DomainError {}
/** Too many attempts (429); the message says how long to wait. */
export class TooMany extends DomainError {
  constructor(
    message: string,
    /** How long until an attempt is counted again, when known. */
    readonly retryAfterMs: number | null = null,
    options: { field?: string } = {},
  ) {
    super(message, options);
  }
}

/** MySQL's answer to a second row with the same unique key (a taken email, slug or code). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ER_DUP_ENTRY';
}
