import type * as vscode from 'vscode';
import type { CancelSignal } from '../engine/client';

/** vscode's CancellationToken already has the shape the engine client wants. */
export function toCancelSignal(token: vscode.CancellationToken): CancelSignal {
	return token;
}
