/** The main thread's side of the load-generator workers: setup, runs, and stop. */
import { Worker } from 'node:worker_threads';
import type { TallySeen } from './phone.ts';
import type { FromWorker, RunRequest, RunResult, ToWorker, WorkerSetup } from './protocol.ts';

export class Fleet {
	private workers: Worker[];

	constructor(count: number) {
		this.workers = Array.from(
			{ length: count },
			() => new Worker(new URL('./worker.ts', import.meta.url))
		);
	}

	get size() {
		return this.workers.length;
	}

	/** Sends one request to every worker and waits for each one's answer of `type`. */
	private ask<T extends FromWorker['type']>(
		messages: ToWorker[],
		type: T,
		onProgress?: (worker: number, connected: number) => void
	): Promise<Extract<FromWorker, { type: T }>[]> {
		return Promise.all(
			this.workers.map(
				(worker, index) =>
					new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
						const listener = (message: FromWorker) => {
							if (message.type === 'progress') onProgress?.(index, message.connected);
							else if (message.type === 'error') {
								worker.off('message', listener);
								reject(new Error(`worker ${index}: ${message.message}`));
							} else if (message.type === type) {
								worker.off('message', listener);
								resolve(message as Extract<FromWorker, { type: T }>);
							}
						};
						worker.on('message', listener);
						worker.postMessage(messages[index]);
					})
			)
		);
	}

	/** Joins the phones' guests, split over the workers as evenly as possible. */
	async join(
		setup: Omit<WorkerSetup, 'phones' | 'providers' | 'observers' | 'namePrefix'>,
		phones: number,
		providers: number,
		observers: number
	) {
		const share = (total: number, i: number) =>
			Math.floor(total / this.size) + (i < total % this.size ? 1 : 0);
		return this.ask(
			this.workers.map((_, i) => ({
				type: 'setup' as const,
				setup: {
					...setup,
					phones: share(phones, i),
					providers: share(providers, i),
					observers: share(observers, i),
					namePrefix: `g${i}-`
				}
			})),
			'joined'
		);
	}

	/** Connects every joined phone; resolves when all are synced and subscribed. */
	async connect(onProgress?: (connected: number) => void) {
		const progress = new Array(this.size).fill(0);
		return this.ask(
			this.workers.map(() => ({ type: 'connect' as const })),
			'ready',
			(worker, connected) => {
				progress[worker] = connected;
				onProgress?.(progress.reduce((a, b) => a + b, 0));
			}
		);
	}

	/** Runs every worker at its share of the rate; resolves with each one's result. */
	async run(request: RunRequest): Promise<RunResult[]> {
		const answers = await this.ask(
			this.workers.map(() => ({
				type: 'run' as const,
				run: { ...request, rate: request.rate / this.size }
			})),
			'result'
		);
		return answers.map((answer) => answer.result);
	}

	/** Every observing phone's log, once each caught up with `atLeast` (or the time is up). */
	async tallies(atLeast: number, timeoutMs: number) {
		const answers = await this.ask(
			this.workers.map(() => ({ type: 'tallies' as const, atLeast, timeoutMs })),
			'tallies'
		);
		return answers.flatMap((answer) => answer.tallies);
	}

	async stop() {
		await Promise.all(
			this.workers.map(
				(worker) =>
					new Promise<void>((resolve) => {
						worker.once('exit', () => resolve());
						worker.postMessage({ type: 'stop' } satisfies ToWorker);
					})
			)
		);
	}
}
