/**
 * Stored samples as read-only documents, `stepwise:/sample/<id>.md`, so a
 * generated solution reopens after a window reload straight from the
 * database, with its scores and labels.
 */
import * as vscode from 'vscode';
import { renderSolutionDoc } from '../core/solutionDoc';
import type { StoreHost } from './storeHost';

export const SCHEME = 'stepwise';

export function sampleUri(id: number): vscode.Uri {
	return vscode.Uri.from({ scheme: SCHEME, path: `/sample/${id}.md` });
}

export function sampleIdOf(uri: vscode.Uri): number | undefined {
	const m = uri.scheme === SCHEME ? /^\/sample\/(\d+)\.md$/.exec(uri.path) : null;
	return m ? Number(m[1]) : undefined;
}

export class SampleFs implements vscode.FileSystemProvider {
	private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
	readonly onDidChangeFile = this.emitter.event;

	constructor(private readonly stores: StoreHost) {}

	private async render(uri: vscode.Uri): Promise<Uint8Array> {
		const id = sampleIdOf(uri);
		if (id === undefined) {
			throw vscode.FileSystemError.FileNotFound(uri);
		}
		const store = await this.stores.get();
		const sample = await store.getSample(id);
		if (!sample) {
			throw vscode.FileSystemError.FileNotFound(uri);
		}
		const problem = await store.getProblem(sample.problem);
		const text = renderSolutionDoc({
			set: sample.problem.set,
			uid: sample.problem.uid,
			level: problem?.level ?? 0,
			subject: problem?.subject ?? 'Unknown',
			problem: problem?.problem ?? '',
			steps: sample.steps.map((s) => s.text),
		});
		return new TextEncoder().encode(text);
	}

	async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
		const size = (await this.render(uri)).length;
		return { type: vscode.FileType.File, ctime: 0, mtime: 0, size,
			permissions: vscode.FilePermission.Readonly };
	}

	readFile(uri: vscode.Uri): Promise<Uint8Array> {
		return this.render(uri);
	}

	watch(): vscode.Disposable {
		return new vscode.Disposable(() => undefined);
	}

	readDirectory(): [string, vscode.FileType][] {
		return [];
	}

	createDirectory(uri: vscode.Uri): void {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	writeFile(uri: vscode.Uri): void {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	delete(uri: vscode.Uri): void {
		throw vscode.FileSystemError.NoPermissions(uri);
	}

	rename(uri: vscode.Uri): void {
		throw vscode.FileSystemError.NoPermissions(uri);
	}
}
