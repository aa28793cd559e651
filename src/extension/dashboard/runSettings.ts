/**
 * Reading a stored run's settings back. The runner writes them as JSON
 * with the run; a row from another version, or edited by hand, may not
 * have every field, and then the dashboard says so instead of drawing
 * numbers it cannot vouch for.
 */
import type { EvalSettings } from '../../eval/runner';
import type { JsonObject } from '../../store/types';

const NUMBERS = [
	'n', 'seed', 'temperature', 'topK', 'topP', 'maxNewTokens', 'easyMaxLevel',
] as const;
const STRINGS = ['set', 'generator', 'prm'] as const;

/**
 * The run's settings, or a sentence saying which field is missing or
 * wrong (the caller adds which run and file).
 */
export function readRunSettings(json: JsonObject): EvalSettings | string {
	for (const k of STRINGS) {
		if (typeof json[k] !== 'string') {
			return `its settings have no "${k}" text`;
		}
	}
	for (const k of NUMBERS) {
		const v = json[k];
		if (typeof v !== 'number' || !Number.isFinite(v)) {
			return `its settings have no "${k}" number`;
		}
	}
	if (!Number.isInteger(json.n) || (json.n as number) < 1) {
		return `its N (${String(json.n)}) is not a positive whole number`;
	}
	const uids = json.uids;
	if (!Array.isArray(uids) || !uids.every((u) => typeof u === 'string')) {
		return 'its settings have no list of problem ids ("uids")';
	}
	return {
		set: json.set as string,
		uids: uids as string[],
		n: json.n as number,
		seed: json.seed as number,
		temperature: json.temperature as number,
		topK: json.topK as number,
		topP: json.topP as number,
		maxNewTokens: json.maxNewTokens as number,
		generator: json.generator as string,
		prm: json.prm as string,
		easyMaxLevel: json.easyMaxLevel as number,
	};
}
