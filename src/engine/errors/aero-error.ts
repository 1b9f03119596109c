import { ERROR_REGISTRY, type ErrorCode } from './registry.js';

export interface AeroErrorJSON {
  code: ErrorCode;
  message: string;
  status: number;
  details: Record<string, unknown>;
  hint: string;
}

/** Every user-facing failure: a registry code, a message naming the culprit, details and a hint. */
export class AeroError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;
  readonly hint: string;

  constructor(code: ErrorCode, message: string, options: { details?: Record<string, unknown>; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AeroError';
    this.code = code;
    this.status = ERROR_REGISTRY[code].status;
    this.details = options.details ?? {};
    this.hint = options.hint ?? ERROR_REGISTRY[code].hint;
  }

  toJSON(): AeroErrorJSON {
    return { code: this.code, message: this.message, status: this.status, details: this.details, hint: this.hint };
  }
}

export function isAeroError(value: unknown): value is AeroError {
  return value instanceof AeroError;
}
