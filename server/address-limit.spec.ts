import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { addressLimit, clientAddress } from './address-limit.ts';
import { memoryHub } from './cluster/memory.ts';

function request(peer: string, headers: Record<string, string | string[]> = {}) {
	return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

/** A socket that records what was written to it and closes on demand. */
function socket() {
	const emitter = new EventEmitter();
	const written: string[] = [];
	return Object.assign(emitter, {
		written,
		end(data: string) {
			written.push(data);
		},
		close() {
			emitter.emit('close');
		}
	}) as unknown as Duplex & { written: string[]; close(): void };
}

describe('clientAddress', () => {
	it('uses the peer address without a configured header, whatever the client sends', () => {
		const trust = { header: null, depth: 1 };
		expect(clientAddress(request('10.0.0.9', { 'x-forwarded-for': '1.2.3.4' }), trust)).toBe(
			'10.0.0.9'
		);
	});

	it('takes the entry XFF_DEPTH from the right of X-Forwarded-For', () => {
		const forwarded = { 'x-forwarded-for': 'spoofed, 203.0.113.7, 10.0.0.2' };
		expect(
			clientAddress(request('127.0.0.1', forwarded), { header: 'x-forwarded-for', depth: 1 })
		).toBe('10.0.0.2');
		expect(
			clientAddress(request('127.0.0.1', forwarded), { header: 'x-forwarded-for', depth: 2 })
		).toBe('203.0.113.7');
		expect(
			clientAddress(request('127.0.0.1', forwarded), { header: 'x-forwarded-for', depth: 4 })
		).toBeNull();
	});

	it('reads another header as it is, and is null when the header is missing', () => {
		const trust = { header: 'x-real-ip', depth: 1 };
		expect(clientAddress(request('127.0.0.1', { 'x-real-ip': ' 198.51.100.4 ' }), trust)).toBe(
			'198.51.100.4'
		);
		expect(clientAddress(request('127.0.0.1'), trust)).toBeNull();
	});
});

describe('addressLimit', () => {
	it('counts sockets per client address behind a proxy and frees a place on close', async () => {
		const limit = addressLimit(
			2,
			{ header: 'x-forwarded-for', depth: 1 },
			memoryHub().instance().holds
		);
		const from = (address: string) => request('127.0.0.1', { 'x-forwarded-for': address });
		const a1 = socket();
		const a2 = socket();
		const a3 = socket();
		expect(await limit.admit(from('203.0.113.1'), a1)).toBe(true);
		expect(await limit.admit(from('203.0.113.1'), a2)).toBe(true);
		expect(await limit.admit(from('203.0.113.1'), a3)).toBe(false);
		expect(a3.written[0]).toMatch(/^HTTP\/1.1 429 /);
		// Another phone behind the same proxy has its own places.
		expect(await limit.admit(from('203.0.113.2'), socket())).toBe(true);
		a1.close();
		expect(limit.count('203.0.113.1')).toBe(1);
		expect(await limit.admit(from('203.0.113.1'), socket())).toBe(true);
	});

	it('counts the sockets another instance holds for the address against the same cap', async () => {
		const hub = memoryHub();
		const trust = { header: 'x-forwarded-for', depth: 1 };
		const onA = addressLimit(2, trust, hub.instance('a').holds);
		const onB = addressLimit(2, trust, hub.instance('b').holds);
		const from = request('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' });
		const first = socket();
		expect(await onA.admit(from, first)).toBe(true);
		expect(await onB.admit(from, socket())).toBe(true);
		expect(await onB.admit(from, socket())).toBe(false);
		first.close();
		expect(await onB.admit(from, socket())).toBe(true);
	});

	it('refuses an upgrade without the proxy header with 400', async () => {
		const limit = addressLimit(
			2,
			{ header: 'x-forwarded-for', depth: 1 },
			memoryHub().instance().holds
		);
		const lone = socket();
		expect(await limit.admit(request('127.0.0.1'), lone)).toBe(false);
		expect(lone.written[0]).toMatch(/^HTTP\/1.1 400 /);
	});
});
