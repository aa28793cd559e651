/**
 * The contract between the extension host (or the CLI) and the engine
 * worker. Each method is declared once here with its params and result;
 * both sides type their calls from this table.
 */
import type { StepScore } from '../core/types';
import type { StepMetrics } from '../core/stepMetrics';
import type { RefitParams, RefitResult } from './refit';
import type { SerializedError } from './errors';
import type { FinishReason, GenerateStats } from './generate';
import type { ProviderSetting } from './runtime';

/** Which models to load, and on what. */
export interface LoadParams {
	generatorPath?: string;
	prmPath?: string;
	provider: ProviderSetting;
	/** Threads for ONNX Runtime's intra-op pool; 0 lets the engine choose. */
	threads?: number;
}

/** What got loaded, for the status bar. */
export interface LoadResult {
	generator?: ModelInfo;
	prm?: ModelInfo & { family: string };
}

export interface ModelInfo {
	path: string;
	provider: string;
	/** One line when `auto` fell back to CPU, saying why. */
	fallbackReason?: string;
	/** True when a GPU provider was installed but could not start. */
	gpuFailed?: boolean;
	modelType: string;
	loadMs: number;
}

/** A generate request: one problem, N samples. */
export interface GenerateParams {
	problem: string;
	n: number;
	maxNewTokens: number;
	temperature: number;
	topK: number;
	topP: number;
	seed: number;
	/** Extra stop strings; EOS always stops. */
	stop?: string[];
	/** EOS is not drawn before a sample has this many tokens (default 0). */
	minNewTokens?: number;
}

export interface GeneratedSample {
	text: string;
	tokens: number;
	finish: FinishReason;
}

export interface GenerateResult {
	samples: GeneratedSample[];
	stats: GenerateStats;
}

/** A score request: several solutions of one problem, each as steps. */
export interface ScoreParams {
	problem: string;
	solutions: string[][];
}

export interface ScoreResult {
	scores: StepScore[][];
	runMs: number;
}

/**
 * A live score request: one solution of one document, scored with the
 * work on the part unchanged since the last request for `key` reused.
 */
export interface ScoreLiveParams {
	key: string;
	problem: string;
	steps: string[];
}

export interface ScoreLiveResult {
	scores: StepScore[];
	reused: number;
	computed: number;
	firstRescored: number;
	runMs: number;
	/** Whether the engine still held this document's last pass. */
	cached: boolean;
}

/** Every method the worker answers, with its params and result. */
export interface EngineMethods {
	load: { params: LoadParams; result: LoadResult };
	generate: { params: GenerateParams; result: GenerateResult };
	score: { params: ScoreParams; result: ScoreResult };
	scoreLive: { params: ScoreLiveParams; result: ScoreLiveResult };
	/** How well the loaded PRM scores the validation side of labeled steps. */
	stepMetrics: { params: RefitParams; result: StepMetrics };
	/** Refits the loaded PRM's head on labeled steps (trunk frozen). */
	refitHead: { params: RefitParams; result: RefitResult };
	/** Drops a document's live-scoring state (closed or cleared). */
	forget: { params: { key: string }; result: void };
	/** Resident memory of the worker's process, for benchmarks. */
	memory: { params: Record<string, never>; result: { rss: number } };
}

export type MethodName = keyof EngineMethods;

/** Host -> worker. */
export type HostMessage =
	| { type: 'request'; id: number; method: MethodName; params: unknown }
	| { type: 'cancel'; id: number };

/** Worker -> host. */
export type WorkerMessage =
	| { type: 'result'; id: number; result: unknown }
	| { type: 'error'; id: number; error: SerializedError }
	| { type: 'progress'; id: number; done: number; total: number; note?: string }
	| { type: 'log'; level: 'info' | 'warn' | 'error' | 'debug'; message: string };
