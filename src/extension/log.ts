/**
 * One logging facade over the Stepwise output channel. The channel is a
 * LogOutputChannel, so levels show in the UI; `stepwise.logLevel` filters
 * on top, and errors reveal the channel so they are not missed.
 */
import * as vscode from 'vscode';

export type Level = 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<Level, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export class Log implements vscode.Disposable {
	readonly channel: vscode.LogOutputChannel;

	constructor() {
		this.channel = vscode.window.createOutputChannel('Stepwise', { log: true });
	}

	private enabled(level: Level): boolean {
		const want = vscode.workspace.getConfiguration('stepwise').get<Level>('logLevel', 'info');
		return RANK[level] <= (RANK[want] ?? 2);
	}

	write(level: Level, message: string): void {
		if (!this.enabled(level)) {
			return;
		}
		switch (level) {
			case 'error':
				this.channel.error(message);
				break;
			case 'warn':
				this.channel.warn(message);
				break;
			case 'info':
				this.channel.info(message);
				break;
			case 'debug':
				this.channel.debug(message);
				break;
		}
	}

	info(message: string): void {
		this.write('info', message);
	}

	warn(message: string): void {
		this.write('warn', message);
	}

	debug(message: string): void {
		this.write('debug', message);
	}

	error(message: string): void {
		this.write('error', message);
	}

	dispose(): void {
		this.channel.dispose();
	}
}
