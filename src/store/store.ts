/**
 * The Stepwise database: one object per open file, composing the table
 * modules. Every method runs in its own unit of work on the connection;
 * writing methods run in one transaction each and settle only after it
 * committed, so what they report as saved survives a crash right after.
 */
import type { Problem, StepScore } from '../core/types';
import { StoreError, toStoreError } from './errors';
import * as evalRuns from './evalRuns';
import { exportPrm800k } from './formats/prm800kExport';
import { importPrm800k, Prm800kImportOptions, Prm800kImportReport } from './formats/prm800kImport';
import type { Prm800kRecord } from './formats/prm800kRecord';
import type { ExportOptions } from './formats/exportScope';
import { exportTrl, TrlRow } from './formats/trl';
import * as labels from './labels';
import * as models from './models';
import { openConnection, OpenOptions } from './open';
import * as problems from './problems';
import { countLabels, LabelingQueue, nextForLabeling, QueueOptions } from './queue';
import * as samples from './samples';
import * as scores from './scores';
import * as sessions from './sessions';
import type { Connection } from './sqlite';
import type {
	EvalRunRow,
	EvalRunStatus,
	EvalSampleInput,
	EvalSampleRow,
	FinishInput,
	JsonObject,
	LabelCountRow,
	LabelInput,
	LabelOwner,
	LabelRow,
	ModelKind,
	ModelVersionRow,
	NewModelVersion,
	NewSample,
	ProblemKey,
	ProblemRow,
	SampleRow,
	SampleWithSteps,
	SessionRow,
	SetLabelResult,
} from './types';

/**
 * Opens the database at `path`, creating it and its folder when missing and
 * migrating an older schema after backing the file up. Throws StoreError.
 */
export async function openStore(path: string, options: OpenOptions = {}): Promise<Store> {
	return new Store(await openConnection(path, options));
}

/** An open Stepwise database. Close it when done. */
export class Store {
	private closed = false;

	/** Use `openStore`. */
	constructor(private readonly conn: Connection) {}

	/** Absolute path of the database file. */
	get path(): string {
		return this.conn.file;
	}

	/** Inserts or updates problems (matched by set and uid) in one transaction. */
	upsertProblems(list: readonly Problem[]): Promise<number> {
		return this.write('saving problems', async () => {
			await problems.upsertProblems(this.conn, list);
			return list.length;
		});
	}

	/** The stored problem with this key. */
	getProblem(key: ProblemKey): Promise<ProblemRow | undefined> {
		return this.read('reading a problem', () => problems.getProblem(this.conn, key));
	}

	/** Stored problems of one set, or of all sets. */
	listProblems(set?: string): Promise<ProblemRow[]> {
		return this.read('reading problems', () => problems.listProblems(this.conn, set));
	}

	/**
	 * Stores a generated sample with its steps, and its step scores when
	 * given, in one transaction. Returns the sample id.
	 */
	addSample(input: NewSample): Promise<number> {
		return this.write('saving a sample', async () => {
			const id = await samples.addSample(this.conn, input);
			if (input.scores) {
				const { prmId, scores: list } = input.scores;
				await scores.insertStepScores(this.conn, id, input.steps.length, prmId, list);
			}
			return id;
		});
	}

	/** A sample with its steps. */
	getSample(id: number): Promise<SampleWithSteps | undefined> {
		return this.read('reading a sample', () => samples.getSample(this.conn, id));
	}

	/** Samples, optionally of one set and one problem uid, oldest first. */
	listSamples(filter: { set?: string; uid?: string } = {}): Promise<SampleRow[]> {
		return this.read('reading samples', () => samples.listSamples(this.conn, filter));
	}

	/** Replaces the step scores one PRM version gave a sample; one per step. */
	setStepScores(sampleId: number, prmId: string, list: readonly StepScore[]): Promise<void> {
		return this.write('saving step scores', () =>
			scores.setStepScores(this.conn, sampleId, prmId, list));
	}

	/** The step scores one PRM version gave a sample, in step order. */
	getStepScores(sampleId: number, prmId: string): Promise<StepScore[]> {
		return this.read('reading step scores', () =>
			scores.getStepScores(this.conn, sampleId, prmId));
	}

	/**
	 * Saves a step's label under PRM800K's rule: nothing after a step rated
	 * -1; a new -1 deletes the labels after it (returned in `removed`).
	 * Throws kind `invalid` for a label after an existing -1.
	 */
	setLabel(input: LabelInput): Promise<SetLabelResult> {
		return this.write('saving a label', () => labels.setLabel(this.conn, input));
	}

	/** Deletes one label (for undo); returns it. */
	clearLabel(owner: LabelOwner & { idx: number }): Promise<LabelRow | undefined> {
		return this.write('clearing a label', () => labels.clearLabel(this.conn, owner));
	}

	/** Labels of a sample, of one labeler or all. */
	getLabels(sampleId: number, labeler?: string): Promise<LabelRow[]> {
		return this.read('reading labels', () => labels.getLabels(this.conn, sampleId, labeler));
	}

	/** Records how labeling a solution ended; the sample then counts as labeled. */
	finishSolution(input: FinishInput): Promise<SessionRow> {
		return this.write('saving the solution outcome', () =>
			sessions.finishSolution(this.conn, input));
	}

	/** Removes a solution outcome (for undo); returns it. */
	unfinishSolution(owner: LabelOwner): Promise<SessionRow | undefined> {
		return this.write('removing the solution outcome', () =>
			sessions.unfinishSolution(this.conn, owner));
	}

	/** All finished outcomes of a sample. */
	getSessions(sampleId: number): Promise<SessionRow[]> {
		return this.read('reading solution outcomes', () =>
			sessions.getSessions(this.conn, sampleId));
	}

	/** Samples and labeled samples per (set, level, subject). */
	countLabels(filter: { labeler?: string } = {}): Promise<LabelCountRow[]> {
		return this.read('counting labels', () => countLabels(this.conn, filter));
	}

	/** The next unlabeled easy samples for a labeler, most useful first. */
	nextForLabeling(options: QueueOptions): Promise<LabelingQueue> {
		return this.read('building the labeling queue', () => nextForLabeling(this.conn, options));
	}

	/** Registers a model version (inactive). */
	addModelVersion(input: NewModelVersion): Promise<ModelVersionRow> {
		return this.write('registering a model', () => models.addModelVersion(this.conn, input));
	}

	/** A registered model version. */
	getModelVersion(id: string): Promise<ModelVersionRow | undefined> {
		return this.read('reading a model version', () => models.getModelVersion(this.conn, id));
	}

	/** Registered model versions, of one kind or all. */
	listModelVersions(kind?: ModelKind): Promise<ModelVersionRow[]> {
		return this.read('reading model versions', () => models.listModelVersions(this.conn, kind));
	}

	/** Makes a version the active one of its kind. */
	setActiveModel(id: string): Promise<ModelVersionRow> {
		return this.write('activating a model', () => models.setActiveModel(this.conn, id));
	}

	/** The active version of a kind. */
	getActiveModel(kind: ModelKind): Promise<ModelVersionRow | undefined> {
		return this.read('reading the active model', () => models.getActiveModel(this.conn, kind));
	}

	/** Replaces a version's metrics. */
	setModelMetrics(id: string, metrics: JsonObject): Promise<ModelVersionRow> {
		return this.write('saving model metrics', () =>
			models.setModelMetrics(this.conn, id, metrics));
	}

	/** Starts an evaluation run. */
	createEvalRun(input: { name: string; settings: JsonObject }): Promise<EvalRunRow> {
		return this.write('starting an evaluation run', () =>
			evalRuns.createEvalRun(this.conn, input));
	}

	/** An evaluation run. */
	getEvalRun(id: number): Promise<EvalRunRow | undefined> {
		return this.read('reading an evaluation run', () => evalRuns.getEvalRun(this.conn, id));
	}

	/** All evaluation runs, newest first. */
	listEvalRuns(): Promise<EvalRunRow[]> {
		return this.read('reading evaluation runs', () => evalRuns.listEvalRuns(this.conn));
	}

	/** Moves an evaluation run to another status. */
	setEvalRunStatus(id: number, status: EvalRunStatus): Promise<EvalRunRow> {
		return this.write('updating an evaluation run', () =>
			evalRuns.setEvalRunStatus(this.conn, id, status));
	}

	/** Replaces what a run produced besides its rows (throughput, subsets). */
	setEvalRunResults(id: number, results: JsonObject): Promise<EvalRunRow> {
		return this.write('saving an evaluation run\'s results', () =>
			evalRuns.setEvalRunResults(this.conn, id, results));
	}

	/** Records one (problem, sample index) result of a run. */
	putEvalSample(input: EvalSampleInput): Promise<void> {
		return this.write('saving an evaluation result', () =>
			evalRuns.putEvalSample(this.conn, input));
	}

	/** The results a run has recorded; a resumed run skips these. */
	listEvalSamples(runId: number): Promise<EvalSampleRow[]> {
		return this.read('reading evaluation results', () =>
			evalRuns.listEvalSamples(this.conn, runId));
	}

	/** Imports a PRM800K label file's text; see formats/prm800kImport.ts. */
	importPrm800k(text: string, options: Prm800kImportOptions = {}): Promise<Prm800kImportReport> {
		return this.guard('importing PRM800K labels', () =>
			importPrm800k(this.conn, text, options));
	}

	/** Finished training passes as PRM800K records (easy problems unless `includeHard`). */
	exportPrm800k(options: ExportOptions = {}): Promise<Prm800kRecord[]> {
		return this.guard('exporting PRM800K labels', () => exportPrm800k(this.conn, options));
	}

	/** Finished training passes as TRL stepwise-supervision rows. */
	exportTrl(options: ExportOptions = {}): Promise<TrlRow[]> {
		return this.guard('exporting training rows', () => exportTrl(this.conn, options));
	}

	/** Waits for queued work, then closes the file. Later calls fail. */
	async close(): Promise<void> {
		if (this.closed) {
			return;
		}
		this.closed = true;
		await this.conn.close().catch((err: unknown) => {
			throw toStoreError(err, this.path, 'closing the database');
		});
	}

	private write<T>(action: string, work: () => Promise<T>): Promise<T> {
		return this.guard(action, () => this.conn.transaction(work));
	}

	private read<T>(action: string, work: () => Promise<T>): Promise<T> {
		return this.guard(action, () => this.conn.serialized(work));
	}

	private guard<T>(action: string, work: () => Promise<T>): Promise<T> {
		try {
			this.ensureOpen();
		} catch (err) {
			return Promise.reject(err);
		}
		return work().catch((err: unknown) => {
			throw toStoreError(err, this.path, action);
		});
	}

	private ensureOpen(): void {
		if (this.closed) {
			throw new StoreError(
				'invalid',
				`${this.path} was already closed by Stepwise; reopen the store to use it.`,
				this.path,
			);
		}
	}
}
