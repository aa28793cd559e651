/**
 * The host side of the engine: starts the worker, sends typed requests,
 * forwards cancellation, and restarts the worker after a crash so the
 * editor stays usable. Used by the extension and by the CLI.
 */
import { Worker } from 'node:worker_threads';
import { deserializeError, EngineError } from './errors';
import type {
	EngineMethods, HostMessage, LoadParams, LoadResult, MethodName, WorkerMessage,
} from './protocol';

/** Something that can say "stop"; vscode's CancellationToken fits. */
export interface CancelSignal {
	readonly isCancellationRequested: boolean;
	onCancellationRequested(listener: () => void): { dispose(): void };
}

/** Where the client reports what happens to the worker. */
export interface EngineEvents {
	log?(level: 'info' | 'warn' | 'error' | 'debug', message: string): void;
	/** The worker died; `willRestart` says whether the next request restarts it. */
	crashed?(reason: string, willRestart: boolean): void;
}

interface Pending {
	resolve(v: unknown): void;
	reject(e: Error): void;
	progress?(done: number, total: number, note?: string): void;
}

/** After this many crashes within the window, stop restarting. */
const CRASH_LIMIT = 3;
const CRASH_WINDOW_MS = 60_000;

export class EngineClient {
	private worker?: Worker;
	private nextId = 1;
	private readonly pending = new Map<number, Pending>();
	private lastLoad?: LoadParams;
	private crashes: number[] = [];
	private disposed = false;

	constructor(
		/** Path of the bundled worker script (dist/engineWorker.js). */
		private readonly workerPath: string,
		private readonly events: EngineEvents = {},
	) {}

	/** Loads models; remembered so a restarted worker reloads them. */
	async load(params: LoadParams): Promise<LoadResult> {
		const result = await this.request('load', params);
		this.lastLoad = { ...params };
		return result;
	}

	/** Sends one request; rejects with EngineError (kind 'cancelled' on cancel). */
	async request<M extends MethodName>(
		method: M,
		params: EngineMethods[M]['params'],
		options: { signal?: CancelSignal; progress?: Pending['progress'] } = {},
	): Promise<EngineMethods[M]['result']> {
		if (this.disposed) {
			throw new EngineError('internal', 'The engine was shut down.');
		}
		const worker = await this.ensureWorker(method === 'load');
		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			this.pending.set(id, {
				resolve: resolve as (v: unknown) => void, reject, progress: options.progress,
			});
			const sub = options.signal?.onCancellationRequested(() => {
				worker.postMessage({ type: 'cancel', id } satisfies HostMessage);
			});
			const cleanup = (): void => sub?.dispose();
			const p = this.pending.get(id)!;
			p.resolve = (v) => { cleanup(); resolve(v as never); };
			p.reject = (e) => { cleanup(); reject(e); };
			if (options.signal?.isCancellationRequested) {
				worker.postMessage({ type: 'cancel', id } satisfies HostMessage);
			}
			worker.postMessage({ type: 'request', id, method, params } satisfies HostMessage);
		});
	}

	private async ensureWorker(isLoad: boolean): Promise<Worker> {
		if (this.worker) {
			return this.worker;
		}
		const now = Date.now();
		this.crashes = this.crashes.filter((t) => now - t < CRASH_WINDOW_MS);
		if (this.crashes.length >= CRASH_LIMIT) {
			throw new EngineError('crashed',
				`The engine crashed ${CRASH_LIMIT} times in a minute and was not restarted. `
				+ 'See the Stepwise output channel, then run "Stepwise: Restart Engine".');
		}
		const worker = new Worker(this.workerPath);
		worker.on('message', (m: WorkerMessage) => this.onMessage(m));
		worker.on('error', (e) => this.onExit(worker, `error: ${e.message}`));
		worker.on('exit', (code) => this.onExit(worker, `exit code ${code}`));
		this.worker = worker;
		// A restarted worker gets the models back before the new request.
		if (!isLoad && this.lastLoad) {
			await this.request('load', this.lastLoad);
		}
		return worker;
	}

	private onMessage(m: WorkerMessage): void {
		if (m.type === 'log') {
			this.events.log?.(m.level, m.message);
			return;
		}
		const p = this.pending.get(m.id);
		if (!p) {
			return;
		}
		if (m.type === 'progress') {
			p.progress?.(m.done, m.total, m.note);
			return;
		}
		this.pending.delete(m.id);
		if (m.type === 'result') {
			p.resolve(m.result);
		} else {
			p.reject(deserializeError(m.error));
		}
	}

	private onExit(worker: Worker, reason: string): void {
		if (this.worker !== worker) {
			return;
		}
		this.worker = undefined;
		if (this.disposed) {
			return;
		}
		this.crashes.push(Date.now());
		const willRestart = this.crashes.length < CRASH_LIMIT;
		this.events.crashed?.(reason, willRestart);
		const err = new EngineError('crashed',
			`The engine stopped (${reason}) while working on this request. `
			+ (willRestart ? 'It restarts on the next request.' : 'It will not be restarted.'));
		for (const p of this.pending.values()) {
			p.reject(err);
		}
		this.pending.clear();
	}

	/** Kills the worker at once; for tests of crash recovery and for restart. */
	async restart(): Promise<void> {
		const w = this.worker;
		this.worker = undefined;
		this.crashes = [];
		for (const p of this.pending.values()) {
			p.reject(new EngineError('cancelled', 'The engine was restarted.'));
		}
		this.pending.clear();
		await w?.terminate();
	}

	async dispose(): Promise<void> {
		this.disposed = true;
		await this.restart();
	}
}
