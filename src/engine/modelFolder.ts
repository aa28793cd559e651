/**
 * Reading a model folder in the Hugging Face ONNX layout:
 *
 *     config.json, generation_config.json (optional),
 *     tokenizer.json, tokenizer_config.json,
 *     onnx/model.onnx (or model_fp16.onnx, ...) with optional .onnx_data
 *
 * Everything is checked up front so a broken folder fails with one message
 * naming the file, before any session is created.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from './errors';

/** The fields of config.json the engine relies on. */
export interface ModelConfig {
	modelType: string;
	numLayers: number;
	numKvHeads: number;
	headDim: number;
	vocabSize: number;
	/** Element type of the KV cache the graph expects. */
	kvDtype: 'float32' | 'float16';
	bosTokenId?: number;
	eosTokenIds: number[];
	padTokenId?: number;
	/**
	 * Longest input the model was built for (`max_position_embeddings`);
	 * the engine refuses longer ones rather than run out of memory.
	 */
	maxPositions?: number;
}

/** A validated model folder, ready for a session to be created from it. */
export interface ModelFolder {
	path: string;
	onnxPath: string;
	config: ModelConfig;
	/** Parsed tokenizer.json. */
	tokenizerJson: object;
	/** Parsed tokenizer_config.json (may carry a chat template). */
	tokenizerConfig: Record<string, unknown>;
}

function fail(file: string, what: string): never {
	throw new EngineError('model-folder', `${file}: ${what}`, file);
}

function readJson(file: string, required: boolean): Record<string, unknown> | undefined {
	if (!existsSync(file)) {
		if (required) {
			fail(file, 'missing. A model folder needs config.json, tokenizer.json, '
				+ 'tokenizer_config.json and onnx/model.onnx (Hugging Face ONNX layout).');
		}
		return undefined;
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(readFileSync(file, 'utf8'));
	} catch (e) {
		fail(file, `is not valid JSON (${(e as Error).message}). Re-export the model or restore the file.`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		fail(file, 'must hold a JSON object.');
	}
	return parsed as Record<string, unknown>;
}

function int(obj: Record<string, unknown>, key: string, file: string): number {
	const v = obj[key];
	if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
		fail(file, `field "${key}" must be a positive integer (found ${JSON.stringify(v)}).`);
	}
	return v;
}

function ids(v: unknown): number[] {
	if (typeof v === 'number') {
		return [v];
	}
	return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}

/**
 * Picks the ONNX file: an explicit name wins; else `model.onnx`, then the
 * first `model*.onnx`, in the folder's `onnx/` subfolder (where Optimum and
 * transformers.js put it) or, failing that, the folder itself.
 */
function findOnnx(folder: string, fileName?: string): string {
	for (const dir of [join(folder, 'onnx'), folder]) {
		if (!existsSync(dir) || !statSync(dir).isDirectory()) {
			continue;
		}
		if (fileName) {
			if (existsSync(join(dir, fileName))) {
				return join(dir, fileName);
			}
			continue;
		}
		if (existsSync(join(dir, 'model.onnx'))) {
			return join(dir, 'model.onnx');
		}
		const any = readdirSync(dir).filter((f) => /^model.*\.onnx$/.test(f)).sort();
		if (any.length > 0) {
			return join(dir, any[0]);
		}
	}
	fail(join(folder, 'onnx', fileName ?? 'model.onnx'),
		'missing. Export the model with an ONNX graph (for example with Optimum: '
		+ '`optimum-cli export onnx --task text-generation-with-past`).');
}

/** Reads and checks a model folder; throws EngineError naming the bad file. */
export function readModelFolder(folder: string, onnxFileName?: string): ModelFolder {
	if (!existsSync(folder) || !statSync(folder).isDirectory()) {
		throw new EngineError('model-folder',
			`${folder}: model folder not found. Check the stepwise model path settings.`, folder);
	}
	const configFile = join(folder, 'config.json');
	const cfg = readJson(configFile, true)!;
	const gen = readJson(join(folder, 'generation_config.json'), false) ?? {};
	const tokFile = join(folder, 'tokenizer.json');
	const tokenizerJson = readJson(tokFile, true)!;
	if (typeof tokenizerJson.model !== 'object') {
		fail(tokFile, 'has no "model" section; it is not a Hugging Face tokenizers file.');
	}
	const tokenizerConfig = readJson(join(folder, 'tokenizer_config.json'), true)!;

	const heads = int(cfg, 'num_attention_heads', configFile);
	const hidden = int(cfg, 'hidden_size', configFile);
	const dtype = cfg.torch_dtype === 'float16' ? 'float16' : 'float32';
	const config: ModelConfig = {
		modelType: typeof cfg.model_type === 'string' ? cfg.model_type : 'unknown',
		numLayers: int(cfg, 'num_hidden_layers', configFile),
		numKvHeads: typeof cfg.num_key_value_heads === 'number' ? cfg.num_key_value_heads : heads,
		headDim: typeof cfg.head_dim === 'number' ? cfg.head_dim : hidden / heads,
		vocabSize: int(cfg, 'vocab_size', configFile),
		kvDtype: dtype,
		bosTokenId: ids(gen.bos_token_id ?? cfg.bos_token_id)[0],
		eosTokenIds: [...new Set([...ids(gen.eos_token_id), ...ids(cfg.eos_token_id)])],
		padTokenId: ids(gen.pad_token_id ?? cfg.pad_token_id)[0],
		maxPositions: typeof cfg.max_position_embeddings === 'number' && cfg.max_position_embeddings > 0
			? cfg.max_position_embeddings : undefined,
	};
	if (!Number.isInteger(config.headDim)) {
		fail(configFile, 'hidden_size is not a multiple of num_attention_heads; set "head_dim".');
	}
	return {
		path: folder,
		onnxPath: findOnnx(folder, onnxFileName),
		config,
		tokenizerJson,
		tokenizerConfig,
	};
}
