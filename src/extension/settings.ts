/**
 * Settings read in one place, with the shipped defaults filled in. In an
 * untrusted folder VS Code itself drops the folder's values of the
 * restricted settings (see `capabilities` in package.json), so what is
 * read here is only ever the user's own or the defaults.
 */
import { homedir, userInfo } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { defaultDatabasePath } from '../core/dbLocation';
import type { StepMode } from '../core/steps';
import type { ProviderSetting } from '../engine/runtime';

export interface Settings {
	generatorPath: string;
	prmPath: string;
	provider: ProviderSetting;
	threads: number;
	databasePath: string;
	easyMaxLevel: number;
	labeler: string;
	samples: number;
	temperature: number;
	topK: number;
	topP: number;
	maxNewTokens: number;
	minNewTokens: number;
	seed: number;
	stepMode: StepMode;
}

function expand(p: string): string {
	return p.startsWith('~') ? join(homedir(), p.slice(1)) : p;
}

function pathSetting(value: string, fallback: string): string {
	const v = expand(value.trim());
	if (!v) {
		return fallback;
	}
	if (isAbsolute(v)) {
		return v;
	}
	// A relative path means "inside the first workspace folder".
	const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
	return ws ? join(ws, v) : v;
}

export function readSettings(ctx: vscode.ExtensionContext): Settings {
	const c = vscode.workspace.getConfiguration('stepwise');
	const models = join(ctx.extensionPath, 'models');
	return {
		generatorPath: pathSetting(c.get('generatorPath', ''), join(models, 'stepwise-gen-tiny')),
		prmPath: pathSetting(c.get('prmPath', ''), join(models, 'stepwise-prm-tiny')),
		provider: c.get<ProviderSetting>('executionProvider', 'auto'),
		threads: c.get('threads', 0),
		databasePath: pathSetting(c.get('databasePath', ''), defaultDatabasePath()),
		easyMaxLevel: c.get('easyMaxLevel', 3),
		labeler: c.get('labeler', '').trim() || safeUser(),
		samples: c.get('generation.samples', 4),
		temperature: c.get('generation.temperature', 0.8),
		topK: c.get('generation.topK', 0),
		topP: c.get('generation.topP', 1),
		maxNewTokens: c.get('generation.maxNewTokens', 400),
		minNewTokens: c.get('generation.minNewTokens', 1),
		seed: c.get('generation.seed', 1234),
		stepMode: c.get<StepMode>('stepMode', 'line'),
	};
}

function safeUser(): string {
	try {
		return userInfo().username || 'anonymous';
	} catch {
		return 'anonymous';
	}
}
