/**
 * The logging the domain needs. Handlers pass Powertools' logger; tests pass
 * a silent one. Attributes carry ids and counts only: student names and
 * e-mails never reach a log line.
 */
export interface Log {
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

export const silentLog: Log = { info() {}, warn() {}, error() {} };

/** Anything shaped like an e-mail address, replaced before it is printed or stored as a reason. */
const EMAIL = /[^\s@:<>"',;]+@[^\s@<>"',;]+\.[^\s@<>"',;]+/g;
export const maskEmails = (text: string) => text.replace(EMAIL, '<e-mail>');
