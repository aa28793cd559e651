/**
 * Entry point of the engine worker thread. It owns the ONNX sessions and
 * answers the requests declared in protocol.ts, one job at a time: the
 * CPU provider already uses every core for one run, and interleaving two
 * generation loops would only make both slower.
 */
import { parentPort } from 'node:worker_threads';
import { Engine, type JobContext } from './engine';
import { serializeError } from './errors';
import type { HostMessage, MethodName, WorkerMessage } from './protocol';

const port = parentPort;
if (!port) {
	throw new Error('engine worker must run in a worker thread');
}

const engine = new Engine();
const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

function send(msg: WorkerMessage): void {
	port!.postMessage(msg);
}

async function handle(id: number, method: MethodName, params: unknown): Promise<unknown> {
	const ctx: JobContext = {
		isCancelled: () => cancelled.has(id),
		progress: (done, total, note) => send({ type: 'progress', id, done, total, note }),
	};
	switch (method) {
		case 'load':
			return engine.load(params as never);
		case 'generate':
			return engine.generate(params as never, ctx);
		case 'score':
			return engine.score(params as never);
		case 'scoreLive':
			return engine.scoreLive(params as never);
		case 'stepMetrics':
			return engine.stepMetrics(params as never);
		case 'refitHead':
			return engine.refitHead(params as never, ctx);
		case 'forget':
			return engine.forget((params as { key: string }).key);
		case 'memory':
			return { rss: process.memoryUsage().rss };
	}
}

port.on('message', (msg: HostMessage) => {
	if (msg.type === 'cancel') {
		cancelled.add(msg.id);
		return;
	}
	const { id, method, params } = msg;
	queue = queue.then(async () => {
		try {
			if (cancelled.has(id)) {
				throw Object.assign(new Error('cancelled'), { cancelled: true });
			}
			const result = await handle(id, method, params);
			// A job cut short by a cancel is not a result; callers must not
			// store half-made samples as if they were whole.
			if (cancelled.has(id)) {
				throw Object.assign(new Error('cancelled'), { cancelled: true });
			}
			send({ type: 'result', id, result });
		} catch (e) {
			const error = (e as { cancelled?: boolean }).cancelled
				? { kind: 'cancelled' as const, message: 'Cancelled.' }
				: serializeError(e);
			send({ type: 'error', id, error });
		} finally {
			cancelled.delete(id);
		}
	});
});
