/**
 * Arguments of `stepwise.openLabeling`, from a test, a tree item or a
 * link: a sample to open (`purpose: 'eval'` for evaluation labels on a
 * hard one), or a group of the problem sets to label.
 */
import type { LabelPurpose } from '../../core/types';
import { isPurpose, isRecord, onlyKeys } from '../../../webview/shared/guards';
import { isGroup, isSampleId, type Group } from '../../../webview/shared/model';
import type { Intent } from './labelingHost';

/** What to open the panel on. */
export interface OpenLabelingArgs {
	sampleId?: number;
	purpose?: LabelPurpose;
	group?: Group;
}

/** Checks the arguments; returns them or why they are wrong. */
export function parseOpenArgs(x: unknown): OpenLabelingArgs | string {
	if (x === undefined || x === null) {
		return {};
	}
	if (!isRecord(x) || !onlyKeys(x, ['sampleId', 'purpose', 'group'])) {
		return 'expected { sampleId?: number, purpose?: "train" | "eval", group?: { set, level?, '
			+ 'subject? } }';
	}
	if (x.sampleId !== undefined && !isSampleId(x.sampleId)) {
		return `sampleId must be a positive whole number (got ${JSON.stringify(x.sampleId)})`;
	}
	if (x.purpose !== undefined && !isPurpose(x.purpose)) {
		return `purpose must be "train" or "eval" (got ${JSON.stringify(x.purpose)})`;
	}
	if (x.group !== undefined && !isGroup(x.group)) {
		return 'group must be { set: string, level?: 1-5 | null, subject?: string | null }';
	}
	return x as OpenLabelingArgs;
}

/** What the panel should show for these arguments. */
export function intentOf(args: OpenLabelingArgs): Intent {
	const purpose = args.purpose ?? 'train';
	const source = args.group ? { purpose, group: args.group } : { purpose };
	return args.sampleId === undefined
		? { kind: 'next', source }
		: { kind: 'sample', sampleId: args.sampleId, purpose, source };
}
