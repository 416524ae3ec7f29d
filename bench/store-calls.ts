/**
 * How many storage calls the server made, by store and method, read from its own `/metrics`
 * (`plenum_db_transaction_seconds_count`: one per call of a store's method, whatever the
 * database). The bench reads it before and after the hall connects, which gives the store calls
 * per joining phone: a figure that does not move with the machine's speed, unlike the CPU they
 * cost.
 */
import { scrapeMetrics } from './loop-delay.ts';

/** Calls per `store.method`; null when the text holds no storage metrics. */
export function parseStoreCalls(text: string): Map<string, number> | null {
	const line =
		/^plenum_db_transaction_seconds_count\{(?=[^}]*store="([^"]+)")(?=[^}]*method="([^"]+)")[^}]*\} (\S+)$/gm;
	const calls = new Map<string, number>();
	for (const [, store, method, value] of text.matchAll(line)) {
		const key = `${store}.${method}`;
		calls.set(key, (calls.get(key) ?? 0) + Number(value));
	}
	return calls.size > 0 ? calls : null;
}

/** The calls of every server, added up; null if one could not be read. */
export async function readStoreCalls(baseUrls: string[]): Promise<Map<string, number> | null> {
	const total = new Map<string, number>();
	for (const baseUrl of baseUrls) {
		const text = await scrapeMetrics(baseUrl);
		const calls = text === null ? null : parseStoreCalls(text);
		if (!calls) return null;
		for (const [key, count] of calls) total.set(key, (total.get(key) ?? 0) + count);
	}
	return total;
}

/** Calls made between two readings, per phone, largest first (methods under 0.05 per phone left out). */
export function callsPerPhone(
	before: Map<string, number>,
	after: Map<string, number>,
	phones: number
): { total: number; byMethod: Record<string, number> } {
	const round = (n: number) => Math.round(n * 100) / 100;
	const byMethod: Record<string, number> = {};
	let total = 0;
	const rows = [...after].map(
		([key, count]) => [key, (count - (before.get(key) ?? 0)) / phones] as const
	);
	for (const [key, perPhone] of rows.sort((a, b) => b[1] - a[1])) {
		total += perPhone;
		if (perPhone >= 0.05) byMethod[key] = round(perPhone);
	}
	return { total: round(total), byMethod };
}
