/**
 * A socket's logger: its lines carry the socket's `connectionId`, as a pino child's do. The child
 * is made for each line written instead of kept: a phone's socket writes two lines in its life
 * (opened, closed) at the default level, and a kept child is about 650 bytes of heap for every
 * connected phone ("Memory per voter" in `docs/BENCHMARKS.md`). A level that is off costs no child.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../src/lib/server/log.ts';

/**
 * A new id for something that lives as long as a socket: 32 hex digits in one flat string.
 * `randomUUID()` builds its 36 characters by concatenation, and V8 keeps such a string as a tree
 * of ~14 pieces until something flattens it: ~490 bytes of heap per id instead of ~60.
 */
export const socketId = (): string => randomBytes(16).toString('hex');

/** What a socket's code logs with. */
export type SocketLog = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

type Level = keyof SocketLog;

class LazyChild {
	readonly #parent: Logger;
	readonly #connectionId: string;

	constructor(parent: Logger, connectionId: string) {
		this.#parent = parent;
		this.#connectionId = connectionId;
	}

	debug(...args: unknown[]) {
		this.write('debug', args);
	}

	info(...args: unknown[]) {
		this.write('info', args);
	}

	warn(...args: unknown[]) {
		this.write('warn', args);
	}

	error(...args: unknown[]) {
		this.write('error', args);
	}

	private write(level: Level, args: unknown[]) {
		if (!this.#parent.isLevelEnabled(level)) return;
		const child = this.#parent.child({ connectionId: this.#connectionId });
		(child[level] as (...line: unknown[]) => void)(...args);
	}
}

export function socketLog(parent: Logger, connectionId: string): SocketLog {
	return new LazyChild(parent, connectionId) as unknown as SocketLog;
}
