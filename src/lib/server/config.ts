/**
 * Every setting Plenum reads from the environment, validated once at boot. A bad value stops the
 * server with the variable's name instead of failing mid-request. `.env.example` lists them all.
 * Imported by `server/` too, so it must not touch `$env` or other Vite-only modules.
 */
export interface Config {
	/** TCP port for pages, API and WebSocket alike (0 picks a free one). */
	port: number;
	/** Interface to listen on. */
	host: string;
	/** SQLite file; created with its folder on first start. `:memory:` for throwaway runs. */
	databasePath: string;
	/** Public origin (e.g. https://vote.example.org); WebSocket upgrades from other origins are refused. */
	origin: string | null;
	/** Mark session cookies `Secure`; on by default in production. */
	secureCookies: boolean;
	/** Largest WebSocket message accepted, in bytes; larger ones close the socket (1009). */
	maxMessageBytes: number;
	/** Shortest interval between two tally writes to one topic document, in ms. */
	tallyIntervalMs: number;
	tallyFramesPerSecond: number;
	/** Documents one WebSocket may have open (a voter needs two per topic). */
	maxDocumentsPerSocket: number;
	/** WebSockets one signed-in user may have open at once. */
	maxSocketsPerUser: number;
	/** WebSockets one network address may have open at once; more get HTTP 429. */
	maxSocketsPerAddress: number;
	/** Sustained messages per second one WebSocket may send, and the burst allowed above it. */
	messageRate: number;
	messageBurst: number;
	/** Sign-in attempts allowed per address and username within `loginWindowMs`. */
	loginAttempts: number;
	loginWindowMs: number;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
	}
	return value;
}

function origin(env: Env): string | null {
	const raw = env.ORIGIN;
	if (!raw) return null;
	try {
		const url = new URL(raw);
		if (url.origin !== raw.replace(/\/$/, '')) throw new Error();
		return url.origin;
	} catch {
		throw new ConfigError(
			`ORIGIN must be an origin such as https://vote.example.org, got "${raw}"`
		);
	}
}

export function loadConfig(env: Env = process.env): Config {
	const production = env.NODE_ENV === 'production';
	const secure = env.SECURE_COOKIES;
	if (secure !== undefined && secure !== 'true' && secure !== 'false') {
		throw new ConfigError(`SECURE_COOKIES must be "true" or "false", got "${secure}"`);
	}
	return {
		port: integer(env, 'PORT', 3000, 0, 65535),
		host: env.HOST || '0.0.0.0',
		databasePath: env.DATABASE_PATH || './data/plenum.db',
		origin: origin(env),
		secureCookies: secure === undefined ? production : secure === 'true',
		maxMessageBytes: integer(env, 'MAX_MESSAGE_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
		tallyIntervalMs: integer(env, 'TALLY_INTERVAL_MS', 50, 0, 10_000),
		tallyFramesPerSecond: integer(env, 'TALLY_FRAMES_PER_SECOND', 40_000, 100, 10_000_000),
		maxDocumentsPerSocket: integer(env, 'MAX_DOCUMENTS_PER_SOCKET', 20, 1, 10_000),
		maxSocketsPerUser: integer(env, 'MAX_SOCKETS_PER_USER', 20, 1, 100_000),
		maxSocketsPerAddress: integer(env, 'MAX_SOCKETS_PER_ADDRESS', 200, 1, 1_000_000),
		messageRate: integer(env, 'MESSAGE_RATE', 100, 1, 1_000_000),
		messageBurst: integer(env, 'MESSAGE_BURST', 500, 1, 1_000_000),
		loginAttempts: integer(env, 'LOGIN_ATTEMPTS', 10, 1, 10_000),
		loginWindowMs: integer(env, 'LOGIN_WINDOW_MS', 15 * 60 * 1000, 1000, 24 * 60 * 60 * 1000)
	};
}
