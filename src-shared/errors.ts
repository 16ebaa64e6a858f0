/** The only error shape that crosses IPC. `message` is written for a person: it says what to do next. */
/** UNAVAILABLE: a server this device talks to (sync) could not be reached; the message says what to check. */
export type ErrorCode = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'CANCELLED' | 'UNAVAILABLE' | 'UNKNOWN_COMMAND' | 'INTERNAL'

export interface AppErrorShape {
  code: ErrorCode
  message: string
  details?: unknown
}

export class AppError extends Error implements AppErrorShape {
  readonly code: ErrorCode
  readonly details?: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  toJSON(): AppErrorShape {
    return { code: this.code, message: this.message, details: this.details }
  }

  static from(shape: AppErrorShape): AppError {
    return new AppError(shape.code, shape.message, shape.details)
  }
}

export function isAppErrorShape(value: unknown): value is AppErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppErrorShape).code === 'string' &&
    typeof (value as AppErrorShape).message === 'string'
  )
}

/** What core.invoke resolves to: a value or an AppError, never a thrown exception across IPC. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }
