/** Helpers for the JSON API: one error shape, bounded body reading, auth guards. */
import { error, json } from '@sveltejs/kit';
import type { AccountResult } from './accounts.ts';
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
	| 'unavailable'
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
	// A body declared too large is read and dropped like one that turns out too large: answering
	// before the client has sent it all resets the connection under the client's feet.
	const tooLarge = () =>
		new ApiFailure(apiError(413, 'payload-too-large', `The body is over ${limit} bytes.`));
	const reader = request.body?.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		while (reader) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			// Over the limit, the rest is read and dropped (up to the server's BODY_SIZE_LIMIT, which
			// ends the stream): cancelling would destroy the request and the connection with it, and
			// a chunked body that declared no length would get no answer at all.
			if (size <= limit) chunks.push(value);
		}
	} catch (failure) {
		if (size > limit || (failure as { status?: number }).status === 413) throw tooLarge();
		throw new ApiFailure(apiError(400, 'bad-request', 'The body was cut off before its end.'));
	}
	if (size > limit) throw tooLarge();
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		return JSON.parse(text);
	} catch {
		throw new ApiFailure(apiError(400, 'bad-request', 'The body is not valid JSON.'));
	}
}

/**
 * Reads a form post's fields; a body that is no readable form (a multipart body without its
 * boundary, cut off, or not a form at all) is a 400, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch {
		error(400, 'The form could not be read.');
	}
}

/** The JSON API's answer to a failed registration or sign-in. */
export function accountError(result: Extract<AccountResult, { ok: false }>): Response {
	const code: ErrorCode =
		result.status === 429
			? 'rate-limited'
			: result.status === 503
				? 'unavailable'
				: result.status === 401
					? 'unauthorized'
					: result.status === 403
						? 'forbidden'
						: result.status === 409
							? 'conflict'
							: 'validation';
	const headers: Record<string, string> = result.retryAfterSeconds
		? { 'retry-after': String(result.retryAfterSeconds) }
		: {};
	return apiError(result.status, code, result.message, { field: result.field }, headers);
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
