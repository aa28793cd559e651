/**
 * Final answers: finding them in solution texts, grading them against a
 * reference and grouping equivalent ones for voting. Pure code, usable in
 * the engine worker and in webviews; the JSON Lines grader that needs node
 * streams lives in `./gradeStream`.
 */
export { extractAnswer } from './extract';
export { gradeAnswer, normalizeAnswer, splitTuple } from './grade';
export { type AnswerGroups, groupAnswers } from './group';
export { mathdNormalize } from './mathdNormalize';
export { graderNormalize } from './graderNormalize';
export { allowsSymbolicCheck, symbolicallyEqual } from './symbolicEqual';
export { LatexConversionError, latexToText } from './latexToText';
