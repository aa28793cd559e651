/**
 * Live checking: while a person writes a solution, every step carries the
 * PRM's score, the solution score sits in the status bar, and the first
 * doubtful step is a diagnostic. Edits are debounced; the engine reuses
 * its work on the text before the first change, so only the steps from
 * there on are scored again.
 */
import * as vscode from 'vscode';
import { parseSolutionDoc } from '../core/solutionDoc';
import { EngineError } from '../engine/errors';
import type { Annotation } from './annotations';
import { reportError } from './notify';
import { sampleIdOf } from './sampleFs';
import { prmIdOf, type Services } from './services';
import { readSettings } from './settings';

interface LiveConfig {
	languages: string[];
	threshold: number;
	debounceMs: number;
	auto: boolean;
}

function liveConfig(): LiveConfig {
	const c = vscode.workspace.getConfiguration('stepwise.live');
	return {
		languages: c.get('languages', ['markdown', 'latex', 'plaintext']),
		threshold: c.get('threshold', 0.5),
		debounceMs: c.get('debounceMs', 300),
		auto: c.get('auto', true),
	};
}

/** Looks like a solution document: a Problem header or a marked region. */
function looksLikeSolution(text: string): boolean {
	return /^[ \t]*(?:#+[ \t]*)?(?:\*\*)?Problem\b/im.test(text.slice(0, 2000))
		|| text.includes('stepwise:begin');
}

export class LiveChecker implements vscode.Disposable {
	private readonly on = new Set<string>();
	private readonly timers = new Map<string, NodeJS.Timeout>();
	/** The last run per document, so a slow old run never paints over a newer one. */
	private readonly generation = new Map<string, number>();
	private readonly problems = new Map<string, string>();
	/** What the last pass on each document did (tokens reused, first step re-scored). */
	private readonly passes = new Map<string, { reused: number; computed: number; firstRescored: number; runMs: number; cached: boolean }>();
	private readonly diagnostics = vscode.languages.createDiagnosticCollection('stepwise');
	private readonly status: vscode.StatusBarItem;
	private readonly subs: vscode.Disposable[] = [];
	private readonly lensChanged = new vscode.EventEmitter<void>();

	constructor(private readonly svc: Services) {
		this.status = vscode.window.createStatusBarItem('stepwise.solution', vscode.StatusBarAlignment.Left, 49);
		this.status.name = 'Stepwise Solution Score';
		this.subs.push(
			vscode.workspace.onDidChangeTextDocument((e) => this.changed(e.document)),
			vscode.workspace.onDidOpenTextDocument((d) => this.maybeAuto(d)),
			vscode.workspace.onDidCloseTextDocument((d) => this.disable(d)),
			vscode.window.onDidChangeActiveTextEditor(() => this.showStatus()),
			vscode.languages.registerCodeLensProvider({ scheme: '*' }, {
				onDidChangeCodeLenses: this.lensChanged.event,
				provideCodeLenses: (doc) => this.lenses(doc),
			}),
		);
		for (const d of vscode.workspace.textDocuments) {
			this.maybeAuto(d);
		}
	}

	/** The last live pass on `doc`, for the status of a check and for tests. */
	lastPass(doc: vscode.TextDocument): { reused: number; computed: number; firstRescored: number; runMs: number; cached: boolean } | undefined {
		return this.passes.get(doc.uri.toString());
	}

	/** Whether `doc` is checked live. */
	isOn(doc: vscode.TextDocument): boolean {
		return this.on.has(doc.uri.toString());
	}

	private maybeAuto(doc: vscode.TextDocument): void {
		const cfg = liveConfig();
		if (cfg.auto && cfg.languages.includes(doc.languageId) && sampleIdOf(doc.uri) === undefined
			&& doc.uri.scheme !== 'output' && looksLikeSolution(doc.getText())) {
			this.on.add(doc.uri.toString());
			this.schedule(doc, 0);
		}
	}

	/** Turns live checking on for `doc` and scores it now. */
	async enable(doc: vscode.TextDocument, problem?: string): Promise<Annotation | undefined> {
		this.on.add(doc.uri.toString());
		if (problem !== undefined) {
			this.problems.set(doc.uri.toString(), problem);
		}
		return this.run(doc);
	}

	disable(doc: vscode.TextDocument): void {
		const key = doc.uri.toString();
		this.on.delete(key);
		clearTimeout(this.timers.get(key));
		this.timers.delete(key);
		this.diagnostics.delete(doc.uri);
		this.problems.delete(key);
		this.passes.delete(key);
		void this.svc.engine.forget(key);
	}

	private changed(doc: vscode.TextDocument): void {
		if (this.isOn(doc)) {
			this.schedule(doc, liveConfig().debounceMs);
		}
	}

	private schedule(doc: vscode.TextDocument, ms: number): void {
		const key = doc.uri.toString();
		clearTimeout(this.timers.get(key));
		this.timers.set(key, setTimeout(() => {
			this.timers.delete(key);
			void this.run(doc);
		}, ms));
	}

	/** One live pass over `doc`; the newest pass wins. */
	async run(doc: vscode.TextDocument): Promise<Annotation | undefined> {
		const key = doc.uri.toString();
		const gen = (this.generation.get(key) ?? 0) + 1;
		this.generation.set(key, gen);
		const s = readSettings(this.svc.ctx);
		const text = doc.getText();
		const parsed = parseSolutionDoc(text, s.stepMode);
		const known = this.svc.problems.lookup(parsed.ref, parsed.problem);
		const problem = parsed.problem ?? known?.problem ?? this.problems.get(key) ?? '';
		if (parsed.steps.length === 0) {
			this.svc.annotations.clear(doc);
			this.diagnostics.delete(doc.uri);
			return undefined;
		}
		try {
			const client = await this.svc.engine.ready();
			const r = await client.request('scoreLive', {
				key, problem, steps: parsed.steps.map((x) => x.text),
			});
			if (this.generation.get(key) !== gen || doc.version !== versionOf(doc, text)) {
				return this.svc.annotations.get(doc);
			}
			this.passes.set(key, { reused: r.reused, computed: r.computed, firstRescored: r.firstRescored, runMs: r.runMs, cached: r.cached });
			this.svc.log.debug(`Live pass on ${doc.uri.fsPath}: ${r.reused} tokens reused, `
				+ `${r.computed} computed (from step ${r.firstRescored + 1}), ${r.runMs.toFixed(1)} ms.`);
			const prev = this.svc.annotations.get(doc);
			const a: Annotation = {
				steps: parsed.steps,
				scores: r.scores,
				prm: prmIdOf(await this.svc.engine.prmPath()),
				sampleId: prev?.sampleId,
				labels: prev?.labels ?? new Map(),
				level: known?.level,
			};
			this.svc.annotations.set(doc, a);
			this.diagnose(doc, a);
			this.showStatus();
			this.lensChanged.fire();
			return a;
		} catch (e) {
			if (!(e instanceof EngineError && e.kind === 'cancelled')) {
				reportError(this.svc, `Live check of ${doc.uri.path.split('/').pop()} failed`, e);
				this.disable(doc);
			}
			return undefined;
		}
	}

	private diagnose(doc: vscode.TextDocument, a: Annotation): void {
		const t = liveConfig().threshold;
		const k = a.scores.findIndex((sc) => sc.p < t);
		if (k < 0) {
			this.diagnostics.set(doc.uri, []);
			return;
		}
		const step = a.steps[k];
		const range = new vscode.Range(doc.positionAt(step.start), doc.positionAt(step.end));
		const d = new vscode.Diagnostic(range,
			`Step ${k + 1} is doubtful: the PRM gives it ${a.scores[k].p.toFixed(2)} (threshold ${t}). `
			+ 'The steps after it build on it.', vscode.DiagnosticSeverity.Warning);
		d.source = 'Stepwise';
		d.code = 'doubtful-step';
		this.diagnostics.set(doc.uri, [d]);
	}

	private showStatus(): void {
		const doc = vscode.window.activeTextEditor?.document;
		const a = doc && this.svc.annotations.get(doc);
		if (!a || a.scores.length === 0) {
			this.status.hide();
			return;
		}
		const ps = a.scores.map((x) => x.p);
		const prod = ps.reduce((x, y) => x * y, 1);
		const min = Math.min(...ps);
		this.status.text = `$(checklist) prod ${prod.toFixed(2)} · min ${min.toFixed(2)}`;
		this.status.tooltip = `Stepwise solution score over ${ps.length} steps: product of step `
			+ `probabilities ${prod.toFixed(4)}, lowest step ${min.toFixed(4)}.`;
		this.status.show();
	}

	private lenses(doc: vscode.TextDocument): vscode.CodeLens[] {
		const a = this.svc.annotations.get(doc);
		if (!a || a.level === undefined || a.level > readSettings(this.svc.ctx).easyMaxLevel) {
			return [];
		}
		const out: vscode.CodeLens[] = [];
		a.steps.forEach((s, idx) => {
			const range = new vscode.Range(doc.positionAt(s.start), doc.positionAt(s.start));
			const args = { uri: doc.uri.toString(), idx };
			out.push(
				new vscode.CodeLens(range, { title: '+1', command: 'stepwise.labelGood', arguments: [args] }),
				new vscode.CodeLens(range, { title: '0', command: 'stepwise.labelNeutral', arguments: [args] }),
				new vscode.CodeLens(range, { title: '-1', command: 'stepwise.labelBad', arguments: [args] }),
			);
		});
		return out;
	}

	/** Tells CodeLens to redraw (after a label changes what it shows). */
	refreshLenses(): void {
		this.lensChanged.fire();
	}

	dispose(): void {
		this.timers.forEach((t) => clearTimeout(t));
		this.diagnostics.dispose();
		this.status.dispose();
		this.lensChanged.dispose();
		this.subs.forEach((d) => d.dispose());
	}
}

/** The document's version if its text is still `text`, else -1. */
function versionOf(doc: vscode.TextDocument, text: string): number {
	return doc.getText() === text ? doc.version : -1;
}
