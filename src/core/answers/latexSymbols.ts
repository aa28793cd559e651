/**
 * What each LaTeX macro becomes when an answer is turned into plain text
 * for the symbolic comparison. The renderings follow pylatexenc 2.10's
 * `latex2text` defaults, which the reference grader uses: for instance
 * `\cdot` is `·`, `\ne` and `\cot` are unknown there and vanish, and
 * `\mbox{...}` is dropped together with its argument. Staying close to
 * that keeps verdicts on odd answers the same as the published grader's.
 */

/** Macros without arguments, and the text they stand for. */
export const SYMBOL_MACROS: Readonly<Record<string, string>> = {
	// Spacing and escaped characters.
	' ': ' ', ',': ' ', ';': ' ', ':': ' ', '!': '', '-': '\u00ad',
	'#': '#', '$': '$', '%': '%', '&': '&', '_': '_', '{': '{', '}': '}',
	quad: '  ', qquad: '    ', enskip: '\u2002', nolinebreak: '\u2060',
	lbrace: '{', rbrace: '}', backslash: '\\', textbackslash: '\\',
	textdollar: '$', textdegree: '\u00b0', textasciitilde: '~',
	// Operators and relations.
	cdot: '\u00b7', times: '\u00d7', div: '\u00f7', pm: '\u00b1', mp: '\u2213',
	circ: '\u2218', ast: '\u2217', star: '\u22c6', bullet: '\u2219',
	le: '\u2264', leq: '\u2264', ge: '\u2265', geq: '\u2265', neq: '\u2260',
	leqslant: '\u2a7d', geqslant: '\u2a7e', nleq: '\u2270', ngeq: '\u2271',
	ll: '\u226a', gg: '\u226b', approx: '\u2248', equiv: '\u2261', sim: '\u223c',
	simeq: '\u2243', cong: '\u2245', propto: '\u221d', perp: '\u22a5',
	parallel: '\u2225', mid: '|', vert: '|', lvert: '|', rvert: '|', Vert: '\u2016',
	in: '\u2208', notin: '\u2209', ni: '\u220b', subset: '\u2282',
	subseteq: '\u2286', supset: '\u2283', supseteq: '\u2287', setminus: '\u2216',
	smallsetminus: '\u2216', cup: '\u222a', cap: '\u2229', emptyset: '\u2205',
	varnothing: '\u2205', complement: '\u2201', oplus: '\u2295', otimes: '\u2297',
	odot: '\u2299', uplus: '\u228e', wedge: '\u2227', vee: '\u2228', lnot: '\u00ac',
	forall: '\u2200', exists: '\u2203', nexists: '\u2204', vdash: '\u22a2', top: '\u22a4',
	to: '\u2192', rightarrow: '\u2192', leftarrow: '\u2190', leftrightarrow: '\u2194',
	Rightarrow: '\u21d2', Leftarrow: '\u21d0', Leftrightarrow: '\u21d4',
	longrightarrow: '\u27f6', mapsto: '\u21a6',
	// Delimiters.
	langle: '\u27e8', rangle: '\u27e9', lfloor: '\u230a', rfloor: '\u230b',
	lceil: '\u2308', rceil: '\u2309',
	// Big operators and calculus.
	sum: '\u2211', prod: '\u220f', int: '\u222b', partial: '\u2202', nabla: '\u2207',
	infty: '\u221e', surd: '\u221a',
	// Dots.
	dots: '\u2026', ldots: '\u2026', dotsc: '\u2026', dotsb: '\u2026', dotsm: '\u2026',
	dotsi: '\u2026', dotso: '\u2026', textellipsis: '\u2026', cdots: '\u22ef',
	vdots: '\u22ee', ddots: '\u22f1',
	// Geometry and misc.
	angle: '\u2220', measuredangle: '\u2221', square: '\u25a1', dagger: '\u2020',
	prime: '\'', ell: '\u2113', hbar: '\u0127', aleph: '\u2135', wp: '\u2118',
	i: '\u0131', j: '\u0237',
	// Function names that pylatexenc knows (sec, csc, cot, gcd, ... it does not).
	sin: 'sin', cos: 'cos', tan: 'tan', arcsin: 'arcsin', arccos: 'arccos',
	arctan: 'arctan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', log: 'log',
	ln: 'ln', exp: 'exp', max: 'max', min: 'min', sup: 'sup', inf: 'inf',
	lim: 'lim', limsup: 'lim sup', liminf: 'lim inf',
	// Greek letters.
	alpha: '\u03b1', beta: '\u03b2', gamma: '\u03b3', delta: '\u03b4',
	epsilon: '\u03f5', varepsilon: '\u03b5', zeta: '\u03b6', eta: '\u03b7',
	theta: '\u03b8', vartheta: '\u03d1', iota: '\u03b9', kappa: '\u03ba',
	lambda: '\u03bb', mu: '\u03bc', nu: '\u03bd', xi: '\u03be', omicron: '\u03bf',
	pi: '\u03c0', varpi: '\u03d6', rho: '\u03c1', varrho: '\u03f1', sigma: '\u03c3',
	varsigma: '\u03c2', tau: '\u03c4', upsilon: '\u03c5', phi: '\u03d5',
	varphi: '\u03c6', chi: '\u03c7', psi: '\u03c8', omega: '\u03c9',
	Gamma: '\u0393', Delta: '\u0394', Theta: '\u0398', Lambda: '\u039b', Xi: '\u039e',
	Pi: '\u03a0', Sigma: '\u03a3', Upsilon: '\u03a5', Phi: '\u03a6', Psi: '\u03a8',
	Omega: '\u03a9',
};

/** Macros whose one argument is kept as it is. */
export const KEEP_ARGUMENT_MACROS: ReadonlySet<string> = new Set([
	'text', 'textbf', 'textit', 'textrm', 'textsc', 'textsl', 'emph', 'mathrm',
	'overline', 'underline', 'widehat', 'widetilde', 'wideparen', 'overbrace',
	'underbrace', 'overleftarrow', 'overrightarrow', 'overleftrightarrow',
	'underleftarrow', 'underrightarrow', 'underleftrightarrow',
]);

/** Macros that are dropped together with their one argument. */
export const DROP_ARGUMENT_MACROS: ReadonlySet<string> = new Set([
	'mbox', 'textsf', 'texttt', 'textup', 'textmd', 'ensuremath', 'label',
	'hspace', 'hphantom', 'vphantom', 'color', 'pagecolor',
]);

/**
 * Font macros. Their argument's ASCII letters become the matching
 * Mathematical Alphanumeric Symbols, which matters because the letters then
 * no longer equal plain `x` or `R`.
 */
export const FONT_MACROS: Readonly<Record<string, FontStyle>> = {
	mathbf: 'bold', mathit: 'italic', mathbb: 'doubleStruck', mathsf: 'sans',
	mathtt: 'monospace', mathcal: 'plain', mathscr: 'plain', mathfrak: 'plain',
};

/** A Unicode math alphabet, or `plain` for the ones kept as ASCII here. */
export type FontStyle = 'bold' | 'italic' | 'doubleStruck' | 'sans' | 'monospace' | 'plain';

/** Accent macros: the combining mark put after the first character of the argument. */
export const ACCENT_MACROS: Readonly<Record<string, string>> = {
	hat: '\u0302', '^': '\u0302', bar: '\u0305', '=': '\u0304', vec: '\u20d7',
	tilde: '\u0303', '~': '\u0303', dot: '\u0307', '.': '\u0307', ddot: '\u0308',
	'"': '\u0308', acute: '\u0301', '\'': '\u0301', grave: '\u0300', '`': '\u0300',
	breve: '\u0306', u: '\u0306', check: '\u030c', v: '\u030c', H: '\u030b',
	c: '\u0327', d: '\u0323', b: '\u0331', k: '\u0328', r: '\u030a', not: '\u0338',
};

/** Environments rendered as `[ a b; c d ]`, rows split at `\\`, cells at `&`. */
export const MATRIX_ENVIRONMENTS: ReadonlySet<string> = new Set([
	'array', 'pmatrix', 'bmatrix', 'smallmatrix', 'psmallmatrix', 'bsmallmatrix',
]);

const FONT_OFFSETS: Readonly<Record<Exclude<FontStyle, 'plain'>, [number, number]>> = {
	bold: [0x1d400, 0x1d41a],
	italic: [0x1d434, 0x1d44e],
	doubleStruck: [0x1d538, 0x1d552],
	sans: [0x1d5a0, 0x1d5ba],
	monospace: [0x1d670, 0x1d68a],
};

/** Letters that Unicode encodes outside the math alphabet blocks. */
const FONT_EXCEPTIONS: Readonly<Record<string, string>> = {
	'italic:h': '\u210e',
	'doubleStruck:C': '\u2102', 'doubleStruck:H': '\u210d', 'doubleStruck:N': '\u2115',
	'doubleStruck:P': '\u2119', 'doubleStruck:Q': '\u211a', 'doubleStruck:R': '\u211d',
	'doubleStruck:Z': '\u2124',
};

/** Writes the ASCII letters of `text` in the math alphabet `style`. */
export function applyFont(text: string, style: FontStyle): string {
	if (style === 'plain') {
		return text;
	}
	const [upper, lower] = FONT_OFFSETS[style];
	let out = '';
	for (const ch of text) {
		const exception = FONT_EXCEPTIONS[`${style}:${ch}`];
		if (exception !== undefined) {
			out += exception;
		} else if (ch >= 'A' && ch <= 'Z') {
			out += String.fromCodePoint(upper + ch.charCodeAt(0) - 65);
		} else if (ch >= 'a' && ch <= 'z') {
			out += String.fromCodePoint(lower + ch.charCodeAt(0) - 97);
		} else {
			out += ch;
		}
	}
	return out;
}
