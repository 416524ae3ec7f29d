/**
 * Command line of `yarn bench`: which mode, hall sizes, rates and durations. Pure (argv in, plan
 * out) so the defaults are tested.
 */
import { parseArgs } from 'node:util';
import { YOUNG_GENERATION_MB } from '../server/heap.ts';

export const USAGE = `yarn bench [mode] [options]       (builds first; or: node bench/index.ts ...)

Modes (default: --quick):
  --quick                 knee search at N = 100 and 1,000 with 4 s points (a few minutes)
  --knee                  knee search at N = 100, 1,000, 3,000 and 10,000 (10 s points)
  --steady                one steady rate:  --voters 1000 --rate 500 --seconds 10
  --burst [N]             all N phones vote once within --window 10 s (default N 10,000)
  --soak                  --voters 1000 --rate 500 for --minutes 10: errors, losses, memory trend

Options:
  --sizes 100,3000        hall sizes for the knee search
  --seconds S             length of each measured point
  --settle S              seconds the connected hall waits before its first point, as a room
                          waits for its host to open the topic (default 0: votes at once)
  --voters N --rate R     hall size and offered votes/s (steady, soak)
  --workers W             load-generator threads (default 2)
  --observers K           phones that decode every tally (default 20; the rest stay silent)
  --providers P           phones on the real @hocuspocus/provider (default 20, at least the
                          observers); the rest are raw protocol clients that cost the
                          generator far less. --providers N puts the whole hall on the provider
  --idle-read-ms MS       a raw phone with no vote in flight reads its socket once per MS
                          (default 1000), taking all that queued in one read; 0 reads every
                          frame as it comes
  --join direct|http      guests' sessions written into SQLite (default, fast) or each guest
                          joining by code over HTTP (POST /api/join/<code>/guest)
  --kind ranked           ranked topic (instant runoff recounted on every tally write)
  --no-pin                do not pin the server to CPU 0 and the generator to CPU 1
  --server-env K=V        extra environment for the server (repeatable), e.g. a flood limit
  --node-flag=FLAG        a flag for the server's node (repeatable), also those NODE_OPTIONS
                          refuses, e.g. --node-flag=--trace-gc (its lines go to the server log,
                          test-results/logs/server-<pid>.log)
  --young-mb MB           the server's V8 young generation per semi-space, reserved at boot
                          (default ${YOUNG_GENERATION_MB}, as \`yarn start\`; V8's own grows to 16)
  --cluster N             N instances behind deploy/nginx.conf on PostgreSQL (TEST_DATABASE_URL,
                          a schema of the run) and Redis (REDIS_TEST_URL, a prefix of the run);
                          every phone connects through nginx to its meeting's room
  --meetings M            meetings the phones are spread over (default 1; 12 with --cluster);
                          guests then join over HTTP
  --out DIR               where results go (default bench/results)
  --chart FILE.json       draw the chart of an earlier run again (SVG and PNG beside it)
  --no-png                skip rendering the chart to PNG with headless Chromium`;

export type Mode = 'quick' | 'knee' | 'steady' | 'burst' | 'soak';

export interface Plan {
	mode: Mode;
	sizes: number[];
	pointMs: number;
	/** How long the connected hall waits before its first point. */
	settleMs: number;
	voters: number;
	rate: number;
	windowMs: number;
	soakMs: number;
	workers: number;
	observers: number;
	providers: number;
	/** How often a raw phone with no vote in flight reads its socket (0: as frames come). */
	idleReadMs: number;
	join: 'http' | 'direct';
	kind: 'single' | 'ranked';
	pin: boolean;
	serverEnv: Record<string, string>;
	/** The server's `--max-semi-space-size` in MB. */
	youngMb: number;
	/** Extra flags for the server's `node`. */
	nodeFlags: string[];
	/** Instances behind nginx on PostgreSQL and Redis (0: one server on SQLite). */
	cluster: number;
	/** Meetings the phones are spread over. */
	meetings: number;
	outDir: string;
	png: boolean;
	help: boolean;
	/** Draw the chart again from a results file instead of measuring. */
	chart: string | null;
}

const number = (value: string | undefined, name: string, fallback: number) => {
	if (value === undefined) return fallback;
	const parsed = Number(value.replace(/_/g, ''));
	if (!Number.isFinite(parsed) || parsed <= 0)
		throw new Error(`--${name} wants a positive number, got "${value}"`);
	return parsed;
};

export function parsePlan(argv: string[]): Plan {
	const { values, positionals } = parseArgs({
		args: argv,
		allowPositionals: true,
		options: {
			quick: { type: 'boolean' },
			knee: { type: 'boolean' },
			steady: { type: 'boolean' },
			burst: { type: 'boolean' },
			soak: { type: 'boolean' },
			sizes: { type: 'string' },
			seconds: { type: 'string' },
			settle: { type: 'string' },
			voters: { type: 'string' },
			rate: { type: 'string' },
			window: { type: 'string' },
			minutes: { type: 'string' },
			workers: { type: 'string' },
			observers: { type: 'string' },
			providers: { type: 'string' },
			'idle-read-ms': { type: 'string' },
			'no-pin': { type: 'boolean' },
			join: { type: 'string' },
			kind: { type: 'string' },
			'server-env': { type: 'string', multiple: true },
			'young-mb': { type: 'string' },
			'node-flag': { type: 'string', multiple: true },
			cluster: { type: 'string' },
			meetings: { type: 'string' },
			out: { type: 'string' },
			'no-png': { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
			chart: { type: 'string' }
		}
	});
	const modes = (['quick', 'knee', 'steady', 'burst', 'soak'] as const).filter((m) => values[m]);
	if (modes.length > 1) throw new Error(`choose one mode, got --${modes.join(' --')}`);
	const mode: Mode = modes[0] ?? 'quick';
	if (positionals.length > (mode === 'burst' ? 1 : 0)) {
		throw new Error(`unexpected argument "${positionals.at(-1)}"`);
	}
	const serverEnv: Record<string, string> = {};
	for (const pair of values['server-env'] ?? []) {
		const at = pair.indexOf('=');
		if (at < 1) throw new Error(`--server-env wants KEY=VALUE, got "${pair}"`);
		serverEnv[pair.slice(0, at)] = pair.slice(at + 1);
	}
	const cluster = values.cluster === undefined ? 0 : number(values.cluster, 'cluster', 0);
	if (!Number.isInteger(cluster)) throw new Error(`--cluster wants a whole number of instances`);
	const meetings = number(values.meetings, 'meetings', cluster ? 12 : 1);
	if (!Number.isInteger(meetings)) throw new Error(`--meetings wants a whole number`);
	// Guests of several meetings join by code; the direct path writes one SQLite file only.
	const join = values.join ?? (cluster || meetings > 1 ? 'http' : 'direct');
	if (join === 'direct' && (cluster || meetings > 1))
		throw new Error('--cluster and --meetings join guests over HTTP (--join http)');
	if (join !== 'http' && join !== 'direct')
		throw new Error(`--join wants http or direct, got "${join}"`);
	const kind = values.kind ?? 'single';
	if (kind !== 'single' && kind !== 'ranked')
		throw new Error(`--kind wants single or ranked, got "${kind}"`);
	const defaultSizes = mode === 'quick' ? [100, 1000] : [100, 1000, 3000, 10000];
	const sizes = values.sizes
		? values.sizes.split(',').map((size) => number(size, 'sizes', 0))
		: defaultSizes;
	return {
		mode,
		sizes,
		pointMs: number(values.seconds, 'seconds', mode === 'quick' ? 4 : 10) * 1000,
		settleMs: number(values.settle, 'settle', 0) * 1000,
		voters: number(
			mode === 'burst' ? (positionals[0] ?? values.voters) : values.voters,
			'voters',
			mode === 'burst' ? 10_000 : 1000
		),
		rate: number(values.rate, 'rate', 500),
		windowMs: number(values.window, 'window', 10) * 1000,
		soakMs: number(values.minutes, 'minutes', 10) * 60_000,
		workers: number(values.workers, 'workers', 2),
		observers: number(values.observers, 'observers', 20),
		providers: number(values.providers, 'providers', 20),
		idleReadMs:
			values['idle-read-ms'] === '0' ? 0 : number(values['idle-read-ms'], 'idle-read-ms', 1000),
		join,
		kind,
		pin: !values['no-pin'],
		serverEnv,
		youngMb: number(values['young-mb'], 'young-mb', YOUNG_GENERATION_MB),
		nodeFlags: values['node-flag'] ?? [],
		cluster,
		meetings,
		outDir: values.out ?? 'bench/results',
		png: !values['no-png'],
		help: values.help ?? false,
		chart: values.chart ?? null
	};
}
