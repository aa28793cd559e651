/**
 * Rows the store reads and writes, in the shapes callers use. Column names
 * are snake_case in SQL and camelCase here; the table modules convert.
 */
import type { FinishReason, LabelPurpose, Problem, Rating, StepScore } from '../core/types';

export type { FinishReason, LabelPurpose, Problem, Rating, StepScore };

/** A JSON object kept in a TEXT column (settings, provenance, metrics). */
export type JsonObject = { [key: string]: unknown };

/** How a problem is named across the store: its set and its id there. */
export interface ProblemKey {
	set: string;
	uid: string;
}

/**
 * A stored problem. Unlike `Problem`, fields an import could not learn are
 * null: a problem with `level` null counts as not easy.
 */
export interface ProblemRow extends ProblemKey {
	id: number;
	problem: string;
	solution: string | null;
	answer: string | null;
	subject: string | null;
	level: number | null;
}

/** Who wrote a step: the generator, or a person correcting it. */
export type StepAuthor = 'model' | 'human';

/** One step of a sample. */
export interface StepRow {
	idx: number;
	text: string;
	author: StepAuthor;
}

/** A generated solution to store with `addSample`. */
export interface NewSample {
	problem: ProblemKey;
	/** Id of the generator model version (or an outside model's name). */
	generator: string;
	/** The full solution text as generated. */
	text: string;
	/** The solution cut into steps; their order is their index. */
	steps: string[];
	/** Final answer extracted from the text, or null when there is none. */
	answer: string | null;
	/** Sampling settings (temperature, top-p, max tokens...). */
	settings: JsonObject;
	seed: number | null;
	/** Why generation stopped, e.g. `stop` or `length`. */
	finish?: string | null;
	/** PRM scores to store in the same transaction, one per step. */
	scores?: { prmId: string; scores: StepScore[] };
}

/** A stored sample without its steps. */
export interface SampleRow {
	id: number;
	problemId: number;
	problem: ProblemKey;
	generator: string;
	text: string;
	answer: string | null;
	finish: string | null;
	settings: JsonObject;
	seed: number | null;
	createdAt: string;
}

/** A stored sample with its steps in order. */
export interface SampleWithSteps extends SampleRow {
	steps: StepRow[];
}

/** Which labeling pass a label belongs to. */
export interface LabelOwner {
	sampleId: number;
	labeler: string;
	purpose: LabelPurpose;
}

/** One step's label to store with `setLabel`. */
export interface LabelInput extends LabelOwner {
	idx: number;
	/** +1 good, 0 neutral, -1 wrong, or null for a step seen but not rated. */
	rating: Rating | null;
	/** The labeler wants someone to look at this step again. */
	flagged?: boolean;
}

/** A stored label. */
export interface LabelRow extends LabelOwner {
	idx: number;
	rating: Rating | null;
	flagged: boolean;
	createdAt: string;
	updatedAt: string;
}

/** What `setLabel` did. */
export interface SetLabelResult {
	label: LabelRow;
	/**
	 * Labels of later steps deleted because this label is a -1: PRM800K
	 * labeling ends at the first wrong step. Setting them again after
	 * re-rating this step undoes the change.
	 */
	removed: LabelRow[];
}

/** The outcome of labeling one solution, for `finishSolution`. */
export interface FinishInput extends LabelOwner {
	reason: FinishReason;
	/** The corrected text a person wrote for the first wrong step. */
	humanCompletion?: string | null;
	totalTimeMs: number;
}

/** A stored solution-level outcome. */
export interface SessionRow extends LabelOwner {
	id: number;
	reason: FinishReason;
	humanCompletion: string | null;
	totalTimeMs: number | null;
	createdAt: string;
	updatedAt: string;
}

/** What a model version is for. */
export type ModelKind = 'generator' | 'prm';

/** A model version to register. */
export interface NewModelVersion {
	/** Unique id, e.g. `prm-2024-06-01-easy-l3`. */
	id: string;
	kind: ModelKind;
	/** Folder or file of the model. */
	path: string;
	/** The version this one was trained from. */
	parentId?: string | null;
	/** How it was made: data export, trainer, settings, commit. */
	provenance?: JsonObject;
	/** Evaluation results. */
	metrics?: JsonObject;
}

/** A registered model version. */
export interface ModelVersionRow {
	id: string;
	kind: ModelKind;
	path: string;
	parentId: string | null;
	provenance: JsonObject;
	metrics: JsonObject;
	active: boolean;
	createdAt: string;
}

/** Where an evaluation run stands. */
export type EvalRunStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** A stored evaluation run. */
export interface EvalRunRow {
	id: number;
	name: string;
	settings: JsonObject;
	status: EvalRunStatus;
	/** What the run produced besides its rows: throughput, report settings. */
	results: JsonObject;
	createdAt: string;
	updatedAt: string;
}

/** One (problem, sample index) result of an evaluation run. */
export interface EvalSampleInput {
	runId: number;
	problem: ProblemKey;
	/** Index of the sample among the N drawn for this problem. */
	index: number;
	sampleId: number | null;
	answer: string | null;
	correct: boolean | null;
	/** Scores per aggregation, timings and the like. */
	details?: JsonObject;
}

/** A stored evaluation sample. */
export interface EvalSampleRow extends EvalSampleInput {
	details: JsonObject;
	createdAt: string;
}

/** Labeled against all samples for one (set, level, subject), for a tree view. */
export interface LabelCountRow {
	set: string;
	level: number | null;
	subject: string | null;
	samples: number;
	/** Samples with a finished labeling pass. */
	labeled: number;
}
