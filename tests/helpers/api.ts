/** A small client of Plenum's JSON API, as an outside program would use it. */
import { recordSecret } from './secrets.ts';

export interface Account {
	user: { id: string; username: string };
	token: string;
}

export interface TopicJson {
	id: string;
	title: string;
	status: string;
	options: { id: string; label: string }[];
}

let counter = 0;
export const uniqueName = (prefix = 'user') =>
	`${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`.slice(0, 32);

export const PASSWORD = 'correct horse battery staple';

export function apiClient(base: string) {
	async function call(
		method: string,
		path: string,
		options: { token?: string; body?: unknown } = {}
	) {
		const headers: Record<string, string> = {};
		if (options.token) headers.authorization = `Bearer ${options.token}`;
		if (options.body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${base}${path}`, {
			method,
			headers,
			body: options.body === undefined ? undefined : JSON.stringify(options.body)
		});
		const text = await response.text();
		let body: any = text;
		try {
			body = JSON.parse(text);
		} catch {
			// not JSON (audit lines, pages)
		}
		return { status: response.status, body, headers: response.headers };
	}

	return {
		call,
		async register(username = uniqueName()): Promise<Account> {
			const { status, body } = await call('POST', '/api/auth/register', {
				body: { username, password: PASSWORD }
			});
			if (status !== 201) throw new Error(`register failed: ${status} ${JSON.stringify(body)}`);
			recordSecret('a password', PASSWORD);
			recordSecret('a session token', body.token);
			return body;
		},
		async createTopic(token: string, options = ['Yes', 'No', 'Abstain'], title = 'A motion') {
			const { status, body } = await call('POST', '/api/topics', {
				token,
				body: { title, options }
			});
			if (status !== 201) throw new Error(`create failed: ${status} ${JSON.stringify(body)}`);
			// Topics are secret unless asked otherwise: an option id in a log could tell a choice.
			for (const option of body.topic.options)
				recordSecret("a secret topic's option id", option.id);
			return body.topic as TopicJson;
		},
		async open(token: string, topicId: string) {
			const { status, body } = await call('POST', `/api/topics/${topicId}/open`, { token });
			if (status !== 200) throw new Error(`open failed: ${status} ${JSON.stringify(body)}`);
			return body.topic as TopicJson;
		},
		async close(token: string, topicId: string) {
			const { status, body } = await call('POST', `/api/topics/${topicId}/close`, { token });
			if (status !== 200) throw new Error(`close failed: ${status} ${JSON.stringify(body)}`);
			return body.topic as TopicJson;
		},
		async results(topicId: string) {
			const { body } = await call('GET', `/api/topics/${topicId}/results`);
			return body as { status: string; turnout: number; totals: Record<string, number> };
		},
		async audit(topicId: string) {
			const { body } = await call('GET', `/api/topics/${topicId}/audit`);
			return String(body)
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line));
		}
	};
}

export type ApiClient = ReturnType<typeof apiClient>;
