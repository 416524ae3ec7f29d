import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/server/log.ts';
import { migrate, openDatabase } from '../../src/lib/server/storage/sqlite/db.ts';
import { sqliteStores } from '../../src/lib/server/storage/sqlite/index.ts';
import { FencedOut } from '../../src/lib/server/storage/store.ts';
import { memoryHub } from './memory.ts';
import { createOwnership } from './ownership.ts';
import type { SharedState } from './shared-state.ts';

const log = createLogger({ level: 'silent' });

/** An instance's ownership over a hub shared with others, with the documents it has loaded. */
function instance(shared: SharedState, loaded = new Set<string>(), ttlMs = 60_000) {
	const lost: string[] = [];
	const ownership = createOwnership({
		shared: { ...shared, shared: true },
		enabled: true,
		ttlMs,
		onLost: (room) => {
			lost.push(room);
			// Its sockets closed, the room's documents unload.
			for (const name of [...loaded]) if (name.startsWith(room)) loaded.delete(name);
		},
		isLoaded: (name) => loaded.has(name),
		log
	});
	return { ownership, lost, loaded };
}

describe('room ownership', () => {
	it('lets one instance serve a room and refuses it to the other', async () => {
		const hub = memoryHub();
		const a = instance(hub.instance('a'));
		const b = instance(hub.instance('b'));
		expect(await a.ownership.own('meeting/m1')).toBe(true);
		expect(await b.ownership.own('meeting/m1')).toBe(false);
		expect(a.ownership.mayWrite('meeting/m1')).toBe(true);
		expect(b.ownership.mayWrite('meeting/m1')).toBe(false);
		expect(await b.ownership.own('topic/t1')).toBe(true);
		await a.ownership.stop();
		await b.ownership.stop();
	});

	it('gives the room back with its last document, so another instance takes it', async () => {
		const hub = memoryHub();
		const a = instance(hub.instance('a'));
		const b = instance(hub.instance('b'));
		expect(await a.ownership.own('meeting/m1')).toBe(true);
		a.ownership.serving('meeting/m1', 'meeting/m1');
		a.ownership.serving('topic/t1', 'meeting/m1');
		a.loaded.add('meeting/m1').add('topic/t1');
		// A document asked for a moment ago may still be loading: the lease stays until renewal.
		a.loaded.delete('topic/t1');
		await a.ownership.unloaded('topic/t1');
		expect(await b.ownership.own('meeting/m1')).toBe(false);
		await a.ownership.stop();
		expect(await b.ownership.own('meeting/m1')).toBe(true);
		await b.ownership.stop();
	});

	it('closes what it serves of a room whose lease another instance took', async () => {
		const hub = memoryHub();
		const shared = hub.instance('a');
		const a = instance(shared, new Set(['topic/t1']));
		expect(await a.ownership.own('topic/t1')).toBe(true);
		a.ownership.serving('topic/t1', 'topic/t1');
		// The lease is gone (Redis lost it, or this instance stalled) and another took it.
		await shared.leases.release('topic/t1');
		expect(await hub.instance('b').leases.acquire('topic/t1', 60_000)).not.toBeNull();
		await a.ownership.renew();
		expect(a.lost).toEqual(['topic/t1']);
		expect(a.ownership.mayWrite('topic/t1')).toBe(false);
		// Its last compaction would overwrite what the new owner appends: it is skipped.
		expect(a.ownership.mayStore('topic/t1')).toBe(false);
		await a.ownership.stop();
	});

	it('writes a room’s documents under its lease, which the store refuses once a newer holder wrote', async () => {
		const migrations = fileURLToPath(new URL('../migrations/sqlite', import.meta.url));
		const db = openDatabase(':memory:');
		migrate(db, migrations);
		const { documents } = sqliteStores(db, migrations);
		const hub = memoryHub();
		const shared = hub.instance('a');
		const a = instance(shared, new Set(['topic/t1']));
		const b = instance(hub.instance('b'), new Set(['topic/t1']));
		expect(a.ownership.fenceOf('topic/t1')).toBeNull(); // not served here yet
		expect(await a.ownership.own('topic/t1')).toBe(true);
		a.ownership.serving('topic/t1', 'topic/t1');
		const stalled = a.ownership.fenceOf('topic/t1');
		expect(stalled).toMatchObject({ room: 'topic/t1' });
		await documents.append('topic/t1', new Uint8Array([1]), stalled);
		// The lease lapses while `a` stalls, before its next renewal would notice: `b` takes the room.
		await shared.leases.release('topic/t1');
		expect(await b.ownership.own('topic/t1')).toBe(true);
		b.ownership.serving('topic/t1', 'topic/t1');
		const fence = b.ownership.fenceOf('topic/t1');
		expect(fence!.token).toBeGreaterThan(stalled!.token);
		expect(await documents.load('topic/t1', fence)).toEqual([new Uint8Array([1])]);
		// `a` still believes it holds the room; the store does not.
		expect(a.ownership.fenceOf('topic/t1')).toEqual(stalled);
		await expect(documents.append('topic/t1', new Uint8Array([2]), stalled)).rejects.toThrow(
			FencedOut
		);
		await documents.append('topic/t1', new Uint8Array([3]), fence);
		expect(await documents.load('topic/t1')).toEqual([new Uint8Array([1]), new Uint8Array([3])]);
		await a.ownership.stop();
		await b.ownership.stop();
		db.close();
	});

	it('hands a room it held for a while to the instance nginx sends the room to now', async () => {
		const hub = memoryHub();
		const a = instance(hub.instance('a'), new Set(['topic/t1']), 50);
		const sharedB = hub.instance('b');
		const b = instance(sharedB, new Set(), 50);
		expect(await a.ownership.own('topic/t1')).toBe(true);
		a.ownership.serving('topic/t1', 'topic/t1');
		const wanted: string[] = [];
		hub.instance('watcher').events.subscribe((event) => {
			if (event.kind === 'room-wanted') wanted.push(event.room);
		});
		await new Promise((resolve) => setTimeout(resolve, 60));

		expect(await b.ownership.own('topic/t1')).toBe(false);
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(wanted).toEqual(['topic/t1']);
		await a.ownership.handOver('topic/t1');
		expect(a.lost).toEqual(['topic/t1']);
		expect(await b.ownership.own('topic/t1')).toBe(true);
		// Just taken: not handed back at once, however often it is asked for.
		await b.ownership.handOver('topic/t1');
		expect(b.lost).toEqual([]);
		await a.ownership.stop();
		await b.ownership.stop();
	});

	it('serves every room when leases are off', async () => {
		const ownership = createOwnership({
			shared: memoryHub().instance(),
			enabled: false,
			ttlMs: 60_000,
			onLost: () => {},
			isLoaded: () => false,
			log
		});
		expect(await ownership.own('meeting/m1')).toBe(true);
		expect(ownership.mayWrite('meeting/m1')).toBe(true);
		ownership.serving('meeting/m1', 'meeting/m1');
		expect(ownership.fenceOf('meeting/m1')).toBeNull();
		await ownership.stop();
	});
});
