/**
 * Every setting Plenum reads from the environment, validated once at boot. A bad value stops the
 * server with the variable's name instead of failing mid-request. `.env.example` lists them all.
 * Imported by `server/` too, so it must not touch `$env` or other Vite-only modules.
 */
import { LOG_LEVELS } from './log-levels.ts';

export interface Config {
	/** TCP port for pages, API and WebSocket alike (0 picks a free one). */
	port: number;
	/** Interface to listen on. */
	host: string;
	/** SQLite file; created with its folder on first start. `:memory:` for throwaway runs. */
	databasePath: string;
	/** `postgres://…`: the stores live in PostgreSQL instead of the SQLite file. */
	databaseUrl: string | null;
	/** Connections each instance keeps to PostgreSQL. */
	databasePoolSize: number;
	/** Public origin (e.g. https://vote.example.org); WebSocket upgrades from other origins are refused. */
	origin: string | null;
	/**
	 * Mark session cookies `Secure`: on by default in production and whenever `ORIGIN` is https
	 * (`yarn start` does not set NODE_ENV), so a cookie meant for TLS never travels in the clear.
	 */
	secureCookies: boolean;
	/**
	 * Absolute session lifetime: a session ends this long after sign-in however often it is used
	 * (the sliding 30-day expiry alone would let a stolen token live for ever).
	 */
	sessionAbsoluteMs: number;
	/** Largest WebSocket message accepted, in bytes; larger ones close the socket (1009). */
	maxMessageBytes: number;
	/** Shortest interval between two tally writes to one topic document, in ms. */
	tallyIntervalMs: number;
	tallyFramesPerSecond: number;
	/**
	 * Shortest time between the starts of two vote batches, in ms (`server/batch-pacing.ts`): under
	 * load each commit and disk flush serves more ballots. 0 starts every batch on the next turn.
	 */
	voteBatchSpacingMs: number;
	/** Whether tally fan-out gives way while the event loop is busy (`server/fanout-pressure.ts`). */
	tallyLoadShedding: boolean;
	/**
	 * Socket writes one broadcast makes at once, and per later turn of the event loop, before the
	 * rest waits (`server/write-slices.ts`); 0 writes every broadcast in one go.
	 */
	fanoutWritesPerTurn: number;
	/** Documents one WebSocket may have open (a voter needs two per topic). */
	maxDocumentsPerSocket: number;
	/** WebSockets one signed-in user may have open at once. */
	maxSocketsPerUser: number;
	/** WebSockets one network address may have open at once; more get HTTP 429. */
	maxSocketsPerAddress: number;
	/**
	 * Where a WebSocket's client address comes from behind a proxy: adapter-node's own
	 * `ADDRESS_HEADER` and `XFF_DEPTH`, so sockets and pages agree on who is who.
	 */
	addressTrust: { header: string | null; depth: number };
	/** Sustained messages per second one WebSocket may send, and the burst allowed above it. */
	messageRate: number;
	messageBurst: number;
	/** Sign-in attempts allowed per address and username within `loginWindowMs`. */
	loginAttempts: number;
	loginWindowMs: number;
	/** Failed sign-ins per address across usernames (password spraying), per `loginWindowMs`. */
	loginFailuresPerAddress: number;
	/** Failed sign-ins per username across addresses (one account guessed from many), per window. */
	loginFailuresPerUsername: number;
	/** Password hashes (argon2id, 19 MiB each) computed at once, and how many may wait; more get 503. */
	hashConcurrency: number;
	hashQueue: number;
	/** Join-code lookups that found no meeting, per address per `joinWindowMs` (code guessing). */
	joinMissesPerAddress: number;
	/** Guests who join from one address, and into one meeting, per `joinWindowMs`. */
	guestsPerAddress: number;
	guestsPerMeeting: number;
	joinWindowMs: number;
	/** Accounts registered per address, and "username taken" answers per address, per window. */
	registrationsPerAddress: number;
	takenPerAddress: number;
	registrationWindowMs: number;
	/** Least severe level written to the log: fatal, error, warn, info, debug, trace or silent. */
	logLevel: LogLevel;
	/**
	 * On SIGTERM, the longest the server takes to finish the vote batch in progress, write pending
	 * tallies and close its sockets before it exits anyway.
	 */
	shutdownTimeoutMs: number;
	/** How often expired sessions are deleted from the database. */
	sessionSweepIntervalMs: number;
	/**
	 * Bearer token that unlocks `/metrics` on the public port (compared in constant time). Null:
	 * the public port answers 404 there, so metrics are never public by default.
	 */
	metricsToken: string | null;
	/** A second port that serves only `/metrics`, without a token (null: none). */
	metricsPort: number | null;
	/** Interface of the metrics port; loopback by default so only this machine can scrape. */
	metricsHost: string;
	/** Usernames that may see the status page (`/admin/status`); nobody by default. */
	adminUsernames: string[];
	/** Memory the process may use, exported for the memory alert (null: the cgroup's, if any). */
	memoryLimitBytes: number | null;
	/** How often the audit chains of recently changed topics are verified, in ms. */
	auditCheckIntervalMs: number;
	/**
	 * Redis shared by several instances (caps, budgets, presence, notifications, timers, leases);
	 * null: this process is alone and keeps all of it in memory.
	 */
	redisUrl: string | null;
	/** Start of every Redis key and channel, so deployments can share one Redis. */
	redisPrefix: string;
	/**
	 * With Redis: one instance at a time serves a room (a meeting, or a topic outside one), by a
	 * lease in Redis. Off only where something else keeps each room on one instance.
	 */
	roomLeases: boolean;
	/** How long a room's lease outlives its instance: the longest a dead instance's rooms wait. */
	roomLeaseMs: number;
	/**
	 * Who may create a password account: `open` (anyone), `invitation` (with a sign-up code from
	 * `yarn users:invite`) or `off` (nobody: accounts come from OpenID Connect only).
	 */
	registration: Registration;
	/** Whether accounts sign in with a username and password (`PASSWORD_SIGN_IN`). */
	passwordSignIn: boolean;
	/** Sign-in with an OpenID Connect provider (null: not configured). */
	oidc: OidcConfig | null;
}

export const REGISTRATION_MODES = ['open', 'invitation', 'off'] as const;
export type Registration = (typeof REGISTRATION_MODES)[number];

export interface OidcConfig {
	/** The issuer; its `/.well-known/openid-configuration` is read at the first sign-in. */
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** Where the provider sends people back: `<origin>/login/oidc/callback`. */
	redirectUri: string;
	/** The claim a new account's username is made from (`preferred_username` by default). */
	usernameClaim: string;
	/** The claim that lists a person's groups (`groups` by default). */
	groupsClaim: string;
	/** A group a person must be in to sign in (null: anyone the provider signs in). */
	requiredGroup: string | null;
	/** Scopes asked for; `openid` is always among them. */
	scopes: string[];
	/** The provider's name on the sign-in button ("Sign in with …"). */
	displayName: string;
}

export type LogLevel = (typeof LOG_LEVELS)[number];

type Env = Record<string, string | undefined>;

function logLevel(env: Env): LogLevel {
	const raw = env.LOG_LEVEL;
	if (raw === undefined || raw === '') return 'info';
	if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
		throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
	}
	return raw as LogLevel;
}

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

function origin(env: Env, name = 'ORIGIN'): string | null {
	const raw = env.ORIGIN;
	if (!raw) return null;
	try {
		const url = new URL(raw);
		if (url.origin !== raw.replace(/\/$/, '')) throw new Error();
		return url.origin;
	} catch {
		throw new ConfigError(
			`${name} must be an origin such as https://vote.example.org, got "${raw}"`
		);
	}
}

function databaseUrl(env: Env): string | null {
	const raw = env.DATABASE_URL;
	if (!raw) return null;
	if (!/^postgres(ql)?:\/\/./.test(raw)) {
		throw new ConfigError('DATABASE_URL must be a postgres:// (or postgresql://) URL');
	}
	return raw;
}

function metricsToken(env: Env): string | null {
	const raw = env.METRICS_TOKEN;
	if (!raw) return null;
	if (raw.length < 16 || /\s/.test(raw)) {
		throw new ConfigError('METRICS_TOKEN must be at least 16 characters without spaces');
	}
	return raw;
}

function usernames(env: Env, name: string): string[] {
	return (env[name] ?? '')
		.split(',')
		.map((each) => each.trim())
		.filter(Boolean);
}

function registration(env: Env, passwordSignIn: boolean): Registration {
	const raw = env.REGISTRATION;
	if (raw === undefined || raw === '') return passwordSignIn ? 'open' : 'off';
	if (!(REGISTRATION_MODES as readonly string[]).includes(raw)) {
		throw new ConfigError(
			`REGISTRATION must be one of ${REGISTRATION_MODES.join(', ')}, got "${raw}"`
		);
	}
	if (!passwordSignIn && raw !== 'off') {
		throw new ConfigError('REGISTRATION must be "off" when PASSWORD_SIGN_IN is "false"');
	}
	return raw as Registration;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	if (raw !== 'true' && raw !== 'false') {
		throw new ConfigError(`${name} must be "true" or "false", got "${raw}"`);
	}
	return raw === 'true';
}

function redisUrl(env: Env): string | null {
	const raw = env.REDIS_URL;
	if (!raw) return null;
	if (!/^rediss?:\/\/[^\s]+$/.test(raw)) {
		throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// address, got "${raw}"`);
	}
	return raw;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * OpenID Connect, configured when `OIDC_ISSUER` is set. Every variable is read either way, so
 * `.env.example` and the README can be checked against what is read.
 */
function oidc(env: Env, publicOrigin: string | null): OidcConfig | null {
	const issuer = env.OIDC_ISSUER?.trim() || '';
	const clientId = env.OIDC_CLIENT_ID?.trim() || '';
	const clientSecret = env.OIDC_CLIENT_SECRET || '';
	const redirectOrigin = env.OIDC_REDIRECT_ORIGIN?.trim() || '';
	const usernameClaim = env.OIDC_USERNAME_CLAIM?.trim() || 'preferred_username';
	const groupsClaim = env.OIDC_GROUPS_CLAIM?.trim() || 'groups';
	const requiredGroup = env.OIDC_REQUIRED_GROUP?.trim() || null;
	const scopes = (env.OIDC_SCOPES?.trim() || 'openid profile').split(/[\s,]+/).filter(Boolean);
	const displayName = env.OIDC_DISPLAY_NAME?.trim() || 'OpenID Connect';
	if (!issuer) return null;
	let url: URL;
	try {
		url = new URL(issuer);
	} catch {
		throw new ConfigError(
			`OIDC_ISSUER must be a URL such as https://id.example.org, got "${issuer}"`
		);
	}
	// Plain http only to this machine (a provider in a test or beside the server).
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
		throw new ConfigError(`OIDC_ISSUER must be an https URL, got "${issuer}"`);
	}
	if (!clientId) throw new ConfigError('OIDC_CLIENT_ID is needed with OIDC_ISSUER');
	if (!clientSecret) throw new ConfigError('OIDC_CLIENT_SECRET is needed with OIDC_ISSUER');
	let base: string | null = publicOrigin;
	if (redirectOrigin) {
		base = origin({ ORIGIN: redirectOrigin }, 'OIDC_REDIRECT_ORIGIN');
	}
	if (!base) {
		throw new ConfigError('OIDC_REDIRECT_ORIGIN (or ORIGIN) is needed with OIDC_ISSUER');
	}
	if (!scopes.includes('openid')) scopes.unshift('openid');
	return {
		issuer,
		clientId,
		clientSecret,
		redirectUri: `${base}/login/oidc/callback`,
		usernameClaim,
		groupsClaim,
		requiredGroup,
		scopes,
		displayName
	};
}

export function loadConfig(env: Env = process.env): Config {
	const production = env.NODE_ENV === 'production';
	const secure = env.SECURE_COOKIES;
	if (secure !== undefined && secure !== 'true' && secure !== 'false') {
		throw new ConfigError(`SECURE_COOKIES must be "true" or "false", got "${secure}"`);
	}
	const publicOrigin = origin(env);
	const https = publicOrigin?.startsWith('https:') ?? false;
	const passwordSignIn = flag(env, 'PASSWORD_SIGN_IN', true);
	const openId = oidc(env, publicOrigin);
	const registrationMode = registration(env, passwordSignIn);
	if (!passwordSignIn && !openId) {
		throw new ConfigError('PASSWORD_SIGN_IN=false needs OpenID Connect (OIDC_ISSUER)');
	}
	const MINUTE = 60 * 1000;
	const DAY = 24 * 60 * MINUTE;
	return {
		port: integer(env, 'PORT', 3000, 0, 65535),
		host: env.HOST || '0.0.0.0',
		databasePath: env.DATABASE_PATH || './data/plenum.db',
		databaseUrl: databaseUrl(env),
		databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
		origin: publicOrigin,
		secureCookies: secure === undefined ? production || https : secure === 'true',
		sessionAbsoluteMs: integer(env, 'SESSION_ABSOLUTE_DAYS', 90, 1, 3650) * DAY,
		maxMessageBytes: integer(env, 'MAX_MESSAGE_BYTES', 64 * 1024, 1024, 16 * 1024 * 1024),
		tallyIntervalMs: integer(env, 'TALLY_INTERVAL_MS', 50, 0, 10_000),
		tallyFramesPerSecond: integer(env, 'TALLY_FRAMES_PER_SECOND', 30_000, 100, 10_000_000),
		tallyLoadShedding: flag(env, 'TALLY_LOAD_SHEDDING', true),
		voteBatchSpacingMs: integer(env, 'VOTE_BATCH_SPACING_MS', 8, 0, 1000),
		fanoutWritesPerTurn: integer(env, 'FANOUT_WRITES_PER_TURN', 256, 0, 10_000_000),
		maxDocumentsPerSocket: integer(env, 'MAX_DOCUMENTS_PER_SOCKET', 20, 1, 10_000),
		maxSocketsPerUser: integer(env, 'MAX_SOCKETS_PER_USER', 20, 1, 100_000),
		maxSocketsPerAddress: integer(env, 'MAX_SOCKETS_PER_ADDRESS', 200, 1, 1_000_000),
		addressTrust: {
			header: env.ADDRESS_HEADER?.trim().toLowerCase() || null,
			depth: integer(env, 'XFF_DEPTH', 1, 1, 100)
		},
		messageRate: integer(env, 'MESSAGE_RATE', 100, 1, 1_000_000),
		messageBurst: integer(env, 'MESSAGE_BURST', 500, 1, 1_000_000),
		loginAttempts: integer(env, 'LOGIN_ATTEMPTS', 10, 1, 10_000),
		loginWindowMs: integer(env, 'LOGIN_WINDOW_MS', 15 * MINUTE, 1000, DAY),
		loginFailuresPerAddress: integer(env, 'LOGIN_FAILURES_PER_ADDRESS', 25, 1, 1_000_000),
		loginFailuresPerUsername: integer(env, 'LOGIN_FAILURES_PER_USERNAME', 20, 1, 1_000_000),
		hashConcurrency: integer(env, 'HASH_CONCURRENCY', 2, 1, 64),
		hashQueue: integer(env, 'HASH_QUEUE', 50, 0, 100_000),
		joinMissesPerAddress: integer(env, 'JOIN_MISSES_PER_ADDRESS', 100, 1, 1_000_000),
		guestsPerAddress: integer(env, 'GUESTS_PER_ADDRESS', 600, 1, 1_000_000),
		guestsPerMeeting: integer(env, 'GUESTS_PER_MEETING', 2000, 1, 1_000_000),
		joinWindowMs: integer(env, 'JOIN_WINDOW_MS', 10 * MINUTE, 1000, DAY),
		registrationsPerAddress: integer(env, 'REGISTRATIONS_PER_ADDRESS', 600, 1, 1_000_000),
		takenPerAddress: integer(env, 'TAKEN_PER_ADDRESS', 20, 1, 1_000_000),
		registrationWindowMs: integer(env, 'REGISTRATION_WINDOW_MS', 60 * MINUTE, 1000, DAY),
		logLevel: logLevel(env),
		shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 10 * MINUTE),
		sessionSweepIntervalMs: integer(env, 'SESSION_SWEEP_INTERVAL_MS', 60 * MINUTE, 1000, DAY),
		metricsToken: metricsToken(env),
		metricsPort: env.METRICS_PORT ? integer(env, 'METRICS_PORT', 0, 0, 65535) : null,
		metricsHost: env.METRICS_HOST || '127.0.0.1',
		adminUsernames: usernames(env, 'ADMIN_USERNAMES'),
		memoryLimitBytes: env.MEMORY_LIMIT_MB
			? integer(env, 'MEMORY_LIMIT_MB', 0, 16, 16 * 1024 * 1024) * 1024 * 1024
			: null,
		auditCheckIntervalMs: integer(env, 'AUDIT_CHECK_INTERVAL_MS', 5 * MINUTE, 1000, DAY),
		redisUrl: redisUrl(env),
		redisPrefix: env.REDIS_PREFIX || 'plenum:',
		roomLeases: flag(env, 'ROOM_LEASES', true),
		roomLeaseMs: integer(env, 'ROOM_LEASE_MS', 5000, 1000, 5 * MINUTE),
		registration: registrationMode,
		passwordSignIn,
		oidc: openId
	};
}
