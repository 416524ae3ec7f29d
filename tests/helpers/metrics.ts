/** Reading Prometheus' text format in tests: one sample's value, or every metric name. */

export interface Scrape {
	/** Sum of the samples named `name` whose labels include `labels` (0 when none). */
	value(name: string, labels?: Record<string, string>): number;
	/** Whether any sample (or HELP/TYPE line) names this metric. */
	has(name: string): boolean;
	/** Metric families the text declares (`# TYPE` lines). */
	families(): string[];
	text: string;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;

function labelsOf(raw: string | undefined): Record<string, string> {
	const labels: Record<string, string> = {};
	for (const match of (raw ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
		labels[match[1]] = match[2].replace(/\\"/g, '"').replace(/\\\\/g, '\\');
	}
	return labels;
}

export function parseMetrics(text: string): Scrape {
	const samples = text
		.split('\n')
		.filter((line) => line && !line.startsWith('#'))
		.map((line) => SAMPLE.exec(line))
		.filter((match) => match !== null)
		.map((match) => ({ name: match[1], labels: labelsOf(match[2]), value: Number(match[3]) }));
	const families = [...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]);
	return {
		text,
		value(name, labels = {}) {
			return samples
				.filter(
					(sample) =>
						sample.name === name &&
						Object.entries(labels).every(([key, value]) => sample.labels[key] === value)
				)
				.reduce((sum, sample) => sum + sample.value, 0);
		},
		has: (name) => families.includes(name) || samples.some((sample) => sample.name === name),
		families: () => families
	};
}

/** Scrapes `url` with the token, failing on anything but 200. */
export async function scrape(url: string, token?: string): Promise<Scrape> {
	const response = await fetch(url, {
		headers: token ? { authorization: `Bearer ${token}` } : {}
	});
	if (response.status !== 200) throw new Error(`scrape of ${url} answered ${response.status}`);
	return parseMetrics(await response.text());
}

/** The line the server's metrics listener wrote to its log (JSON), if any. */
export function metricsListener(log: string): { port: number; host: string } | null {
	for (const line of log.split('\n')) {
		if (!line.includes('"metrics listening"')) continue;
		const entry = JSON.parse(line) as { msg: string; port: number; host: string };
		if (entry.msg === 'metrics listening') return { port: entry.port, host: entry.host };
	}
	return null;
}

/** The port the server's metrics listener reported in its log. */
export function metricsPortOf(log: string): number {
	const listener = metricsListener(log);
	if (!listener) throw new Error(`no metrics listener in the log:\n${log}`);
	return listener.port;
}
