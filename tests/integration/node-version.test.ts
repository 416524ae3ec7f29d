/**
 * Old Node.js is refused up front with a message, not by a crash deep in a native module.
 * Needs an older Node.js to run: Debian's `/usr/bin/node` (or OLD_NODE); without one the
 * refusal tests are skipped, and say so.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHECK = join(ROOT, 'scripts/check-node.cjs');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function run(file: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
	return new Promise<{ code: number; output: string }>((resolve) => {
		execFile(file, args, { cwd: ROOT, env, timeout: 50_000 }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
			resolve({ code, output: `${stdout}${stderr}` });
		});
	});
}

/** The version of the Node.js at `node`, or null when there is none. */
function versionOf(node: string): number[] | null {
	if (!existsSync(node)) return null;
	try {
		return execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' })
			.trim()
			.split('.')
			.map(Number);
	} catch {
		return null;
	}
}

const OLD_NODE = process.env.OLD_NODE ?? '/usr/bin/node';
const oldVersion = versionOf(OLD_NODE);
const oldEnough =
	oldVersion !== null && (oldVersion[0] < 22 || (oldVersion[0] === 22 && oldVersion[1] < 18));
/** Yarn's own script, not a wrapper that starts it with a Node.js of its choosing. */
function findYarnJs(): string | null {
	try {
		const found = execFileSync('sh', ['-c', 'command -v yarn'], { encoding: 'utf8' }).trim();
		const real = realpathSync(found);
		if (/\.c?js$/.test(real)) return real;
		// Under `yarn test`, `yarn` is a shell wrapper naming the script it runs.
		const named = /['"]([^'"]+)['"] "\$@"/.exec(readFileSync(real, 'utf8'))?.[1];
		return named && existsSync(named) ? realpathSync(named) : null;
	} catch {
		return null;
	}
}
const yarnJs = findYarnJs();

if (!oldEnough) {
	console.warn(
		`SKIPPED: no Node.js older than 22.18 at ${OLD_NODE} (set OLD_NODE), so the refusal is not tested`
	);
}

describe('the Node.js version check', () => {
	it('asks for Node.js 22.18, the first to run .ts files unflagged', () => {
		expect(pkg.engines.node).toBe('>=22.18');
		// CI asks the same script, so it cannot accept a Node.js the start scripts refuse.
		expect(readFileSync(join(ROOT, '.ci/run'), 'utf8')).toMatch(
			/node_ok\(\) \{\n.*node scripts\/check-node\.cjs/
		);
	});

	it('runs first in dev, start, room and test', () => {
		for (const script of ['dev', 'start', 'room', 'test']) {
			expect(pkg.scripts[script]).toMatch(/^node scripts\/check-node\.cjs && /);
		}
	});

	it('lets the current Node.js through', async () => {
		expect(await run(process.execPath, [CHECK])).toEqual({ code: 0, output: '' });
	});

	it.skipIf(!oldEnough)('stops an older Node.js with a message naming both versions', async () => {
		const { code, output } = await run(OLD_NODE, [CHECK]);
		expect(code).toBe(1);
		expect(output).toContain('Node.js 22.18 or newer is needed');
		expect(output).toContain(`this is Node.js ${oldVersion!.join('.')}`);
	});

	it.skipIf(!oldEnough || yarnJs === null)(
		'stops `yarn dev` and `yarn start` at once on an older Node.js',
		{ timeout: 120_000 },
		async () => {
			// Yarn itself run by the old Node.js, with it first on PATH: as on a machine with
			// Node 20 (also when these tests run under `yarn test` on a newer one).
			const bin = tempDir('old-node');
			symlinkSync(OLD_NODE, join(bin, 'node'));
			const env: NodeJS.ProcessEnv = {
				...process.env,
				PATH: `${bin}${delimiter}${process.env.PATH}`
			};
			delete env.BERRY_BIN_FOLDER;
			for (const script of ['dev', 'start']) {
				const { code, output } = await run(OLD_NODE, [yarnJs!, script], env);
				expect(code, output).toBe(1);
				expect(output).toContain('Node.js 22.18 or newer is needed');
			}
		}
	);
});
