/**
 * The page the service worker answers with when a page that was never opened on this device is
 * asked for without a network. It has no server to style or word it, so it carries its own
 * styles (the app's colours, light and dark) and its text in the visitor's language, and it
 * reloads itself once the network is back. Pure: the worker adds the response around it.
 */
import type { Messages } from '../i18n/index.ts';
import type { Locale } from '../i18n/locale.ts';

/**
 * Reloads as soon as the browser reports a network, and also checks `/healthz` now and then
 * (2 s, doubling up to 30 s), since `online` does not fire when only the server was away.
 */
export const RETRY_SCRIPT = `(function () {
	var delay = 2000;
	function later() { setTimeout(check, delay); delay = Math.min(delay * 2, 30000); }
	function check() {
		fetch('/healthz', { cache: 'no-store' }).then(function (r) { r.ok ? location.reload() : later(); }, later);
	}
	addEventListener('online', function () { location.reload(); });
	document.getElementById('retry').addEventListener('click', function () { location.reload(); });
	later();
})();`;

const STYLE = `:root{--bg:#f7f7f5;--surface:#fff;--text:#1b1b1f;--muted:#5b5d66;--border:#d9d9de;--accent:#1d4ed8;--accent-text:#fff;--warn:#a16207;color-scheme:light dark;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--text);background:var(--bg);line-height:1.5}
@media (prefers-color-scheme:dark){:root{--bg:#121317;--surface:#1c1e24;--text:#ececf1;--muted:#a3a6b1;--border:#34363f;--accent:#6d9bff;--accent-text:#0b0c10;--warn:#facc15}}
*{box-sizing:border-box}body{margin:0}
header{background:var(--surface);border-bottom:1px solid var(--border)}
header p{max-width:44rem;margin:0 auto;padding:.9rem 1rem;font-weight:800;font-size:1.2rem}
main{max-width:44rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:0 0 .5rem}
.card{background:var(--surface);border:1px solid var(--border);border-left:6px solid var(--warn);border-radius:10px;padding:1rem;margin-block:1rem}
.waiting{color:var(--muted)}
button{font:inherit;font-weight:600;padding:.6rem 1rem;min-height:2.75rem;border-radius:8px;border:1px solid var(--accent);background:var(--accent);color:var(--accent-text);cursor:pointer}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}`;

const escape = (text: string) =>
	text.replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!
	);

/** The whole document, in `locale`, worded by `m` (that language's `offlinePage` messages). */
export function offlinePageHtml(locale: Locale, m: Messages['offlinePage']): string {
	return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escape(m.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>Plenum</p></header>
<main>
<div class="card" data-testid="offline-page">
<h1>${escape(m.heading)}</h1>
<p>${escape(m.body)}</p>
<p class="waiting" role="status">${escape(m.waiting)}</p>
<button type="button" id="retry">${escape(m.retry)}</button>
</div>
</main>
<script>${RETRY_SCRIPT}</script>
</body>
</html>`;
}
