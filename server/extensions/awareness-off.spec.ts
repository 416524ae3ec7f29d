import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { awarenessOffExtension } from './awareness-off.ts';

const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

/** Timers left running by loading `count` documents, and the documents. */
async function load(extensions: Extension[], count: number) {
	const hocuspocus = new Hocuspocus({ quiet: true, extensions });
	const before = timeouts();
	const connections: Awaited<ReturnType<Hocuspocus['openDirectConnection']>>[] = [];
	for (let i = 0; i < count; i++) {
		connections.push(await hocuspocus.openDirectConnection(`topic/t${i}`));
	}
	const left = timeouts() - before;
	const documents = [...hocuspocus.documents.values()];
	return {
		left,
		documents,
		close: async () => {
			for (const connection of connections) await connection.disconnect();
		}
	};
}

describe('awareness off', () => {
	it('leaves no timer running per loaded document, where Hocuspocus alone leaves one each', async () => {
		const plain = await load([], 5);
		const off = await load([awarenessOffExtension()], 5);
		expect(plain.left).toBeGreaterThanOrEqual(5);
		expect(off.left).toBe(plain.left - 5);
		await plain.close();
		await off.close();
	});

	it('keeps documents working: no awareness states, changes still applied and unloaded after', async () => {
		const off = await load([awarenessOffExtension()], 1);
		const [document] = off.documents;
		expect(document.hasAwarenessStates()).toBe(false);
		document.getMap('topic').set('state', 'x');
		expect(document.getMap('topic').get('state')).toBe('x');
		await off.close();
		expect(document.isDestroyed).toBe(true);
	});
});
