/**
 * The host side of the labeling panel, without vscode: it checks every
 * message from the webview, writes labels through the store, and answers
 * with the pass as stored. Messages are handled one at a time in arrival
 * order, so a fast typist's ratings land in the order typed.
 *
 * A message is acted on only when it passes its guard and names the
 * sample and purpose the panel shows; anything else is logged and
 * dropped. Training labels are refused on problems above the easy level
 * here as well, whatever the webview believes.
 */
import type { LabelPurpose } from '../../core/types';
import type { Store } from '../../store/store';
import {
	checkWebviewMessage,
	isWrite,
	type HostMessage,
	type WebviewMessage,
	type WriteMessage,
} from '../../../webview/shared/messages';
import type { LabelSource, Progress } from '../../../webview/shared/model';
import type { LabelContext } from './context';
import { emptyHint, pickNext } from './queue';
import { buildSampleView, readPass } from './sampleView';

/** What to show when the panel opens or is asked to. */
export type Intent =
	| { kind: 'sample'; sampleId: number; purpose: LabelPurpose; source: LabelSource }
	| { kind: 'next'; source: LabelSource };

/** What the host needs from its surroundings. */
export interface HostDeps {
	store(): Promise<Store>;
	context(): LabelContext;
	post(message: HostMessage): void;
	log: { info(m: string): void; warn(m: string): void };
	openDocument(sampleId: number): Promise<void> | void;
	generate(): Promise<void> | void;
	/** A pass was finished or reopened: counts elsewhere (the tree) are stale. */
	changed?(): void;
}

/** The sample on screen. */
export interface Shown {
	sampleId: number;
	purpose: LabelPurpose;
	trainable: boolean;
	steps: number;
}

export class LabelingHost {
	private shown: Shown | null = null;
	private source: LabelSource = { purpose: 'train' };
	private skipped: number[] = [];
	private progress: Progress = { done: 0, left: 0, scope: 'easy problems' };
	private pending: Intent | undefined;
	private work: Promise<void> = Promise.resolve();
	private ready = false;

	constructor(private readonly deps: HostDeps) {}

	/** The sample on screen, for callers that check (tests). */
	get current(): Shown | null {
		return this.shown;
	}

	/** Whether the webview has said it is listening. */
	get isReady(): boolean {
		return this.ready;
	}

	/** The webview went away (hidden or reloading); it will say `ready` again. */
	markNotReady(): void {
		this.ready = false;
	}

	/** Shows `intent` once the webview is ready, instead of its saved place. */
	setPending(intent: Intent): void {
		this.pending = intent;
	}

	/** Shows `intent` now (the webview is listening). */
	apply(intent: Intent): Promise<void> {
		return this.enqueue(() => this.applyNow(intent));
	}

	/** Handles one message from the webview; resolves when it has been acted on. */
	receive(raw: unknown): Promise<void> {
		const checked = checkWebviewMessage(raw);
		if (!checked.ok) {
			this.deps.log.warn('Labeling panel: dropped a message from the webview '
				+ `(${checked.reason}).`);
			return Promise.resolve();
		}
		return this.enqueue(() => this.handle(checked.message));
	}

	private enqueue(job: () => Promise<void>): Promise<void> {
		const run = this.work.then(job).catch((e: unknown) => {
			const text = e instanceof Error ? e.message : String(e);
			this.deps.log.warn(`Labeling panel: ${text}`);
			this.deps.post({ type: 'notice', level: 'error', text });
		});
		this.work = run;
		return run;
	}

	private async handle(m: WebviewMessage): Promise<void> {
		if (isWrite(m)) {
			return this.write(m);
		}
		switch (m.type) {
			case 'ready': {
				this.ready = true;
				const intent = this.pending;
				this.pending = undefined;
				if (intent) {
					return this.applyNow(intent);
				}
				if (m.resume) {
					this.skipped = m.resume.skipped;
					return m.resume.sampleId === null
						? this.next(m.resume.source)
						: this.show(m.resume.sampleId, m.resume.purpose, m.resume.source);
				}
				return this.next({ purpose: 'train' });
			}
			case 'next':
				this.skipped = m.skipped;
				return this.next(m.source);
			case 'evaluate':
				return this.evaluate(m.sampleId);
			case 'openDocument':
				if (this.isShown(m.sampleId)) {
					await this.deps.openDocument(m.sampleId);
				} else {
					this.drop(m.type, m.sampleId);
				}
				return;
			case 'generate':
				await this.deps.generate();
				return;
		}
	}

	private isShown(sampleId: number, purpose?: LabelPurpose): boolean {
		return this.shown !== null && this.shown.sampleId === sampleId
			&& (purpose === undefined || this.shown.purpose === purpose);
	}

	private drop(type: string, sampleId: number): void {
		const s = this.shown;
		const now = s ? `sample ${s.sampleId} (${s.purpose})` : 'no sample';
		this.deps.log.warn(`Labeling panel: dropped a "${type}" message about sample ${sampleId}; `
			+ `the panel shows ${now}.`);
	}

	private async applyNow(intent: Intent): Promise<void> {
		this.skipped = [];
		if (intent.kind === 'sample') {
			return this.show(intent.sampleId, intent.purpose, intent.source);
		}
		return this.next(intent.source);
	}

	private async next(source: LabelSource): Promise<void> {
		const store = await this.deps.store();
		const ctx = this.deps.context();
		const pick = await pickNext(store, source, this.skipped, ctx);
		this.source = source;
		this.progress = pick.progress;
		if (pick.sampleId === null) {
			this.shown = null;
			this.deps.post({
				type: 'empty',
				progress: pick.progress,
				source,
				hint: emptyHint(source, ctx),
			});
			return;
		}
		await this.showView(store, pick.sampleId, source.purpose, source, ctx);
	}

	private async show(
		sampleId: number,
		purpose: LabelPurpose,
		source: LabelSource,
	): Promise<void> {
		const store = await this.deps.store();
		const ctx = this.deps.context();
		this.progress = (await pickNext(store, source, [], ctx)).progress;
		await this.showView(store, sampleId, purpose, source, ctx);
	}

	private async showView(
		store: Store,
		sampleId: number,
		purpose: LabelPurpose,
		source: LabelSource,
		ctx: LabelContext,
	): Promise<void> {
		let view = await buildSampleView(store, sampleId, purpose, ctx);
		if (!view) {
			this.deps.post({
				type: 'notice',
				level: 'error',
				text: `Sample ${sampleId} is not in the label database ${store.path}; `
					+ 'showing the next one from the queue instead.',
			});
			return this.next(source);
		}
		if (purpose === 'eval' && view.trainable) {
			this.deps.post({
				type: 'notice',
				level: 'info',
				text: `Sample ${sampleId} is a level ${view.problem.level} problem, so it takes `
					+ 'training labels; evaluation labels are for problems above level '
					+ `${ctx.easyMaxLevel} (stepwise.easyMaxLevel).`,
			});
			view = (await buildSampleView(store, sampleId, 'train', ctx))!;
		}
		this.source = source;
		this.shown = {
			sampleId,
			purpose: view.purpose,
			trainable: view.trainable,
			steps: view.steps.length,
		};
		this.deps.post({ type: 'show', sample: view, progress: this.progress, source });
	}

	private async evaluate(sampleId: number): Promise<void> {
		if (!this.isShown(sampleId, 'train') || this.shown!.trainable) {
			this.drop('evaluate', sampleId);
			return;
		}
		const store = await this.deps.store();
		await this.showView(store, sampleId, 'eval', this.source, this.deps.context());
	}

	private async write(m: WriteMessage): Promise<void> {
		if (!this.isShown(m.sampleId, m.purpose)) {
			this.drop(m.type, m.sampleId);
			return;
		}
		const shown = this.shown!;
		const store = await this.deps.store();
		const ctx = this.deps.context();
		let error: string | null = null;
		if (m.purpose === 'train' && !shown.trainable) {
			error = `Sample ${m.sampleId} is not an easy problem (stepwise.easyMaxLevel is `
				+ `${ctx.easyMaxLevel}); training labels are not taken on it.`;
		} else if ((m.type === 'label' || m.type === 'clear') && m.idx >= shown.steps) {
			error = `Sample ${m.sampleId} has ${shown.steps} steps; step ${m.idx + 1} `
				+ 'does not exist.';
		} else {
			error = await this.store(store, m, ctx.labeler);
		}
		if (error !== null) {
			this.deps.log.warn(`Labeling panel: ${error}`);
		}
		if (m.type === 'finish' || m.type === 'unfinish') {
			this.progress = (await pickNext(store, this.source, [], ctx)).progress;
			this.deps.changed?.();
		}
		const pass = await readPass(store, m.sampleId, m.purpose, ctx.labeler, shown.steps);
		this.deps.post({
			type: 'saved',
			seq: m.seq,
			sampleId: m.sampleId,
			purpose: m.purpose,
			labels: pass.labels,
			finished: pass.finished,
			progress: this.progress,
			error,
		});
	}

	/** Runs one write; returns why it failed, or null. */
	private async store(store: Store, m: WriteMessage, labeler: string): Promise<string | null> {
		const owner = { sampleId: m.sampleId, labeler, purpose: m.purpose };
		try {
			switch (m.type) {
				case 'label':
					await store.setLabel({
						...owner,
						idx: m.idx,
						rating: m.rating,
						flagged: m.flagged,
					});
					break;
				case 'clear':
					await store.clearLabel({ ...owner, idx: m.idx });
					break;
				case 'finish':
					await store.finishSolution({
						...owner,
						reason: m.reason,
						humanCompletion: m.humanCompletion,
						totalTimeMs: m.totalTimeMs,
					});
					this.deps.log.info(`Labeling: sample ${m.sampleId} finished (${m.reason}) `
						+ `by ${labeler}, ${m.purpose} labels.`);
					break;
				case 'unfinish':
					await store.unfinishSolution(owner);
					break;
			}
			return null;
		} catch (e) {
			return e instanceof Error ? e.message : String(e);
		}
	}
}
