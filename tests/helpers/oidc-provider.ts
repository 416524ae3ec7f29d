/**
 * A real OpenID Connect provider for the sign-in tests: `oidc-provider` (a certified OpenID
 * provider implementation) on a loopback port, with a few people, each with a password and
 * groups, and its own login and consent pages (a login form that checks the password, a consent
 * page with Allow and Deny), so a test can sign in, mistype a password, cancel or refuse consent
 * in a real browser.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';

export interface Person {
	password: string;
	/** The provider's stable subject id (`sub`). */
	subject: string;
	username: string;
	groups: string[];
}

export interface TestProvider {
	issuer: string;
	clientId: string;
	clientSecret: string;
	close(): Promise<void>;
}

const page = (title: string, body: string) =>
	`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function form(req: IncomingMessage): Promise<URLSearchParams> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function html(res: ServerResponse, status: number, text: string) {
	res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
	res.end(text);
}

export async function startProvider(options: {
	port: number;
	/** Where the provider may send people back (the app's `/login/oidc/callback`). */
	redirectUris: string[];
	people: Record<string, Person>;
}): Promise<TestProvider> {
	const issuer = `http://127.0.0.1:${options.port}`;
	const clientId = 'plenum-test';
	const clientSecret = `secret-${crypto.randomUUID()}`;
	const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
		format: 'jwk'
	});
	const bySubject = new Map(Object.values(options.people).map((p) => [p.subject, p]));
	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: clientId,
				client_secret: clientSecret,
				redirect_uris: options.redirectUris,
				response_types: ['code'],
				grant_types: ['authorization_code'],
				token_endpoint_auth_method: 'client_secret_post'
			}
		],
		pkce: { required: () => true },
		jwks: { keys: [{ ...signingKey, kid: 'test', use: 'sig', alg: 'RS256' }] },
		ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
		cookies: { keys: [crypto.randomUUID()] },
		claims: {
			openid: ['sub'],
			profile: ['preferred_username', 'name'],
			groups: ['groups']
		},
		scopes: ['openid', 'profile', 'groups'],
		features: { devInteractions: { enabled: false } },
		interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
		async findAccount(_ctx, sub) {
			const person = bySubject.get(sub);
			if (!person) return undefined;
			return {
				accountId: sub,
				claims: async () => ({
					sub,
					preferred_username: person.username,
					name: person.username,
					groups: person.groups
				})
			};
		}
	});

	const app = provider.callback();
	async function interaction(req: IncomingMessage, res: ServerResponse, action: string) {
		const details = await provider.interactionDetails(req, res);
		const uid = details.uid;
		if (req.method === 'GET' && details.prompt.name === 'login') {
			return html(res, 200, loginPage(uid, ''));
		}
		if (req.method === 'GET' && details.prompt.name === 'consent') {
			return html(
				res,
				200,
				page(
					'Allow Plenum?',
					`<p>Plenum asks for your name and groups.</p>
					<form method="post" action="/interaction/${uid}/confirm"><button type="submit">Allow</button></form>
					<form method="post" action="/interaction/${uid}/abort"><button type="submit">Deny</button></form>`
				)
			);
		}
		if (req.method === 'POST' && action === 'login') {
			const body = await form(req);
			const person = options.people[body.get('username') ?? ''];
			if (!person || person.password !== body.get('password')) {
				return html(res, 200, loginPage(uid, 'Wrong username or password.'));
			}
			return provider.interactionFinished(req, res, { login: { accountId: person.subject } });
		}
		if (req.method === 'POST' && action === 'confirm') {
			const { prompt, params, session } = details;
			const grant = new provider.Grant({
				accountId: session!.accountId,
				clientId: String(params.client_id)
			});
			const missing = prompt.details as {
				missingOIDCScope?: string[];
				missingOIDCClaims?: string[];
			};
			if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
			if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
			const grantId = await grant.save();
			return provider.interactionFinished(
				req,
				res,
				{ consent: { grantId } },
				{
					mergeWithLastSubmission: true
				}
			);
		}
		if (req.method === 'POST' && action === 'abort') {
			return provider.interactionFinished(
				req,
				res,
				{ error: 'access_denied', error_description: 'The person declined.' },
				{ mergeWithLastSubmission: false }
			);
		}
		html(res, 400, page('Bad request', ''));
	}
	const loginPage = (uid: string, problem: string) =>
		page(
			'Sign in to the test provider',
			`${problem ? `<p role="alert">${escape(problem)}</p>` : ''}
			<form method="post" action="/interaction/${uid}/login">
				<label>Username <input name="username" autocomplete="off"></label>
				<label>Password <input name="password" type="password"></label>
				<button type="submit">Sign in</button>
			</form>
			<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>`
		);

	const server: Server = createServer((req, res) => {
		const match = /^\/interaction\/[^/]+(?:\/(login|confirm|abort))?$/.exec(req.url ?? '');
		if (!match) return app(req, res);
		interaction(req, res, match[1] ?? '').catch((failure) => {
			html(res, 500, page('Error', escape(String(failure))));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, '127.0.0.1', () => resolve());
	});
	return {
		issuer,
		clientId,
		clientSecret,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}
