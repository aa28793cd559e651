/**
 * What the commands share: the log, the engine, the database, the drawn
 * annotations and the problem sets. Built once at activation, cheaply;
 * the engine and the database open on first use.
 */
import { basename } from 'node:path';
import type * as vscode from 'vscode';
import type { ProblemFiles } from '../eval/problemFiles';
import type { Annotations } from './annotations';
import type { EngineHost } from './engineHost';
import type { LiveChecker } from './live';
import type { Log } from './log';
import type { StoreHost } from './storeHost';

export interface Services {
	ctx: vscode.ExtensionContext;
	log: Log;
	engine: EngineHost;
	stores: StoreHost;
	annotations: Annotations;
	problems: ProblemFiles;
	/** Set right after construction; it needs the other services. */
	live?: LiveChecker;
}

/** The id scores are stored under: the PRM folder's name. */
export function prmIdOf(prmPath: string): string {
	return basename(prmPath.replace(/[\\/]+$/, ''));
}
