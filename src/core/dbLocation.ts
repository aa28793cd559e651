/**
 * Where labels live when no setting says otherwise. The editor and the
 * CLI share this default, so labels given in one are seen by the other.
 *
 * - Linux: `$XDG_DATA_HOME/stepwise/stepwise.db` (`~/.local/share/...`)
 * - macOS: `~/Library/Application Support/Stepwise/stepwise.db`
 * - Windows: `%APPDATA%\Stepwise\stepwise.db`
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDatabasePath(
	env: NodeJS.ProcessEnv = process.env,
	platform: NodeJS.Platform = process.platform,
	home: string = homedir(),
): string {
	if (platform === 'win32') {
		return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Stepwise', 'stepwise.db');
	}
	if (platform === 'darwin') {
		return join(home, 'Library', 'Application Support', 'Stepwise', 'stepwise.db');
	}
	return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'stepwise', 'stepwise.db');
}
