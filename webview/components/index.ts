/**
 * The panel's building blocks. Webview code creates elements only through
 * these functions, never through the web-component library directly.
 */
export { badge } from './badge';
export { button, type ButtonOptions } from './button';
export { divider } from './divider';
export { progressRing } from './progressRing';
export { registerComponents } from './register';
export { isTextTarget, textArea, type TextAreaOptions, type TextBox } from './textArea';
