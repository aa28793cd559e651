/**
 * transformers.js on the same model folder, as the reference the engine is
 * compared with: AutoModelForCausalLM.generate, offline, same prompts and
 * thread count, fixed length through min_new_tokens.
 */
import { basename, dirname } from 'node:path';
import {
	AutoModelForCausalLM, AutoTokenizer, env, type PreTrainedModel, type PreTrainedTokenizer,
	type Tensor,
} from '@huggingface/transformers';

/** A loaded peer: tokenizer and model. */
export interface Peer {
	tokenizer: PreTrainedTokenizer;
	model: PreTrainedModel;
	/** Milliseconds spent inside the model session's run, summed over calls. */
	runMs: number;
}

type Runner = { run(...args: unknown[]): Promise<unknown> };

/** Times every session.run of the peer, the same way Decoder.forward times ours. */
function timeRuns(peer: Peer): void {
	const sessions = (peer.model as unknown as { sessions: Record<string, Runner> }).sessions;
	for (const session of Object.values(sessions)) {
		const run = session.run.bind(session);
		session.run = async (...args: unknown[]): Promise<unknown> => {
			const t0 = performance.now();
			try {
				return await run(...args);
			} finally {
				peer.runMs += performance.now() - t0;
			}
		};
	}
}

/** Loads the folder offline, with the same intra-op threads as the engine. */
export async function openPeer(folder: string, threads: number): Promise<Peer> {
	env.allowRemoteModels = false;
	env.allowLocalModels = true;
	env.localModelPath = `${dirname(folder)}/`;
	const name = basename(folder);
	const tokenizer = await AutoTokenizer.from_pretrained(name);
	// Char-level math text: the default clean-up would glue "a . b" into "a. b".
	(tokenizer as unknown as { clean_up_tokenization_spaces: boolean })
		.clean_up_tokenization_spaces = false;
	tokenizer.padding_side = 'left';
	const model = await AutoModelForCausalLM.from_pretrained(name, {
		device: 'cpu',
		dtype: 'fp32',
		session_options: { intraOpNumThreads: threads, graphOptimizationLevel: 'all' },
	});
	const peer = { tokenizer, model, runMs: 0 };
	timeRuns(peer);
	return peer;
}

/** Settings both engines run with. */
export interface PeerRun {
	prompts: string[];
	newTokens: number;
	/** 0 is greedy. */
	temperature: number;
}

/** One fixed-length generate call; returns the new token ids of each row. */
export async function runPeer(peer: Peer, r: PeerRun): Promise<number[][]> {
	const inputs = peer.tokenizer(r.prompts, { padding: true });
	const width = (inputs.input_ids as Tensor).dims[1];
	const out = await peer.model.generate({
		...inputs,
		max_new_tokens: r.newTokens,
		min_new_tokens: r.newTokens,
		do_sample: r.temperature > 0,
		temperature: r.temperature > 0 ? r.temperature : 1,
		top_k: 0,
		top_p: 1,
	}) as Tensor;
	const rows = out.tolist() as bigint[][];
	return rows.map((row) => row.slice(width).map(Number));
}

/** Releases the peer's sessions. */
export async function closePeer(peer: Peer): Promise<void> {
	await peer.model.dispose();
}
