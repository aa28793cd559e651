/**
 * Step scores drawn on a document: a heat mark in the gutter, the
 * probability as text after the line, and a hover that says how it was
 * read. Decoration types are made once and reused for every editor.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Step } from '../core/steps';
import type { Rating, StepScore } from '../core/types';

/** Five buckets from "surely wrong" to "surely right". */
const COLORS = ['#d73a49', '#e36209', '#dbab09', '#7cb342', '#28a745'];

export function bucketOf(p: number): number {
	return Math.min(4, Math.max(0, Math.floor(p * 5)));
}

/** What is known about one annotated document. */
export interface Annotation {
	steps: Step[];
	scores: StepScore[];
	/** PRM folder name, for the hover. */
	prm: string;
	/** Stored sample the document shows, when there is one. */
	sampleId?: number;
	/** Labels given so far, by step index. */
	labels: Map<number, Rating>;
	/** Level of the problem when known; labels need it. */
	level?: number;
}

export class Annotations implements vscode.Disposable {
	private readonly types: vscode.TextEditorDecorationType[];
	private readonly byDoc = new Map<string, Annotation>();
	private readonly subs: vscode.Disposable[] = [];

	constructor(extensionPath: string) {
		this.types = COLORS.map((color, i) => vscode.window.createTextEditorDecorationType({
			gutterIconPath: vscode.Uri.file(join(extensionPath, 'media', 'heat', `heat-${i}.svg`)),
			gutterIconSize: 'contain',
			overviewRulerColor: color,
			overviewRulerLane: vscode.OverviewRulerLane.Right,
			after: { color, margin: '0 0 0 2em' },
		}));
		this.subs.push(
			vscode.window.onDidChangeVisibleTextEditors((eds) => eds.forEach((e) => this.paint(e))),
			vscode.window.onDidChangeActiveTextEditor(() => void this.updateContext()),
			vscode.workspace.onDidCloseTextDocument((d) => this.byDoc.delete(d.uri.toString())),
			vscode.languages.registerHoverProvider({ scheme: '*' }, {
				provideHover: (doc, pos) => this.hover(doc, pos),
			}),
		);
	}

	get(doc: vscode.TextDocument): Annotation | undefined {
		return this.byDoc.get(doc.uri.toString());
	}

	set(doc: vscode.TextDocument, a: Annotation): void {
		this.byDoc.set(doc.uri.toString(), a);
		this.repaint(doc);
		void this.updateContext();
	}

	/** Redraws every visible editor of `doc`. */
	repaint(doc: vscode.TextDocument): void {
		for (const e of vscode.window.visibleTextEditors) {
			if (e.document === doc) {
				this.paint(e);
			}
		}
	}

	clear(doc: vscode.TextDocument): void {
		this.byDoc.delete(doc.uri.toString());
		this.repaint(doc);
		void this.updateContext();
	}

	/** The step whose lines hold `pos`, with its index. */
	stepAt(doc: vscode.TextDocument, pos: vscode.Position): { index: number; step: Step } | undefined {
		const a = this.get(doc);
		if (!a) {
			return undefined;
		}
		const line = pos.line;
		const index = a.steps.findIndex((s) => doc.positionAt(s.start).line <= line
			&& doc.positionAt(s.end).line >= line);
		return index < 0 ? undefined : { index, step: a.steps[index] };
	}

	/** Sets the `stepwise.scored` context key for the active editor. */
	async updateContext(): Promise<void> {
		const doc = vscode.window.activeTextEditor?.document;
		await vscode.commands.executeCommand('setContext', 'stepwise.scored', !!doc && !!this.get(doc));
	}

	paint(editor: vscode.TextEditor): void {
		const a = this.get(editor.document);
		const buckets: vscode.DecorationOptions[][] = COLORS.map(() => []);
		if (a) {
			a.steps.forEach((s, i) => {
				const sc = a.scores[i];
				if (!sc) {
					return;
				}
				const label = a.labels.get(i);
				const mark = label === undefined ? '' : `  [label ${label > 0 ? '+1' : label}]`;
				buckets[bucketOf(sc.p)].push({
					range: new vscode.Range(editor.document.positionAt(s.start),
						editor.document.positionAt(s.end)),
					renderOptions: { after: { contentText: `${sc.p.toFixed(2)}${mark}` } },
				});
			});
		}
		this.types.forEach((t, i) => editor.setDecorations(t, buckets[i]));
	}

	private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
		const a = this.get(doc);
		const at = this.stepAt(doc, pos);
		if (!a || !at || !a.scores[at.index]) {
			return undefined;
		}
		const sc = a.scores[at.index];
		const md = new vscode.MarkdownString();
		md.appendMarkdown(`**Step ${at.index + 1}**: P(correct) = **${sc.p.toFixed(4)}**\n\n`);
		// Code spans keep the reading verbatim (token text, parentheses) in the hover.
		md.appendMarkdown(`Read as \`${sc.how.replace(/`/g, "'")}\`, by the PRM \`${a.prm}\`.`);
		const label = a.labels.get(at.index);
		if (label !== undefined) {
			md.appendMarkdown(`\n\nYour label: **${label > 0 ? '+1' : label}**`);
		}
		return new vscode.Hover(md);
	}

	dispose(): void {
		this.types.forEach((t) => t.dispose());
		this.subs.forEach((d) => d.dispose());
	}
}
