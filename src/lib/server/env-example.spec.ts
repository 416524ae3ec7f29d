import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const ROOT = new URL('../../../', import.meta.url);

/** Every variable `loadConfig` reads, found by handing it an environment that notes each read. */
function variablesRead(): Set<string> {
	const read = new Set<string>();
	const env = new Proxy({} as Record<string, string | undefined>, {
		get(_, name) {
			if (typeof name === 'string') read.add(name);
			return undefined;
		}
	});
	loadConfig(env);
	return read;
}

/** Read by adapter-node's handler (`build/handler.js`), not by `loadConfig`. */
const ADAPTER_NODE = new Set(['ADDRESS_HEADER', 'XFF_DEPTH']);

const exampleKeys = () =>
	new Set(
		readFileSync(new URL('.env.example', ROOT), 'utf8')
			.split('\n')
			.map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
			.filter((key): key is string => key !== undefined)
	);

describe('.env.example', () => {
	it('lists every variable the configuration reads', () => {
		const listed = exampleKeys();
		expect([...variablesRead()].filter((name) => !listed.has(name))).toEqual([]);
	});

	it('lists nothing the server does not read', () => {
		const read = variablesRead();
		expect([...exampleKeys()].filter((name) => !read.has(name) && !ADAPTER_NODE.has(name))).toEqual(
			[]
		);
	});

	it('and the README names every one of them', () => {
		const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
		const missing = [...variablesRead()].filter(
			(name) => name !== 'NODE_ENV' && !readme.includes(`\`${name}\``)
		);
		expect(missing).toEqual([]);
	});
});
