import {
	ACCENT_MACROS,
	applyFont,
	DROP_ARGUMENT_MACROS,
	FONT_MACROS,
	KEEP_ARGUMENT_MACROS,
	MATRIX_ENVIRONMENTS,
	SYMBOL_MACROS,
} from './latexSymbols';

/** Thrown when LaTeX cannot be converted, e.g. `\sqrt` with no radicand. */
export class LatexConversionError extends Error {
	override name = 'LatexConversionError';
}

// Private-use characters mark cell and row breaks inside matrix environments.
const CELL_BREAK = '\ue000';
const ROW_BREAK = '\ue001';

type Stop =
	| { kind: 'end' }
	| { kind: 'brace' }
	| { kind: 'bracket' }
	| { kind: 'env'; name: string };

/**
 * Renders a LaTeX answer as plain text, e.g. `\frac{\sqrt{3}}{2}` as
 * `√(3)/2` and `\left( 3, \frac{\pi}{2} \right)` as `( 3, π/2 )`.
 *
 * The output copies pylatexenc 2.10's `latex2text`, which the reference
 * grader uses before handing the text to its symbolic check. That includes
 * its imprecise spots: `\frac{a+b}{c}` gives `a+b/c` without parentheses,
 * and `\sqrt[3]{8}` gives `√(8)`. Unknown macros disappear; the groups that
 * follow them stay.
 *
 * @throws LatexConversionError when a macro lacks a required argument.
 */
export function latexToText(latex: string): string {
	return new Converter(latex).run();
}

class Converter {
	private pos = 0;
	private matrixDepth = 0;

	constructor(private readonly src: string) {}

	run(): string {
		return this.sequence({ kind: 'end' });
	}

	private sequence(stop: Stop): string {
		let out = '';
		while (this.pos < this.src.length) {
			const c = this.src[this.pos];
			if (c === '}') {
				this.pos++;
				if (stop.kind === 'brace') {
					return out;
				}
				// A stray closing brace is dropped, as pylatexenc does.
				continue;
			}
			if (c === ']' && stop.kind === 'bracket') {
				this.pos++;
				return out;
			}
			if (c === '\\' && stop.kind === 'env' && this.atEnd(stop.name)) {
				return out;
			}
			out += this.node();
		}
		return out;
	}

	/** Renders one node: a group, a macro, a comment or a run of characters. */
	private node(): string {
		const src = this.src;
		const c = src[this.pos];
		if (c === '{') {
			this.pos++;
			return this.sequence({ kind: 'brace' });
		}
		if (c === '\\') {
			return this.macro();
		}
		if (c === '%') {
			this.skipComment();
			return '';
		}
		if (c === '&') {
			this.pos++;
			return this.matrixDepth > 0 ? CELL_BREAK : '   ';
		}
		if (c === '~') {
			this.pos++;
			return '\u00a0';
		}
		for (const [from, to] of LIGATURES) {
			if (src.startsWith(from, this.pos)) {
				this.pos += from.length;
				return to;
			}
		}
		this.pos++;
		return c;
	}

	private macro(): string {
		const name = this.macroName();
		if (name === '\\') {
			this.skipStar();
			this.optionalArg();
			return this.matrixDepth > 0 ? ROW_BREAK : '\n';
		}
		if (name === 'begin') {
			return this.environment();
		}
		if (name === 'end') {
			this.mandatoryArg();
			return '';
		}
		const symbol = SYMBOL_MACROS[name];
		if (symbol !== undefined) {
			return symbol;
		}
		return this.macroWithArgs(name);
	}

	private macroWithArgs(name: string): string {
		if (name === 'frac' || name === 'nicefrac') {
			const start = this.pos;
			const numerator = this.mandatoryArg();
			const denominator = numerator === null ? null : this.mandatoryArg();
			if (denominator === null) {
				// pylatexenc then gives the macro no arguments and prints its bare template.
				this.pos = start;
				return '%s/%s';
			}
			return `${numerator}/${denominator}`;
		}
		if (name === 'sqrt') {
			this.optionalArg();
			return `\u221a(${this.requiredArg(name)})`;
		}
		if (KEEP_ARGUMENT_MACROS.has(name)) {
			return this.mandatoryArg() ?? '';
		}
		if (DROP_ARGUMENT_MACROS.has(name) || name === 'vspace') {
			this.skipStar();
			this.optionalArg();
			this.mandatoryArg();
			return name === 'vspace' ? '\n' : '';
		}
		if (name === 'textcolor' || name === 'colorbox') {
			this.optionalArg();
			this.mandatoryArg();
			return this.mandatoryArg() ?? '';
		}
		const font = FONT_MACROS[name];
		if (font !== undefined) {
			return applyFont(this.mandatoryArg() ?? '', font);
		}
		const accent = ACCENT_MACROS[name];
		if (accent !== undefined) {
			const base = this.mandatoryArg() ?? '';
			const chars = Array.from(base);
			if (chars.length === 0) {
				return accent;
			}
			return (chars[0] + accent + chars.slice(1).join('')).normalize('NFC');
		}
		// Unknown macros vanish; `\(` `\)` `\[` `\]` only switch math mode.
		return '';
	}

	private environment(): string {
		this.skipSpaces();
		if (this.src[this.pos] !== '{') {
			throw new LatexConversionError('\\begin needs an environment name in braces');
		}
		const close = this.src.indexOf('}', this.pos);
		if (close < 0) {
			throw new LatexConversionError('the environment name after \\begin is not closed');
		}
		const name = this.src.slice(this.pos + 1, close).trim();
		this.pos = close + 1;
		if (!MATRIX_ENVIRONMENTS.has(name)) {
			const body = this.sequence({ kind: 'env', name });
			this.consumeEnd(name);
			return body;
		}
		if (name === 'array') {
			// The column specification, e.g. {cc}.
			this.mandatoryArg();
		}
		this.matrixDepth++;
		const body = this.sequence({ kind: 'env', name });
		this.matrixDepth--;
		this.consumeEnd(name);
		const rows = body.split(ROW_BREAK);
		if (rows.length > 1 && rows[rows.length - 1].trim() === '') {
			rows.pop();
		}
		const text = rows.map((row) => row.split(CELL_BREAK).map((cell) => cell.trim()).join(' '));
		return `[ ${text.join('; ')} ]`;
	}

	private atEnd(name: string): boolean {
		return this.src.startsWith(`\\end{${name}}`, this.pos);
	}

	private consumeEnd(name: string): void {
		if (this.atEnd(name)) {
			this.pos += `\\end{${name}}`.length;
		}
	}

	/** Reads the name after a backslash and the spaces a letter macro swallows. */
	private macroName(): string {
		const src = this.src;
		this.pos++;
		if (this.pos >= src.length) {
			return '';
		}
		const letters = /^[A-Za-z]+/.exec(src.slice(this.pos, this.pos + 64));
		if (letters === null) {
			return src[this.pos++];
		}
		this.pos += letters[0].length;
		const space = /^[ \t]*\n?[ \t]*/.exec(src.slice(this.pos));
		this.pos += space === null ? 0 : space[0].length;
		return letters[0];
	}

	private skipSpaces(): void {
		while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) {
			this.pos++;
		}
	}

	private skipStar(): void {
		const save = this.pos;
		this.skipSpaces();
		if (this.src[this.pos] === '*') {
			this.pos++;
		} else {
			this.pos = save;
		}
	}

	private skipComment(): void {
		const newline = this.src.indexOf('\n', this.pos);
		this.pos = newline < 0 ? this.src.length : newline + 1;
		while (this.src[this.pos] === ' ' || this.src[this.pos] === '\t') {
			this.pos++;
		}
	}

	/** An optional `[...]` argument, rendered, or null when absent. */
	private optionalArg(): string | null {
		const save = this.pos;
		this.skipSpaces();
		if (this.src[this.pos] !== '[') {
			this.pos = save;
			return null;
		}
		this.pos++;
		return this.sequence({ kind: 'bracket' });
	}

	/**
	 * A mandatory argument: a braced group, one character, or a macro taken
	 * without arguments of its own (`\frac\pi2` works, `\frac\sqrt{3}{3}`
	 * does not). A stray `}` counts as an empty argument. Null at the end.
	 */
	private mandatoryArg(): string | null {
		this.skipSpaces();
		if (this.pos >= this.src.length) {
			return null;
		}
		const c = this.src[this.pos];
		if (c === '}') {
			this.pos++;
			return '';
		}
		if (c === '\\') {
			return this.bareMacro();
		}
		return this.node();
	}

	/** A macro used as another macro's argument, which pylatexenc reads without its arguments. */
	private bareMacro(): string {
		const name = this.macroName();
		const symbol = SYMBOL_MACROS[name];
		if (symbol !== undefined) {
			return symbol;
		}
		if (name === 'frac' || name === 'nicefrac') {
			return '%s/%s';
		}
		if (name === 'sqrt') {
			throw new LatexConversionError('\\sqrt used without its argument');
		}
		return '';
	}

	private requiredArg(macro: string): string {
		const arg = this.mandatoryArg();
		if (arg === null) {
			throw new LatexConversionError(`\\${macro} is missing an argument`);
		}
		return arg;
	}
}

/** TeX's input ligatures, longest first. */
const LIGATURES: ReadonlyArray<readonly [string, string]> = [
	['---', '\u2014'],
	['--', '\u2013'],
	['``', '\u201c'],
	['\'\'', '\u201d'],
];
