/**
 * The check behind "no secrets in the logs": reads every server log the test run wrote under
 * `test-results/logs/` and every secret the tests recorded (`tests/helpers/secrets.ts`), and names
 * each log line that contains one, or an `Authorization: Bearer` value or a session cookie.
 * Run by Vitest's and Playwright's global teardown, so a leak fails the run.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SESSION_COOKIE } from '../../src/lib/server/auth/cookie-name.ts';
import { LOG_DIR, SECRETS_FILE } from '../helpers/secrets.ts';

/** Shapes that are secrets whoever used them. */
const PATTERNS: [string, RegExp][] = [
	['a bearer token', /Bearer\s+[A-Za-z0-9]/],
	['a session cookie', new RegExp(`${SESSION_COOKIE}=[A-Za-z0-9]`)]
];

export interface Finding {
	file: string;
	line: number;
	what: string;
}

/** Pieces of a line a secret could be: runs of id characters (a token's halves split at '.'). */
const PIECE = /[A-Za-z0-9_-]+/g;

/** Every place a recorded secret or a secret's shape appears in the logs. */
export function scanLogs(dir = LOG_DIR) {
	const recorded = existsSync(SECRETS_FILE)
		? readFileSync(SECRETS_FILE, 'utf8')
				.split('\n')
				.filter(Boolean)
				.map((row) => row.split('\t') as [string, string])
		: [];
	// Ids and tokens are looked up piece by piece (fast for thousands of them); anything with
	// other characters, such as a password with spaces, is searched for as it is.
	const pieces = new Map<string, string>();
	const phrases: [string, string][] = [];
	for (const [what, value] of recorded) {
		if (/^[A-Za-z0-9_-]+$/.test(value)) pieces.set(value, what);
		else if (/^[A-Za-z0-9_.-]+$/.test(value)) {
			for (const part of value.split('.')) if (part.length >= 8) pieces.set(part, what);
		} else phrases.push([what, value]);
	}
	const logs = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.log')) : [];
	const findings: Finding[] = [];
	let lines = 0;
	for (const file of logs) {
		const text = readFileSync(join(dir, file), 'utf8').split('\n');
		lines += text.length;
		text.forEach((content, index) => {
			const seen = new Set<string>();
			const found = (what: string) => {
				if (!seen.has(what)) findings.push({ file, line: index + 1, what });
				seen.add(what);
			};
			for (const piece of content.match(PIECE) ?? []) {
				const what = pieces.get(piece);
				if (what) found(what);
			}
			for (const [what, value] of phrases) if (content.includes(value)) found(what);
			for (const [what, pattern] of PATTERNS) if (pattern.test(content)) found(what);
		});
	}
	return { files: logs.length, lines, secrets: recorded.length, findings };
}

/** Starts a run with no logs or secrets of an earlier one. */
export function clearLogs() {
	rmSync(LOG_DIR, { recursive: true, force: true });
	mkdirSync(LOG_DIR, { recursive: true });
}

/** Throws, naming every leak, when a log holds a secret. */
export function assertNoSecretsInLogs() {
	const { files, lines, secrets, findings } = scanLogs();
	if (findings.length > 0) {
		const list = findings
			.slice(0, 20)
			.map((f) => `  ${f.file}:${f.line}: ${f.what}`)
			.join('\n');
		throw new Error(`Secrets in the server logs (${findings.length}):\n${list}`);
	}
	console.log(`log scan: ${files} logs, ${lines} lines, ${secrets} secrets: none found`);
}
