/**
 * The `stepwise` command: the editor's jobs from a terminal, on the same
 * engine and database code.
 */
import { gradeJsonlStream } from '../core/answers/gradeStream';
import { HelpRequest, UsageError } from './args';
import { evalCmd } from './eval';
import { generateCmd } from './generate';
import { retrainCmd } from './retrain';
import { exportCmd, importCmd } from './importExport';
import { scoreCmd } from './score';

const HELP = `stepwise COMMAND [options]

Commands:
  generate PROBLEM   sample solutions, score every step, store them
  score FILE         score every step of a written solution
  eval               easy-to-hard evaluation: greedy, majority, weighted, best-of-N
  retrain            new PRM version from the easy labels (head refit or trainer)
  grade              read {"given","truth"} jsonl on stdin, add "equal"
  import FILE        import PRM800K label records into the database
  export OUT         write finished labels as prm800k or trl JSON Lines

Run "stepwise COMMAND --help" for a command's options.
Database: --db PATH, else $STEPWISE_DB, else ~/.local/share/stepwise/stepwise.db.`;

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
	generate: generateCmd,
	score: scoreCmd,
	eval: evalCmd,
	retrain: retrainCmd,
	grade: async () => {
		const summary = await gradeJsonlStream(process.stdin, process.stdout);
		if (summary.errors > 0) {
			// Every line was answered; the exit status tells scripts some could not be read.
			process.stderr.write(`stepwise grade: ${summary.errors} line(s) could not be read; `
				+ 'they are marked with "error" in the output.\n');
			process.exitCode = 1;
		}
	},
	import: (argv) => importCmd(argv),
	export: (argv) => exportCmd(argv),
};

/**
 * Errors from the shared core speak of editor settings; from a terminal
 * the flags are what a person can change.
 */
function cliHint(message: string): string {
	const hints: string[] = [];
	if (message.includes('stepwise.databasePath')) {
		hints.push('From the command line, pick the database with --db PATH or STEPWISE_DB.');
	}
	if (/stepwise\.(generatorPath|prmPath)|model folder|stepwise-prm\.json|config\.json|\.onnx\b/.test(message)) {
		hints.push('From the command line, pick the models with --generator DIR and --prm DIR.');
	}
	if (message.includes('stepwise.executionProvider')) {
		hints.push('From the command line, use --provider cpu.');
	}
	return hints.map((h) => `${h}\n`).join('');
}

async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (!name || name === '--help' || name === '-h' || name === 'help') {
		process.stdout.write(HELP + '\n');
		return name ? 0 : 2;
	}
	const cmd = COMMANDS[name];
	if (!cmd) {
		process.stderr.write(`stepwise: unknown command "${name}".\n\n${HELP}\n`);
		return 2;
	}
	try {
		await cmd(rest);
		return typeof process.exitCode === 'number' ? process.exitCode : 0;
	} catch (e) {
		if (e instanceof HelpRequest) {
			process.stdout.write(`${e.message}\n`);
			return 0;
		}
		if (e instanceof UsageError) {
			process.stderr.write(`${e.message}\n`);
			return 2;
		}
		process.stderr.write(`stepwise ${name}: ${(e as Error).message}\n${cliHint((e as Error).message)}`);
		return 1;
	}
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
