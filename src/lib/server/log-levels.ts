/** pino's levels, most severe first; `LOG_LEVEL` takes one of them. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
