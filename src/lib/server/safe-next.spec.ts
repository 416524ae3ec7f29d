import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

const ORIGIN = 'https://vote.example.org';

describe('safeNext', () => {
	it('keeps a path on this site, with its query', () => {
		expect(safeNext('/m/abc?x=1', ORIGIN)).toBe('/m/abc?x=1');
		expect(safeNext('/topics/new', ORIGIN)).toBe('/topics/new');
	});

	it.each([
		'//evil.example/x',
		'/\\evil.example/x',
		'/\t/evil.example/x',
		'/\n/x',
		'\r/\r/evil.example/x',
		'https://evil.example/',
		'javascript:alert(1)',
		'/%E3%80%82/x'.replace('%E3%80%82', '\u3002'),
		'\\\\evil.example',
		' //evil.example'
	])('sends %j nowhere but this site', (next) => {
		const result = safeNext(next, ORIGIN);
		expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
		expect(result.startsWith('/')).toBe(true);
		expect(result.startsWith('//')).toBe(false);
		expect(/[\t\n\r\\]/.test(result)).toBe(false);
	});

	it('answers / for nothing, empty or unparseable input', () => {
		expect(safeNext(null, ORIGIN)).toBe('/');
		expect(safeNext('', ORIGIN)).toBe('/');
		expect(safeNext('http://[::1', ORIGIN)).toBe('/');
	});
});
