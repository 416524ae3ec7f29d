/**
 * `yarn users:invite [--days N] [--note TEXT]`: issues a one-time sign-up code for
 * `REGISTRATION=invitation` and prints it with its link (`<ORIGIN>/register?code=…`) as one JSON
 * line. Only the code's SHA-256 is stored (in the server's database: PostgreSQL at `DATABASE_URL`,
 * else the SQLite file at `DATABASE_PATH`), so it is shown this once; it creates one account and
 * is valid for N days (default 14).
 *
 * Exit code 0 on success; 1 when the database cannot be written; 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { hashSignupCode, newSignupCode } from '../src/lib/server/auth/signup-codes.ts';
import { failAs, operatorConfig, withStores, type Fail } from './operator.ts';

const fail: Fail = failAs('users:invite');

let days = 14;
let note = '';
try {
	const { values } = parseArgs({
		options: { days: { type: 'string' }, note: { type: 'string' } },
		allowPositionals: false
	});
	if (values.days !== undefined) {
		days = Number(values.days);
		if (!Number.isInteger(days) || days < 1 || days > 365) throw new Error('--days is 1 to 365');
	}
	note = (values.note ?? '').slice(0, 200);
} catch (error) {
	fail(`${(error as Error).message}\nusage: yarn users:invite [--days N] [--note TEXT]`, 2);
}

const config = operatorConfig(fail);

const code = newSignupCode();
const now = Date.now();
const expiresAt = now + days * 24 * 60 * 60 * 1000;
try {
	await withStores(config, (stores) =>
		stores.signupCodes.issue(hashSignupCode(code), note, now, expiresAt)
	);
} catch (error) {
	const where = config.databaseUrl ? 'PostgreSQL' : config.databasePath;
	fail(`could not store the code in ${where}: ${(error as Error).message}`);
}
const link = `${config.origin ?? ''}/register?code=${code}`;
console.log(
	JSON.stringify({
		code,
		link,
		expiresAt: new Date(expiresAt).toISOString(),
		registration: config.registration
	})
);
if (config.registration !== 'invitation') {
	console.error(
		`users:invite: note that REGISTRATION is "${config.registration}" here, not "invitation"`
	);
}
