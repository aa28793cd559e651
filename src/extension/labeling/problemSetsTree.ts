/**
 * The "Problem Sets" view: sets, then levels, then subjects, with how many
 * of their samples the labeler has finished. Each level and subject starts
 * with an item that opens the labeling panel on it (training labels on
 * easy levels, evaluation labels on hard ones); a subject lists its
 * samples, which open as documents. Everything is read from the database
 * asynchronously; nothing here touches files directly.
 */
import * as vscode from 'vscode';
import type { ProblemRow } from '../../store/types';
import type { Group } from '../../../webview/shared/model';
import { sampleUri } from '../sampleFs';
import type { Services } from '../services';
import { readSettings } from '../settings';
import type { OpenLabelingArgs } from './openArgs';
import { groupCounts, type Counts, type LevelCounts, type SetCounts, type SubjectCounts }
	from './treeModel';

/** Samples listed under one subject; more are summarised in one line. */
const MAX_LISTED = 300;

type Node =
	| { kind: 'set'; counts: SetCounts }
	| { kind: 'level'; set: string; counts: LevelCounts }
	| { kind: 'subject'; set: string; level: number | null; easy: boolean; counts: SubjectCounts }
	| { kind: 'action'; args: OpenLabelingArgs; left: number }
	| { kind: 'sample'; id: number; uid: string; labeled: boolean }
	| { kind: 'message'; text: string; command?: vscode.Command };

function countText(c: Counts): string {
	return `${c.labeled}/${c.samples} labeled`;
}

export class ProblemSetsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<Node | undefined>();
	readonly onDidChangeTreeData = this.emitter.event;

	constructor(private readonly svc: Services) {}

	/** Reads the counts again. */
	refresh(): void {
		this.emitter.fire(undefined);
	}

	async getChildren(node?: Node): Promise<Node[]> {
		try {
			return await this.children(node);
		} catch (e) {
			const text = e instanceof Error ? e.message : String(e);
			this.svc.log.warn(`Problem Sets view: ${text}`);
			return [{
				kind: 'message',
				text: `Cannot read the label database: ${text}`,
				command: { command: 'stepwise.showLog', title: 'Show Log' },
			}];
		}
	}

	private async children(node?: Node): Promise<Node[]> {
		const s = readSettings(this.svc.ctx);
		if (!node) {
			const store = await this.svc.stores.get();
			const rows = await store.countLabels({ labeler: s.labeler });
			const sets = groupCounts(rows, s.easyMaxLevel);
			if (sets.length === 0) {
				return [{
					kind: 'message',
					text: 'No samples yet: generate solutions for a problem',
					command: { command: 'stepwise.generate', title: 'Generate Solutions' },
				}];
			}
			return sets.map((counts) => ({ kind: 'set', counts }));
		}
		switch (node.kind) {
			case 'set':
				return node.counts.levels.map((counts): Node =>
					({ kind: 'level', set: node.counts.set, counts }));
			case 'level': {
				const group: Group = { set: node.set, level: node.counts.level };
				return [
					...action(group, node.counts.easy, node.counts),
					...node.counts.subjects.map((counts): Node => ({
						kind: 'subject',
						set: node.set,
						level: node.counts.level,
						easy: node.counts.easy,
						counts,
					})),
				];
			}
			case 'subject': {
				const group: Group = {
					set: node.set,
					level: node.level,
					subject: node.counts.subject,
				};
				return [...action(group, node.easy, node.counts), ...await this.samples(group)];
			}
			default:
				return [];
		}
	}

	private async samples(group: Group): Promise<Node[]> {
		const store = await this.svc.stores.get();
		const s = readSettings(this.svc.ctx);
		const problems = new Map<number, ProblemRow>();
		for (const p of await store.listProblems(group.set)) {
			if (p.level === group.level && p.subject === group.subject) {
				problems.set(p.id, p);
			}
		}
		const rows = (await store.listSamples({ set: group.set }))
			.filter((r) => problems.has(r.problemId));
		const out: Node[] = [];
		for (const r of rows.slice(0, MAX_LISTED)) {
			const sessions = await store.getSessions(r.id);
			out.push({
				kind: 'sample',
				id: r.id,
				uid: r.problem.uid,
				labeled: sessions.some((t) => t.labeler === s.labeler),
			});
		}
		if (rows.length > MAX_LISTED) {
			out.push({ kind: 'message', text: `… ${rows.length - MAX_LISTED} more samples` });
		}
		return out;
	}

	getTreeItem(node: Node): vscode.TreeItem {
		const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
		switch (node.kind) {
			case 'set': {
				const item = new vscode.TreeItem(node.counts.set, collapsed);
				item.description = countText(node.counts);
				item.iconPath = new vscode.ThemeIcon('library');
				item.contextValue = 'stepwise.set';
				return item;
			}
			case 'level': {
				const c = node.counts;
				const name = c.level === null ? 'Level unknown' : `Level ${c.level}`;
				const item = new vscode.TreeItem(name, collapsed);
				const kind = c.easy ? 'easy' : 'hard · evaluation only';
				item.description = `${kind} · ${countText(c)}`;
				item.tooltip = c.easy
					? 'Easy: training labels are taken here.'
					: 'Above stepwise.easyMaxLevel: only evaluation labels, never exported for '
						+ 'training.';
				item.iconPath = new vscode.ThemeIcon(c.easy ? 'pass' : 'beaker');
				item.contextValue = c.easy ? 'stepwise.level.easy' : 'stepwise.level.hard';
				return item;
			}
			case 'subject': {
				const name = node.counts.subject ?? 'Unknown subject';
				const item = new vscode.TreeItem(name, collapsed);
				item.description = countText(node.counts);
				item.iconPath = new vscode.ThemeIcon('symbol-namespace');
				item.contextValue = 'stepwise.subject';
				return item;
			}
			case 'action': {
				const evalOnly = node.args.purpose === 'eval';
				const name = evalOnly ? 'Give evaluation labels' : 'Label these';
				const item = new vscode.TreeItem(name);
				item.description = `${node.left} left`;
				item.tooltip = evalOnly
					? 'Opens the labeling panel on these hard problems; the labels are for '
						+ 'evaluation only.'
					: 'Opens the labeling panel on these samples.';
				item.iconPath = new vscode.ThemeIcon('tag');
				item.command = {
					command: 'stepwise.openLabeling',
					title: 'Open Labeling Panel',
					arguments: [node.args],
				};
				return item;
			}
			case 'sample': {
				const item = new vscode.TreeItem(`#${node.id}`);
				item.description = `${node.uid} · ${node.labeled ? 'labeled' : 'unlabeled'}`;
				item.iconPath = new vscode.ThemeIcon(node.labeled ? 'check' : 'circle-outline');
				item.resourceUri = sampleUri(node.id);
				item.command = {
					command: 'vscode.open',
					title: 'Open',
					arguments: [sampleUri(node.id)],
				};
				item.contextValue = 'stepwise.sample';
				return item;
			}
			case 'message': {
				const item = new vscode.TreeItem(node.text);
				item.command = node.command;
				item.iconPath = new vscode.ThemeIcon('info');
				return item;
			}
		}
	}

	dispose(): void {
		this.emitter.dispose();
	}
}

/** The "label these" item of a level or subject, when something is left there. */
function action(group: Group, easy: boolean, c: Counts): Node[] {
	const left = c.samples - c.labeled;
	if (left <= 0) {
		return [];
	}
	return [{ kind: 'action', args: { group, purpose: easy ? 'train' : 'eval' }, left }];
}

