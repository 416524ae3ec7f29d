/**
 * Where to go after signing in, registering or switching language: only a path on this site.
 * `next` is resolved against the origin the way a browser would (tabs and newlines dropped,
 * backslashes read as slashes), and anything that lands on another origin, or cannot be parsed,
 * becomes `/`. The answer is rebuilt from the parsed URL, so what the browser follows is exactly
 * what was checked. Never throws: a hostile `next` gets `/`, not a 500.
 */
export function safeNext(
	next: string | null | undefined,
	origin = 'http://plenum.invalid'
): string {
	if (typeof next !== 'string' || next === '') return '/';
	try {
		const base = new URL(origin);
		const url = new URL(next, base);
		if (url.origin !== base.origin) return '/';
		const path = url.pathname + url.search + url.hash;
		// A path that a browser could read as protocol-relative once more is refused too.
		if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
		return path;
	} catch {
		return '/';
	}
}
