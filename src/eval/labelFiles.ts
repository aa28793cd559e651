/**
 * Label files in and out, shared by the editor commands and the CLI (no
 * vscode here). The formats themselves are the store's; this adds what
 * both front ends need around them: imported PRM800K problems are matched
 * to the shipped problem sets by their text, so they get their MATH level
 * (and so the easy/hard split), and exports are written as JSON Lines.
 */
import type { Problem } from '../core/types';
import { parseJsonl, toJsonl } from '../store/formats/jsonl';
import type { Prm800kImportReport } from '../store/formats/prm800kImport';
import type { Store } from '../store/store';
import { isRecord } from '../../webview/shared/guards';

/** The shipped problem sets, as `ProblemFiles` offers them. */
export interface ProblemSource {
	available(): string[];
	load(set: string): Problem[];
}

/** What an export writes. */
export type ExportFormat = 'prm800k' | 'trl';

/** The export formats, for pickers and flag checks. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['prm800k', 'trl'];

/** Which passes an export holds. */
export interface ExportRequest {
	format: ExportFormat;
	/** Also passes on hard problems and on problems of unknown level. */
	includeHard: boolean;
	easyMaxLevel: number;
	/** Only this labeler's passes. */
	labeler?: string;
}

/** An import's report, plus how many records' problems were found in the shipped sets. */
export interface ImportSummary extends Prm800kImportReport {
	/** Records whose problem text is one of the shipped sets' problems. */
	shipped: number;
}

/** Shipped problems by their trimmed text; the first set listed wins a tie. */
function indexByText(problems: ProblemSource): Map<string, Problem> {
	const byText = new Map<string, Problem>();
	for (const set of problems.available()) {
		for (const p of problems.load(set)) {
			const key = p.problem.trim();
			if (!byText.has(key)) {
				byText.set(key, p);
			}
		}
	}
	return byText;
}

/**
 * Imports PRM800K records from `text`. Problems found in the shipped sets
 * are stored first under their set and id, so the records join them and
 * count as easy or hard by their real level; other problems keep an
 * unknown level and are never treated as easy.
 */
export async function importLabelText(
	store: Store,
	text: string,
	problems: ProblemSource,
): Promise<ImportSummary> {
	const byText = indexByText(problems);
	const found = new Map<string, Problem>();
	let shipped = 0;
	for (const entry of parseJsonl(text)) {
		if (!('value' in entry) || !isRecord(entry.value) || !isRecord(entry.value.question)) {
			continue;
		}
		const q = entry.value.question.problem;
		const p = typeof q === 'string' ? byText.get(q.trim()) : undefined;
		if (p) {
			shipped++;
			found.set(`${p.set}\u0000${p.uid}`, p);
		}
	}
	if (found.size > 0) {
		await store.upsertProblems([...found.values()]);
	}
	const report = await store.importPrm800k(text, {
		levelOf: (problem) => {
			const p = byText.get(problem.trim());
			return p ? { level: p.level, subject: p.subject } : undefined;
		},
	});
	return { ...report, shipped };
}

/** The export as JSON Lines text, and how many records it holds. */
export async function exportLabelText(
	store: Store,
	request: ExportRequest,
): Promise<{ text: string; count: number }> {
	const options = {
		includeHard: request.includeHard,
		easyMaxLevel: request.easyMaxLevel,
		...(request.labeler === undefined ? {} : { labeler: request.labeler }),
	};
	const rows = request.format === 'trl'
		? await store.exportTrl(options)
		: await store.exportPrm800k(options);
	return { text: toJsonl(rows), count: rows.length };
}

/** One line saying what an import did. */
export function describeImport(r: ImportSummary): string {
	const parts = [`${r.imported} record${r.imported === 1 ? '' : 's'} imported`];
	parts.push(`${r.matched} joined problems already stored`);
	if (r.shipped > 0) {
		parts.push(`${r.shipped} matched to shipped problem sets (level known)`);
	}
	if (r.problemsAdded > 0) {
		parts.push(`${r.problemsAdded} new problem${r.problemsAdded === 1 ? '' : 's'}`);
	}
	if (r.duplicates > 0) {
		parts.push(`${r.duplicates} already imported`);
	}
	if (r.skipped.length > 0) {
		parts.push(`${r.skipped.length} line${r.skipped.length === 1 ? '' : 's'} skipped`);
	}
	return parts.join(', ');
}
