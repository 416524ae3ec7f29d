/**
 * `REGISTRATION=off`: nobody creates an account, through the JSON API or the register form, and
 * the pages stop offering it, while password sign-in stays and operators add accounts with
 * `yarn users:add`. The invitation mode is covered with a real browser in tests/e2e/oidc.spec.ts.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PASSWORD, uniqueName } from '../helpers/api.ts';
import { onPostgres } from '../helpers/database.ts';
import { recordSecret } from '../helpers/secrets.ts';
import { useServer } from '../helpers/use-server.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { server, api } = useServer({ REGISTRATION: 'off' });

describe('registration off', () => {
	it('refuses the JSON API with 403 and says why', async () => {
		const { status, body } = await api.call('POST', '/api/auth/register', {
			body: { username: uniqueName(), password: PASSWORD }
		});
		expect(status).toBe(403);
		expect(body.error).toEqual({
			code: 'forbidden',
			message: 'This server does not take new registrations.',
			field: null
		});
	});

	it('refuses the register form, and the pages offer no registration', async () => {
		const page = await fetch(`${server.url}/register`);
		const html = await page.text();
		expect(html).toContain('data-testid="registration-closed"');
		expect(html).not.toContain('name="password"');
		const login = await (await fetch(`${server.url}/login`)).text();
		expect(login).toContain('name="password"');
		expect(login).not.toContain('href="/register"');

		const form = await fetch(`${server.url}/register`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: server.url,
				'x-sveltekit-action': 'true',
				accept: 'application/json'
			},
			body: new URLSearchParams({ username: uniqueName(), password: PASSWORD })
		});
		const answer = await form.json();
		expect(answer.type).toBe('failure');
		expect(answer.status).toBe(403);
		expect(answer.data).toContain('registration-closed');
	});

	it('lets the operator add an account, which signs in with its password', async () => {
		// Run without blocking this process, so its idle HTTP connections see the server close them.
		const run = (args: string[], input?: string) =>
			new Promise<string>((resolve, reject) => {
				const child = execFile(
					process.execPath,
					['scripts/users-add.ts', ...args],
					{
						cwd: ROOT,
						env: {
							...process.env,
							...(onPostgres(server.databasePath)
								? { DATABASE_URL: server.databasePath }
								: { DATABASE_PATH: server.databasePath })
						}
					},
					(error, stdout, stderr) =>
						error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)
				);
				child.stdin?.end(input ?? '');
			});
		const name = uniqueName('op');
		const made = JSON.parse(await run([name.toUpperCase()]));
		recordSecret('a generated password', made.password);
		expect(made.user.username).toBe(name);
		const login = await api.call('POST', '/api/auth/login', {
			body: { username: name, password: made.password }
		});
		expect(login.status).toBe(200);
		expect(login.body.user.id).toBe(made.user.id);

		const chosen = uniqueName('op');
		const own = JSON.parse(await run([chosen, '--password-stdin'], `${PASSWORD}\n`));
		expect(own.password).toBeUndefined();
		const again = await api.call('POST', '/api/auth/login', {
			body: { username: chosen, password: PASSWORD }
		});
		expect(again.status).toBe(200);
		// A taken username, and a weak password, are refused with what went wrong.
		await expect(run([name], '')).rejects.toThrow(/taken/);
		await expect(run([uniqueName('op'), '--password-stdin'], 'short\n')).rejects.toThrow(
			/at least 10/
		);
	});
});
