/**
 * How a PRM marks and scores steps is data, not code: a small JSON file
 * beside the model (`stepwise-prm.json`). Three families cover the PRMs in
 * use:
 *
 * - `value-head`: one logit per token, probability = sigmoid, read at the
 *   token that ends a step (the easy-to-hard paper's PRMs).
 * - `classification`: per-token class logits, probability = softmax at
 *   `positiveClass`, read at a separator token (Qwen2.5-Math-PRM).
 * - `token-pair`: language-model logits at a tag token, probability =
 *   softmax over the `goodToken` and `badToken` logits (Math-Shepherd).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from './errors';
import type { TextCodec } from './tokenizer';

export type PrmFamily = 'value-head' | 'classification' | 'token-pair';

/** The adapter file's content, validated. */
export interface PrmAdapter {
	family: PrmFamily;
	/** Name of the graph output that carries the scores. */
	logitsOutput: string;
	/** Name of an output with the hidden state that feeds the head, if any. */
	featureOutput?: string;
	/** Prompt text with `{problem}` where the problem goes. */
	promptTemplate: string;
	/** Text appended after every step. */
	stepSeparator: string;
	/** Token whose position inside a step's separator is read; else the step's last token. */
	scoreToken?: string;
	goodToken?: string;
	badToken?: string;
	positiveClass?: number;
	/** Text after the last step's separator (some PRMs want an end marker). */
	suffix?: string;
	/**
	 * A scoring head refit on people's labels: p = sigmoid(w . h + b) with h
	 * the `featureOutput` at the step's end. It replaces the graph's own
	 * head, so a retrained PRM is this file plus the unchanged graph.
	 */
	head?: { weights: number[]; bias: number };
}

/** The graph output a score is read from. */
export function scoreOutput(a: PrmAdapter): string {
	return a.head ? a.featureOutput! : a.logitsOutput;
}

/** Token ids the adapter needs, resolved against the PRM's tokenizer. */
export interface ResolvedAdapter extends PrmAdapter {
	scoreTokenId?: number;
	goodTokenId?: number;
	badTokenId?: number;
}

export const ADAPTER_FILE = 'stepwise-prm.json';

const FAMILIES: readonly PrmFamily[] = ['value-head', 'classification', 'token-pair'];

function bad(file: string, what: string): never {
	throw new EngineError('adapter', `${file}: ${what}`, file);
}

function str(o: Record<string, unknown>, key: string, file: string, dflt?: string): string {
	const v = o[key] ?? dflt;
	if (typeof v !== 'string') {
		bad(file, `"${key}" must be a string.`);
	}
	return v;
}

function optStr(o: Record<string, unknown>, key: string, file: string): string | undefined {
	return o[key] === undefined ? undefined : str(o, key, file);
}

/** Reads and checks `stepwise-prm.json` in a PRM folder. */
export function readAdapter(folder: string): PrmAdapter {
	const file = join(folder, ADAPTER_FILE);
	if (!existsSync(file)) {
		bad(file, 'missing. A PRM folder needs this file to say how steps are marked and '
			+ 'scored; see the README section "Using your own models".');
	}
	let o: Record<string, unknown>;
	try {
		o = JSON.parse(readFileSync(file, 'utf8'));
	} catch (e) {
		bad(file, `is not valid JSON (${(e as Error).message}).`);
	}
	const family = o.family as PrmFamily;
	if (!FAMILIES.includes(family)) {
		bad(file, `"family" must be one of ${FAMILIES.join(', ')} (found ${JSON.stringify(o.family)}).`);
	}
	const adapter: PrmAdapter = {
		family,
		logitsOutput: str(o, 'logitsOutput', file, 'logits'),
		featureOutput: optStr(o, 'featureOutput', file),
		promptTemplate: str(o, 'promptTemplate', file, '{problem}\n'),
		stepSeparator: str(o, 'stepSeparator', file, '\n'),
		scoreToken: optStr(o, 'scoreToken', file),
		goodToken: optStr(o, 'goodToken', file),
		badToken: optStr(o, 'badToken', file),
		suffix: optStr(o, 'suffix', file),
	};
	if (o.head !== undefined) {
		const h = o.head as { weights?: unknown; bias?: unknown };
		const ok = h && Array.isArray(h.weights) && h.weights.length > 0
			&& h.weights.every((x) => typeof x === 'number' && Number.isFinite(x))
			&& typeof h.bias === 'number' && Number.isFinite(h.bias);
		if (!ok || family !== 'value-head' || !adapter.featureOutput) {
			bad(file, '"head" needs "weights" (finite numbers) and "bias", a value-head family '
				+ 'and a "featureOutput" to apply it to.');
		}
		adapter.head = { weights: h.weights as number[], bias: h.bias as number };
	}
	if (!adapter.promptTemplate.includes('{problem}')) {
		bad(file, '"promptTemplate" must contain {problem}.');
	}
	if (family === 'token-pair' && (!adapter.goodToken || !adapter.badToken || !adapter.scoreToken)) {
		bad(file, 'a token-pair PRM needs "scoreToken", "goodToken" and "badToken".');
	}
	if (family === 'classification') {
		const c = o.positiveClass ?? 1;
		if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) {
			bad(file, '"positiveClass" must be a non-negative integer.');
		}
		adapter.positiveClass = c;
	}
	return adapter;
}

/** Resolves the adapter's tokens; a token the tokenizer lacks is an error. */
export function resolveAdapter(adapter: PrmAdapter, codec: TextCodec, folder: string):
	ResolvedAdapter {
	const file = join(folder, ADAPTER_FILE);
	const id = (key: 'scoreToken' | 'goodToken' | 'badToken'): number | undefined => {
		const token = adapter[key];
		if (token === undefined) {
			return undefined;
		}
		const found = codec.tokenId(token);
		if (found === undefined) {
			bad(file, `"${key}" is ${JSON.stringify(token)}, which is not a single token of `
				+ `${join(folder, 'tokenizer.json')}. Use a token the tokenizer has.`);
		}
		return found;
	};
	return {
		...adapter,
		scoreTokenId: id('scoreToken'),
		goodTokenId: id('goodToken'),
		badTokenId: id('badToken'),
	};
}
