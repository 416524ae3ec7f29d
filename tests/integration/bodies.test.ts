/**
 * Bodies that once broke the server: malformed or bare multipart forms, and JSON too large for
 * the API sent without a length (chunked). Each gets a 4xx in the documented error shape
 * (`{ error: { code, message } }`), never a 500 or a dropped connection. Sent with raw sockets,
 * so nothing in a client library tidies them up first.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useServer } from '../helpers/use-server.ts';

const { server, api } = useServer();

interface RawResponse {
	status: number;
	headers: string;
	body: string;
}

/** Sends `head` and then each chunk of `body` as written; resolves with the parsed answer. */
function raw(head: string, body: (string | Buffer)[] = []): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const socket = connect(server.port, '127.0.0.1');
		let received = '';
		socket.on('data', (chunk) => (received += chunk.toString('latin1')));
		socket.on('error', reject);
		socket.on('close', () => {
			const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
			if (!match) return reject(new Error(`no answer (connection dropped): ${received}`));
			const [headers, ...rest] = received.split('\r\n\r\n');
			resolve({ status: Number(match[1]), headers, body: rest.join('\r\n\r\n') });
		});
		socket.write(head.replaceAll('\n', '\r\n') + '\r\n');
		for (const part of body) socket.write(part);
	});
}

/** The JSON error shape inside a response body (possibly chunked). */
function errorCode(response: RawResponse): string {
	const json = /\{"error":\{.*\}\}/s.exec(response.body)?.[0];
	if (!json)
		throw new Error(`no error shape in: ${response.status} ${response.body.slice(0, 300)}`);
	return JSON.parse(json).error.code;
}

const CUT_MULTIPART =
	'--XYZ\r\nContent-Disposition: form-data; name="username"\r\n\r\nann\r\n--XYZ\r\nContent-Disp';

function formPost(path: string, type: string, body: string) {
	return raw(
		`POST ${path} HTTP/1.1
Host: 127.0.0.1:${server.port}
Origin: ${server.url}
Content-Type: ${type}
Content-Length: ${Buffer.byteLength(body)}
Connection: close
`,
		[body]
	);
}

describe('malformed form bodies', () => {
	it('answers a sign-in form cut off before its closing boundary with 400', async () => {
		const response = await formPost('/login', 'multipart/form-data; boundary=XYZ', CUT_MULTIPART);
		expect(response.status).toBe(400);
		expect(errorCode(response)).toBe('bad-request');
	});

	it('answers a bare multipart/form-data (no boundary) with 400', async () => {
		const response = await formPost('/login', 'multipart/form-data', 'username=ann');
		expect(response.status).toBe(400);
		expect(errorCode(response)).toBe('bad-request');
	});

	it('answers the guest join and register forms the same way', async () => {
		const host = await api.register();
		const created = await api.call('POST', '/api/meetings', {
			token: host.token,
			body: { title: 'Bodies' }
		});
		const code = created.body.meeting.code;
		for (const path of [`/join?code=${code}&/guest`, '/register', '/lang']) {
			const cut = await formPost(path, 'multipart/form-data; boundary=XYZ', CUT_MULTIPART);
			expect(cut.status, path).toBe(400);
			expect(errorCode(cut)).toBe('bad-request');
			const bare = await formPost(path, 'multipart/form-data', 'x');
			expect(bare.status, path).toBe(400);
		}
	});

	it('logs no server error for any of them', () => {
		expect(server.log()).not.toMatch(/Failed to parse body|TypeError/);
	});
});

describe('oversized JSON sent in chunks', () => {
	async function chunkedTopic(bytes: number) {
		const account = await api.register();
		const chunk = Buffer.alloc(16 * 1024, 'a');
		const parts: Buffer[] = [Buffer.from('4\r\n{"a"\r\n')];
		for (let sent = 0; sent < bytes; sent += chunk.length) {
			parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
		}
		parts.push(Buffer.from('0\r\n\r\n'));
		return raw(
			`POST /api/topics HTTP/1.1
Host: 127.0.0.1:${server.port}
Authorization: Bearer ${account.token}
Content-Type: application/json
Transfer-Encoding: chunked
Connection: close
`,
			parts
		);
	}

	it('answers 413 to a body over the API limit that declared no length', async () => {
		const response = await chunkedTopic(200 * 1024);
		expect(response.status).toBe(413);
		expect(errorCode(response)).toBe('payload-too-large');
	});

	it('answers 413 to a body over the server’s whole body limit too', async () => {
		const response = await chunkedTopic(2 * 1024 * 1024);
		expect(response.status).toBe(413);
		expect(errorCode(response)).toBe('payload-too-large');
	});

	it('still answers a JSON body within the limit', async () => {
		const account = await api.register();
		const body = JSON.stringify({ title: 'Chunked', options: ['A', 'B'] });
		const response = await raw(
			`POST /api/topics HTTP/1.1
Host: 127.0.0.1:${server.port}
Authorization: Bearer ${account.token}
Content-Type: application/json
Transfer-Encoding: chunked
Connection: close
`,
			[`${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`]
		);
		expect(response.status).toBe(201);
	});
});
