/**
 * The dashboard's exports: the results table as CSV (one row per group,
 * N and method), and as JSON with everything needed to tell later where
 * the numbers came from (run, full settings, subsets, throughput).
 */
import { reportCsv } from '../../eval/report';
import type { ExportFormat } from '../../../webview/shared/dashboardMessages';
import type { Loaded } from './loadDashboard';

/** Bumped when the JSON layout changes, so readers can tell versions apart. */
export const EXPORT_VERSION = 1;

/** The file's text for `format`. */
export function exportText(loaded: Loaded, format: ExportFormat): string {
	if (format === 'csv') {
		return reportCsv(loaded.data.report);
	}
	const { run, settings, throughput, report } = loaded.data;
	return JSON.stringify({
		version: EXPORT_VERSION,
		run,
		settings: { ...loaded.settings, subsets: settings.subsets },
		throughput,
		report,
	}, null, '\t') + '\n';
}

/** A file name to offer in the save dialog, e.g. `curriculum-test-n16-ab12cd34ef56.csv`. */
export function exportFileName(loaded: Loaded, format: ExportFormat): string {
	const { name, id } = loaded.data.run;
	const base = name.replace(/[^A-Za-z0-9._-]+/g, '_') || `run-${id}`;
	return `${base}.${format}`;
}
