/**
 * The one logger of the process (pino): JSON lines on stdout in production, one object per line
 * with `level`, `time` and `msg`, so any log shipper reads them; `yarn dev` hands in a pretty
 * stream instead. Built by `server/compose.ts` and reached from SvelteKit code through
 * `services().log`, since `build/handler.js` is a separate bundle.
 *
 * Lines about one HTTP request carry its `requestId`, lines about one WebSocket its
 * `connectionId` (child loggers). What must never be written: passwords, session tokens, cookies,
 * `Authorization` headers and the choices of ballots. Callers log ids, counts and reasons only;
 * the paths below are blanked as a second line of defence should an object slip through.
 */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** Keys blanked wherever they appear at the top level or one object down. */
const SECRET_KEYS = ['password', 'token', 'secret', 'cookie', 'authorization', 'choice', 'request'];

export const REDACTED_PATHS = [
	...SECRET_KEYS,
	...SECRET_KEYS.map((key) => `*.${key}`),
	'req.headers.cookie',
	'req.headers.authorization',
	'headers["set-cookie"]',
	'res.headers["set-cookie"]'
];

export function createLogger(options: {
	level: LevelWithSilent;
	/** Where lines go; stdout when absent. */
	stream?: DestinationStream;
}): Logger {
	return pino(
		{
			level: options.level,
			base: { pid: process.pid },
			redact: { paths: REDACTED_PATHS, censor: '[redacted]' }
		},
		options.stream ?? pino.destination({ dest: 1, sync: false })
	);
}
