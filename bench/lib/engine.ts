/**
 * The engine modules under test, loaded from ENGINE_DIR so the same
 * benchmark can measure the current sources or an older copy.
 */
import { join } from 'node:path';
import { ENGINE_DIR } from './paths';

type Clients = typeof import('../../src/engine/client');
type Decoders = typeof import('../../src/engine/decoder');
type Engines = typeof import('../../src/engine/engine');
type Generates = typeof import('../../src/engine/generate');
type Folders = typeof import('../../src/engine/modelFolder');
type Runtimes = typeof import('../../src/engine/runtime');
type Tokenizers = typeof import('../../src/engine/tokenizer');

function load<T>(name: string): T {
	return require(join(ENGINE_DIR, name)) as T;
}

export const { EngineClient } = load<Clients>('client');
export const { Decoder } = load<Decoders>('decoder');
export const { Engine } = load<Engines>('engine');
export const { generate } = load<Generates>('generate');
export const { readModelFolder } = load<Folders>('modelFolder');
export const { createSession } = load<Runtimes>('runtime');
export const { TextCodec } = load<Tokenizers>('tokenizer');

export type Decoder = InstanceType<Decoders['Decoder']>;
export type TextCodec = InstanceType<Tokenizers['TextCodec']>;
export type GenerateOptions = import('../../src/engine/generate').GenerateOptions;
export type GenerateStats = import('../../src/engine/generate').GenerateStats;

/** Intra-op threads, as the engine picks them by default (cores, at most 4). */
export function defaultThreads(): number {
	return Math.min(4, require('node:os').availableParallelism());
}

/** A generator session the way the engine opens one, on the CPU provider. */
export async function openGenerator(path: string, threads: number):
	Promise<{ decoder: Decoder; codec: TextCodec }> {
	const folder = readModelFolder(path);
	const codec = new TextCodec(folder);
	const decoder = new Decoder(folder, await createSession(folder.onnxPath, 'cpu', threads));
	return { decoder, codec };
}
