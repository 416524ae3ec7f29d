/**
 * `yarn users:add <username> [--password-stdin]`: creates a password account as the operator,
 * whatever `REGISTRATION` says (with `off`, the way to give someone an account without OpenID
 * Connect). The password is read from standard input with `--password-stdin` (checked like a
 * registration's), else a random one is made. Prints one JSON line with the account and, when
 * made here, the password: shown this once, stored only as its argon2id hash.
 *
 * Exit code 0 on success; 1 when the username is taken or the database cannot be written; 2 on
 * bad usage or a refused username or password.
 */
import { parseArgs } from 'node:util';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { parseRegistration } from '../src/lib/core/account-rules.ts';
import { loadPasswordEstimator } from '../src/lib/core/password-strength.ts';
import { createPasswords } from '../src/lib/server/auth/password.ts';
import { failAs, operatorConfig, withStores, type Fail } from './operator.ts';

const fail: Fail = failAs('users:add');

const USAGE = 'usage: yarn users:add <username> [--password-stdin]';
let username: string;
let fromStdin: boolean;
try {
	const { values, positionals } = parseArgs({
		options: { 'password-stdin': { type: 'boolean' } },
		allowPositionals: true
	});
	if (positionals.length !== 1) throw new Error('name one username');
	username = positionals[0];
	fromStdin = values['password-stdin'] ?? false;
} catch (error) {
	fail(`${(error as Error).message}\n${USAGE}`, 2);
}

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks)
		.toString('utf8')
		.replace(/\r?\n$/, '');
}

const config = operatorConfig(fail);

// 160 random bits in groups of four letters and digits: long, and easy to type from a note.
const generated = fromStdin
	? null
	: (
			encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20))).match(/.{4}/g) ??
			[]
		).join('-');
const parsed = parseRegistration(
	username,
	generated ?? (await readStdin()),
	await loadPasswordEstimator()
);
if (!parsed.ok) fail(parsed.message, 2);

const hash = await createPasswords({ concurrency: 1, queue: 0 }).hash(parsed.password);
const user = await withStores(config, (stores) =>
	stores.users.create(parsed.username, hash, Date.now())
);
if (!user) fail(`the username ${parsed.username} is taken`);
console.log(
	JSON.stringify({
		user: { id: user.id, username: user.username },
		...(generated ? { password: generated } : {})
	})
);
