/** Helpers for the JSON API: one error shape, bounded body reading, auth guards. */
import { json } from '@sveltejs/kit';
import type { UserRecord } from './storage/store.ts';

export const MAX_JSON_BYTES = 64 * 1024;

export type ErrorCode =
	| 'bad-request'
	| 'unauthorized'
	| 'forbidden'
	| 'not-found'
	| 'conflict'
	| 'payload-too-large'
	| 'unsupported-media-type'
	| 'rate-limited'
	| 'invalid-transition'
	| 'invalid'
	| 'validation';

export function apiError(
	status: number,
	code: ErrorCode,
	message: string,
	extra: Record<string, unknown> = {},
	headers: Record<string, string> = {}
): Response {
	return json({ error: { code, message, ...extra } }, { status, headers });
}

export class ApiFailure extends Error {
	response: Response;
	constructor(response: Response) {
		super('api failure');
		this.response = response;
	}
}

/** Reads a JSON body of at most `limit` bytes; anything else becomes a clear 4xx. */
export async function readJson(request: Request, limit = MAX_JSON_BYTES): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/json\b/i.test(type)) {
		throw new ApiFailure(apiError(415, 'unsupported-media-type', 'Send JSON (application/json).'));
	}
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > limit) {
		throw new ApiFailure(apiError(413, 'payload-too-large', `The body is over ${limit} bytes.`));
	}
	const reader = request.body?.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	while (reader) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			throw new ApiFailure(apiError(413, 'payload-too-large', `The body is over ${limit} bytes.`));
		}
		chunks.push(value);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		return JSON.parse(text);
	} catch {
		throw new ApiFailure(apiError(400, 'bad-request', 'The body is not valid JSON.'));
	}
}

export function requireUser(locals: App.Locals): UserRecord {
	if (!locals.user) throw new ApiFailure(apiError(401, 'unauthorized', 'Sign in first.'));
	return locals.user;
}

/** A signed-in account: guests take part in their meeting but run no topics or meetings. */
export function requireAccount(locals: App.Locals): UserRecord {
	const user = requireUser(locals);
	if (user.guest) {
		throw new ApiFailure(
			apiError(
				403,
				'forbidden',
				'Guests take part in the meeting they joined; create an account to run topics and meetings.'
			)
		);
	}
	return user;
}

/** Runs an API handler, turning an `ApiFailure` into its response. */
export async function api(run: () => Promise<Response>): Promise<Response> {
	try {
		return await run();
	} catch (error) {
		if (error instanceof ApiFailure) return error.response;
		throw error;
	}
}
