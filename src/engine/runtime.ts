/**
 * The one file that imports onnxruntime-node. Everything else in the
 * engine goes through these helpers, so a change of runtime or of how
 * execution providers are chosen stays in one place.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { EngineError } from './errors';

export { ort };

/** The execution-provider setting as the user writes it. */
export type ProviderSetting = 'auto' | 'cuda' | 'dml' | 'coreml' | 'cpu';

/** What a session was actually created with, for the status bar and logs. */
export interface SessionChoice {
	session: ort.InferenceSession;
	provider: Exclude<ProviderSetting, 'auto'>;
	/** Set when `auto` fell back to CPU; says why in one line. */
	fallbackReason?: string;
	/** A GPU provider was installed but failed to start (not merely absent). */
	gpuFailed?: boolean;
}

/** GPU providers worth trying on this platform, best first. */
export function gpuProvidersFor(platform: NodeJS.Platform): Array<'cuda' | 'dml' | 'coreml'> {
	switch (platform) {
		case 'win32':
			return ['cuda', 'dml'];
		case 'darwin':
			return ['coreml'];
		default:
			return ['cuda'];
	}
}

/**
 * Why a GPU provider cannot work on this install, without trying it. The
 * CUDA provider is a separate download of onnxruntime-node's installer;
 * asking ORT for it when it is absent prints a native error to stderr on
 * every session, so we look for its library first.
 */
export function providerUnavailable(provider: 'cuda' | 'dml' | 'coreml'): string | undefined {
	if (provider !== 'cuda') {
		return undefined;
	}
	let bin: string;
	try {
		const pkg = dirname(require.resolve('onnxruntime-node/package.json'));
		bin = join(pkg, 'bin', 'napi-v6', process.platform, process.arch);
	} catch {
		return undefined;
	}
	const lib = process.platform === 'win32'
		? 'onnxruntime_providers_cuda.dll'
		: 'libonnxruntime_providers_cuda.so';
	return existsSync(join(bin, lib))
		? undefined
		: 'the CUDA build of onnxruntime-node is not installed (install with '
			+ 'ONNXRUNTIME_NODE_INSTALL=cuda12, see the README)';
}

function options(provider: string, threads: number): ort.InferenceSession.SessionOptions {
	return {
		executionProviders: [provider],
		graphOptimizationLevel: 'all',
		intraOpNumThreads: threads,
		// ORT is very chatty at warning level when it assigns nodes to
		// providers; errors are all a user can act on.
		logSeverityLevel: 3,
	};
}

/**
 * Creates a session on the chosen provider. An explicit GPU choice that
 * fails is an error (the user asked for it); `auto` tries the platform's
 * GPU providers and falls back to CPU. ORT does not fall back by itself:
 * a provider list like ['cuda', 'cpu'] throws when CUDA cannot load.
 */
export async function createSession(
	onnxPath: string,
	setting: ProviderSetting,
	threads: number,
): Promise<SessionChoice> {
	const tries = setting === 'auto' ? gpuProvidersFor(process.platform) : [setting];
	const reasons: string[] = [];
	let gpuFailed = false;
	for (const provider of tries) {
		if (provider === 'cpu') {
			break;
		}
		const missing = providerUnavailable(provider);
		if (missing) {
			if (setting !== 'auto') {
				throw new EngineError('provider', `The ${provider} execution provider cannot start: `
					+ `${missing}. Set \`stepwise.executionProvider\` to "auto" or "cpu".`);
			}
			reasons.push(`${provider}: ${missing}`);
			continue;
		}
		try {
			const session = await ort.InferenceSession.create(onnxPath, options(provider, threads));
			return { session, provider };
		} catch (e) {
			const why = firstLine((e as Error).message);
			if (setting !== 'auto') {
				throw new EngineError('provider',
					`The ${provider} execution provider could not start (${why}). Set `
					+ '`stepwise.executionProvider` to "auto" or "cpu", or install the GPU build of '
					+ 'onnxruntime-node (see the README).');
			}
			reasons.push(`${provider}: ${why}`);
			gpuFailed = true;
		}
	}
	try {
		const session = await ort.InferenceSession.create(onnxPath, options('cpu', threads));
		const fallbackReason = reasons.length > 0 ? reasons.join('; ') : undefined;
		return { session, provider: 'cpu', fallbackReason, gpuFailed };
	} catch (e) {
		throw new EngineError('model-folder',
			`${onnxPath}: ONNX Runtime cannot load this graph (${firstLine((e as Error).message)}). `
			+ 'Re-export the model or point the setting at another folder.', onnxPath);
	}
}

function firstLine(s: string): string {
	return s.split('\n')[0].slice(0, 200);
}

/** Input and output names with their element types, read from the session. */
export function describeSession(session: ort.InferenceSession): {
	inputs: Map<string, string>;
	outputs: Set<string>;
} {
	const inputs = new Map<string, string>();
	for (const m of session.inputMetadata) {
		inputs.set(m.name, m.isTensor ? m.type : 'non-tensor');
	}
	return { inputs, outputs: new Set(session.outputNames) };
}
