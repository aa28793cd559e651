/**
 * The engine proper: loaded models and the jobs run on them. It lives in
 * the worker thread in the product; tests and the CLI's in-process mode
 * can use it directly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readAdapter, resolveAdapter, type ResolvedAdapter } from './adapter';
import { Decoder } from './decoder';
import { EngineError } from './errors';
import { generate } from './generate';
import { stepMetrics, type StepMetrics } from '../core/stepMetrics';
import { isValidation, refitHead, type RefitParams, type RefitResult } from './refit';
import { PrefixCache } from './prefixCache';
import { layoutSolution, readFeatures, scoreRows, scoreWithPrefix } from './prm';
import type {
	GenerateParams, GenerateResult, LoadParams, LoadResult, ModelInfo, ScoreLiveParams,
	ScoreLiveResult, ScoreParams, ScoreResult,
} from './protocol';
import { readModelFolder } from './modelFolder';
import { createSession, type ProviderSetting } from './runtime';
import { TextCodec } from './tokenizer';

/** How the generator's prompt is built, from `stepwise-generator.json` if present. */
interface PromptFormat {
	promptTemplate?: string;
	systemPrompt?: string;
	stop: string[];
}

const DEFAULT_SYSTEM = 'Please reason step by step, and put your final answer within \\boxed{}.';

interface Loaded<T> {
	key: string;
	decoder: Decoder;
	codec: TextCodec;
	info: ModelInfo;
	extra: T;
}

/** Hooks a running job gets: cancellation and progress. */
export interface JobContext {
	isCancelled(): boolean;
	progress(done: number, total: number, note?: string): void;
}

export class Engine {
	private generator?: Loaded<PromptFormat>;
	private prm?: Loaded<ResolvedAdapter>;
	/** Live-scoring state per document; only valid for the PRM that made it. */
	private readonly prefixes = new PrefixCache();

	/**
	 * Loads what the params name. A model that fails to load leaves the
	 * one in use untouched, so a bad new folder never takes the engine down.
	 */
	async load(p: LoadParams): Promise<LoadResult> {
		const threads = p.threads && p.threads > 0 ? p.threads : Math.min(4, availableParallelism());
		if (p.generatorPath) {
			const key = `${p.generatorPath}|${p.provider}|${threads}`;
			if (this.generator?.key !== key) {
				const next = await this.open(p.generatorPath, p.provider, threads, key,
					(folder) => readPromptFormat(folder));
				await this.generator?.decoder.release();
				this.generator = next;
			}
		}
		if (p.prmPath) {
			const key = `${p.prmPath}|${p.provider}|${threads}`;
			if (this.prm?.key !== key) {
				const next = await this.open(p.prmPath, p.provider, threads, key,
					(folder, codec) => resolveAdapter(readAdapter(folder), codec, folder));
				await trialScore(next);
				await this.prm?.decoder.release();
				this.prm = next;
				this.prefixes.clear();
			}
		}
		return {
			generator: this.generator?.info,
			prm: this.prm && { ...this.prm.info, family: this.prm.extra.family },
		};
	}

	private async open<T>(
		path: string,
		provider: ProviderSetting,
		threads: number,
		key: string,
		extra: (folder: string, codec: TextCodec) => T,
	): Promise<Loaded<T>> {
		const t0 = performance.now();
		const folder = readModelFolder(path);
		const codec = new TextCodec(folder);
		const more = extra(path, codec);
		const choice = await createSession(folder.onnxPath, provider, threads);
		try {
			const decoder = new Decoder(folder, choice);
			const info: ModelInfo = {
				path,
				provider: choice.provider,
				fallbackReason: choice.fallbackReason,
				gpuFailed: choice.gpuFailed,
				modelType: folder.config.modelType,
				loadMs: Math.round(performance.now() - t0),
			};
			return { key, decoder, codec, info, extra: more };
		} catch (e) {
			await choice.session.release();
			throw e;
		}
	}

	/** Samples N solutions to one problem in one batch. */
	async generate(p: GenerateParams, ctx: JobContext): Promise<GenerateResult> {
		const g = this.generator;
		if (!g) {
			throw new EngineError('input', 'No generator is loaded. Set `stepwise.generatorPath`.');
		}
		checkGenerate(p);
		const prompt = renderPrompt(g.codec, g.extra, p.problem);
		const ids = g.codec.encode(prompt, true);
		const max = g.decoder.folder.config.maxPositions;
		if (max !== undefined && ids.length >= max) {
			throw new EngineError('input', `The problem is ${ids.length} tokens, and the generator reads `
				+ `at most ${max} (max_position_embeddings in ${g.info.path}/config.json).`);
		}
		// The budget stops where the model's context ends, with a few tokens
		// to spare for the separators the PRM adds when it reads the steps.
		const maxNewTokens = max === undefined
			? p.maxNewTokens : Math.max(1, Math.min(p.maxNewTokens, max - ids.length - 8));
		const budget = p.maxNewTokens * p.n;
		return generate(g.decoder, g.codec, {
			prompts: Array.from({ length: p.n }, () => ids),
			maxNewTokens,
			temperature: p.temperature,
			topK: p.topK,
			topP: p.topP,
			seed: p.seed,
			minNewTokens: p.minNewTokens ?? 0,
			stop: [...g.extra.stop, ...(p.stop ?? [])],
			isCancelled: () => ctx.isCancelled(),
			onStep: (made) => ctx.progress(made, budget),
		});
	}

	/** Scores every step of each solution; all solutions in one pass. */
	async score(p: ScoreParams): Promise<ScoreResult> {
		const m = this.prm;
		if (!m) {
			throw new EngineError('input', 'No PRM is loaded. Set `stepwise.prmPath`.');
		}
		const rows = p.solutions.map((steps) => layoutSolution(m.codec, m.extra, p.problem, steps));
		return scoreRows(m.decoder, m.codec, m.extra, rows);
	}

	/** Scores one document's solution, reusing its unchanged prefix. */
	async scoreLive(p: ScoreLiveParams): Promise<ScoreLiveResult> {
		const m = this.prm;
		if (!m) {
			throw new EngineError('input', 'No PRM is loaded. Set `stepwise.prmPath`.');
		}
		const row = layoutSolution(m.codec, m.extra, p.problem, p.steps);
		const prev = this.prefixes.get(p.key);
		const r = await scoreWithPrefix(m.decoder, m.codec, m.extra, row, prev);
		if (r.entry) {
			this.prefixes.set(p.key, r.entry);
		}
		const { entry: _drop, ...result } = r;
		return { ...result, cached: prev !== undefined };
	}

	/** Refits the loaded PRM's head on labeled steps; the engine keeps using the old one. */
	async refitHead(p: RefitParams, ctx: JobContext): Promise<RefitResult> {
		const m = this.prm;
		if (!m) {
			throw new EngineError('input', 'No PRM is loaded. Set `stepwise.prmPath`.');
		}
		if (m.extra.family !== 'value-head' || !m.extra.featureOutput) {
			throw new EngineError('adapter', `${m.info.path}: refitting the head needs a value-head PRM `
				+ 'whose stepwise-prm.json names a "featureOutput" (the hidden state feeding the head).');
		}
		return refitHead(p, async (batch) => {
			const rows = batch.map((e) => layoutSolution(m.codec, m.extra, e.problem, e.steps));
			const feats = await readFeatures(m.decoder, m.extra, rows);
			const { scores } = await scoreRows(m.decoder, m.codec, m.extra, rows);
			return batch.map((e, b) => ({
				features: feats[b].slice(0, e.labels.length),
				p: scores[b].slice(0, e.labels.length).map((s) => s.p),
			}));
		}, ctx);
	}

	/** Metrics of the loaded PRM on the validation problems of `p`. */
	async stepMetrics(p: RefitParams): Promise<StepMetrics> {
		const ps: number[] = [];
		const ys: number[] = [];
		for (const e of p.examples) {
			if (e.labels.length === 0 || !isValidation(e.group, p.seed, p.valFraction)) {
				continue;
			}
			const { scores } = await this.score({ problem: e.problem, solutions: [e.steps] });
			e.labels.forEach((y, k) => {
				ps.push(scores[0][k].p);
				ys.push(y);
			});
		}
		return stepMetrics(ps, ys);
	}

	forget(key: string): void {
		this.prefixes.delete(key);
	}

	/** Releases every native session. */
	async dispose(): Promise<void> {
		await this.generator?.decoder.release();
		await this.prm?.decoder.release();
		this.generator = undefined;
		this.prm = undefined;
	}
}

function checkGenerate(p: GenerateParams): void {
	const ok = Number.isInteger(p.n) && p.n >= 1 && p.n <= 1024
		&& Number.isInteger(p.maxNewTokens) && p.maxNewTokens >= 1
		&& p.temperature >= 0 && p.topP > 0 && p.topP <= 1 && p.topK >= 0
		&& (p.minNewTokens === undefined || (Number.isInteger(p.minNewTokens) && p.minNewTokens >= 0));
	if (!ok) {
		throw new EngineError('input',
			'Generation settings out of range: n 1..1024, maxNewTokens >= 1, temperature >= 0, '
			+ '0 < topP <= 1, topK >= 0.');
	}
}

function readPromptFormat(folder: string): PromptFormat {
	const file = join(folder, 'stepwise-generator.json');
	if (!existsSync(file)) {
		return { stop: [] };
	}
	let o: Record<string, unknown>;
	try {
		o = JSON.parse(readFileSync(file, 'utf8'));
	} catch (e) {
		throw new EngineError('model-folder', `${file}: not valid JSON (${(e as Error).message}).`, file);
	}
	const stop = Array.isArray(o.stop) ? o.stop.filter((s): s is string => typeof s === 'string') : [];
	return {
		promptTemplate: typeof o.promptTemplate === 'string' ? o.promptTemplate : undefined,
		systemPrompt: typeof o.systemPrompt === 'string' ? o.systemPrompt : undefined,
		stop,
	};
}

/** The folder's own template wins, then a chat template, then plain text. */
function renderPrompt(codec: TextCodec, f: PromptFormat, problem: string): string {
	if (f.promptTemplate) {
		return f.promptTemplate.replace('{problem}', problem);
	}
	if (codec.hasChatTemplate) {
		return codec.applyChat(f.systemPrompt ?? DEFAULT_SYSTEM, problem);
	}
	return `${problem}\n`;
}

/** One tiny pass proves the graph gives what the adapter reads. */
async function trialScore(m: Loaded<ResolvedAdapter>): Promise<void> {
	try {
		const row = layoutSolution(m.codec, m.extra, '1 + 1', ['1 + 1 = 2']);
		const { scores } = await scoreRows(m.decoder, m.codec, m.extra, [row]);
		const p = scores[0][0].p;
		if (!(p >= 0 && p <= 1)) {
			throw new EngineError('adapter', `a trial pass gave a step probability of ${p}`);
		}
	} catch (e) {
		await m.decoder.release();
		const why = e instanceof Error ? e.message : String(e);
		throw new EngineError('model-folder',
			`${m.info.path}: the PRM failed a trial scoring pass (${why}). The current PRM stays loaded.`,
			m.info.path);
	}
}
