/** The host side of genChild.ts: one engine in a child process, run on request. */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { GenChildData, GenReply, GenRequest } from './genChild';

/** One timed call, as the child measured it. */
export type Timed = Exclude<GenReply, { error: string }>;

export class EngineProcess {
	private readonly child: ChildProcess;
	private readonly ready: Promise<void>;
	private waiting?: (r: GenReply) => void;

	/**
	 * `engineDir` runs another copy of src/engine (the stepwise side only);
	 * `label` names this process in figures and errors.
	 */
	constructor(
		readonly label: string,
		data: GenChildData,
		engineDir?: string,
	) {
		const env = engineDir ? { ...process.env, STEPWISE_BENCH_ENGINE: engineDir } : process.env;
		this.child = fork(join(__dirname, 'genChild.ts'), [JSON.stringify(data)], {
			execArgv: ['--import', 'tsx'],
			env,
			stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
		});
		this.ready = new Promise((resolve, reject) => {
			this.child.once('exit', (code) => reject(new Error(`${label} exited (${code})`)));
			this.child.once('message', () => resolve());
		});
		this.child.on('message', (m: GenReply | 'ready') => {
			if (m !== 'ready') {
				this.waiting?.(m);
			}
		});
		this.child.on('exit', (code) => this.waiting?.({ error: `the process exited (${code})` }));
	}

	/** Resolves once the engine is loaded. */
	async started(): Promise<void> {
		await this.ready;
	}

	/** Runs one generate call; throws what the child reported. */
	async run(req: GenRequest): Promise<Timed> {
		await this.ready;
		const reply = await new Promise<GenReply>((resolve) => {
			this.waiting = resolve;
			this.child.send(req);
		});
		if ('error' in reply) {
			throw new Error(`${this.label}: ${reply.error}`);
		}
		return reply;
	}

	close(): void {
		this.child.removeAllListeners('exit');
		this.child.disconnect();
	}
}

/**
 * Starts one process on these sources and stops it again. tsx compiles
 * TypeScript on first load and caches the result on disk; a process that
 * compiled fresh carries more heap and spent visibly more time in GC (A/A
 * runs measured 10-30 ms a run) than one that read the cache, so every
 * measured process should find the cache warm.
 */
export async function warmCompileCache(data: GenChildData, engineDir?: string): Promise<void> {
	const p = new EngineProcess('warm-up', data, engineDir);
	await p.started();
	p.close();
}
