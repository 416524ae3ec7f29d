import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/server/log.ts';
import { socketId, socketLog } from './socket-log.ts';

function capture(level: 'info' | 'debug') {
	const lines: Record<string, unknown>[] = [];
	const stream = new Writable({
		write(chunk, _encoding, done) {
			lines.push(JSON.parse(String(chunk)));
			done();
		}
	});
	return { log: createLogger({ level, stream }), lines };
}

describe('socket log', () => {
	it('writes what a pino child writes: the connectionId, the fields and the message', async () => {
		const { log, lines } = capture('info');
		const child = log.child({ connectionId: 'c1' });
		const socket = socketLog(log, 'c1');
		child.info({ code: 1000 }, 'socket closed');
		socket.info({ code: 1000 }, 'socket closed');
		child.warn('message rate exceeded, closing');
		socket.warn('message rate exceeded, closing');
		socket.error({ err: new Error('boom') }, 'socket failed');
		await new Promise((resolve) => setImmediate(resolve));
		const strip = ({ time: _time, ...rest }: Record<string, unknown>) => rest;
		expect(lines).toHaveLength(5);
		expect(strip(lines[1])).toEqual(strip(lines[0]));
		expect(strip(lines[3])).toEqual(strip(lines[2]));
		expect(lines[4]).toMatchObject({ connectionId: 'c1', msg: 'socket failed', level: 50 });
	});

	it('writes nothing below the level, and lines at it once it is on', async () => {
		const quiet = capture('info');
		socketLog(quiet.log, 'c2').debug({ document: 'topic/t' }, 'document opened');
		const loud = capture('debug');
		socketLog(loud.log, 'c2').debug({ document: 'topic/t' }, 'document opened');
		await new Promise((resolve) => setImmediate(resolve));
		expect(quiet.lines).toEqual([]);
		expect(loud.lines).toMatchObject([{ connectionId: 'c2', document: 'topic/t' }]);
	});
});

describe('socketId', () => {
	it('gives a new 32-digit hex id each time', () => {
		const ids = Array.from({ length: 100 }, () => socketId());
		for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
		expect(new Set(ids).size).toBe(100);
	});
});
