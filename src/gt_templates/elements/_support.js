// Shared helpers for the crowd-* stand-ins: lenient attribute parsing, ready
// events, element registration, styles and regions.
//
// Every file in this folder is concatenated into one inline module for
// standalone pages, so top-level names must be unique across all files.

// ---------------------------------------------------------------------------
// Lenient (JSON5-style) parsing
// ---------------------------------------------------------------------------

export class LenientParseError extends Error {
  constructor(message, text, position) {
    const { line, column } = lenientLineColumn(text, position);
    super(`${message} at line ${line}, column ${column} (position ${position})`);
    this.name = 'LenientParseError';
    this.position = position;
    this.line = line;
    this.column = column;
  }
}

function lenientLineColumn(text, position) {
  const before = text.slice(0, position).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const LENIENT_ESCAPES = {
  '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r',
  t: '\t', v: '\v', 0: '\0',
};

const LENIENT_IDENTIFIER_START = /[A-Za-z_$]/;
const LENIENT_IDENTIFIER_PART = /[A-Za-z0-9_$]/;
const LENIENT_NUMBER = /^[+-]?(?:Infinity|NaN|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;

// Parses JSON5-style text as AWS's own attribute examples need: single or
// double quoted strings, unquoted keys, trailing commas and comments.
export function parseLenient(text) {
  if (typeof text !== 'string') {
    throw new TypeError('parseLenient expects a string');
  }
  const parser = new LenientParser(text);
  parser.skipSpace();
  if (parser.pos >= text.length) {
    throw new LenientParseError('Empty value: expected a JSON value', text, 0);
  }
  const value = parser.value();
  parser.skipSpace();
  if (parser.pos < text.length) {
    parser.fail(`Unexpected '${text[parser.pos]}' after the value: expected the end`);
  }
  return value;
}

class LenientParser {
  constructor(text) {
    this.text = text;
    this.pos = 0;
  }

  fail(message, position = this.pos) {
    throw new LenientParseError(message, this.text, position);
  }

  describe() {
    return this.pos >= this.text.length ? 'end of text' : `'${this.text[this.pos]}'`;
  }

  skipSpace() {
    const text = this.text;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (/\s/.test(ch) || ch === '\uFEFF') {
        this.pos += 1;
      } else if (text.startsWith('//', this.pos)) {
        const end = text.indexOf('\n', this.pos);
        this.pos = end === -1 ? text.length : end + 1;
      } else if (text.startsWith('/*', this.pos)) {
        const end = text.indexOf('*/', this.pos + 2);
        if (end === -1) {
          this.fail('Unclosed /* comment: expected */');
        }
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  value() {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === '{') {
      return this.object();
    }
    if (ch === '[') {
      return this.array();
    }
    if (ch === '"' || ch === "'") {
      return this.string();
    }
    const number = LENIENT_NUMBER.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      return Number(number[0].replace(/^\+/, ''));
    }
    for (const [word, result] of [['true', true], ['false', false], ['null', null]]) {
      if (this.text.startsWith(word, this.pos) && !this.identifierPartAt(this.pos + word.length)) {
        this.pos += word.length;
        return result;
      }
    }
    return this.fail(`Unexpected ${this.describe()}: expected a value (object, array, string, number, true, false or null)`);
  }

  identifierPartAt(position) {
    return position < this.text.length && LENIENT_IDENTIFIER_PART.test(this.text[position]);
  }

  object() {
    const result = {};
    this.pos += 1;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos += 1;
        return result;
      }
      const key = this.key();
      this.skipSpace();
      if (this.text[this.pos] !== ':') {
        this.fail(`Unexpected ${this.describe()} after key '${key}': expected ':'`);
      }
      this.pos += 1;
      result[key] = this.value();
      this.listSeparator('}', 'object');
    }
  }

  array() {
    const result = [];
    this.pos += 1;
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === ']') {
        this.pos += 1;
        return result;
      }
      result.push(this.value());
      this.listSeparator(']', 'array');
    }
  }

  listSeparator(close, what) {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === ',') {
      this.pos += 1;
    } else if (ch !== close) {
      this.fail(`Unexpected ${this.describe()} in ${what}: expected ',' or '${close}'`);
    }
  }

  key() {
    const ch = this.text[this.pos];
    if (ch === '"' || ch === "'") {
      return this.string();
    }
    if (ch === undefined || !LENIENT_IDENTIFIER_START.test(ch)) {
      this.fail(`Unexpected ${this.describe()}: expected a key (a name or a quoted string)`);
    }
    const start = this.pos;
    while (this.identifierPartAt(this.pos)) {
      this.pos += 1;
    }
    return this.text.slice(start, this.pos);
  }

  string() {
    const quote = this.text[this.pos];
    const start = this.pos;
    let result = '';
    this.pos += 1;
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined || ch === '\n') {
        this.fail(`Unterminated string: expected a closing ${quote}`, start);
      }
      this.pos += 1;
      if (ch === quote) {
        return result;
      }
      result += ch === '\\' ? this.escape() : ch;
    }
  }

  escape() {
    const ch = this.text[this.pos];
    this.pos += 1;
    if (ch === '\n') {
      return '';
    }
    if (ch === 'u' || ch === 'x') {
      const size = ch === 'u' ? 4 : 2;
      const hex = this.text.slice(this.pos, this.pos + size);
      if (!new RegExp(`^[0-9a-fA-F]{${size}}$`).test(hex)) {
        this.fail(`Bad \\${ch} escape: expected ${size} hex digits`, this.pos - 2);
      }
      this.pos += size;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (ch in LENIENT_ESCAPES) {
      return LENIENT_ESCAPES[ch];
    }
    if (ch === undefined) {
      this.fail('Unterminated escape: expected a character after \\', this.pos - 1);
    }
    return ch;
  }
}

// ---------------------------------------------------------------------------
// Attributes
// ---------------------------------------------------------------------------

// Reads an object or array attribute leniently; a bad value is reported
// visibly and on the console, and the fallback is used instead.
export function readJsonAttribute(el, name, fallback) {
  const text = el.getAttribute(name);
  if (text === null || text.trim() === '') {
    return fallback;
  }
  try {
    return parseLenient(text);
  } catch (error) {
    // An error, not a warning: the page is broken for this data, and browser
    // tests (which fail on console errors) must say so.
    const message = `<${el.localName}> attribute "${name}" cannot be parsed: ${error.message}`;
    const line = error.line ? text.split('\n')[error.line - 1].trim() : text.slice(0, 200);
    console.error(`gt-templates: ${message}; the line reads: ${line}`);
    showElementError(el, message);
    return fallback;
  }
}

export function booleanAttribute(el, name) {
  const value = el.getAttribute(name);
  return value !== null && value !== 'false';
}

export function stringAttribute(el, name, fallback = '') {
  const value = el.getAttribute(name);
  return value === null ? fallback : value;
}

// Shows a problem next to the element in the light DOM, where re-rendering
// the element's shadow root cannot wipe it out.
export function showElementError(el, message) {
  const notice = document.createElement('div');
  notice.setAttribute('role', 'alert');
  notice.setAttribute('data-gt-error', el.localName);
  notice.textContent = message;
  notice.style.cssText = 'color:#b00020;background:#fdecea;border:1px solid #b00020;'
    + 'padding:6px 10px;margin:4px 0;font:13px/1.4 sans-serif;white-space:pre-wrap;';
  if (el.parentNode) {
    el.parentNode.insertBefore(notice, el);
  } else {
    el.prepend(notice);
  }
  return notice;
}

// ---------------------------------------------------------------------------
// Registration and ready events
// ---------------------------------------------------------------------------

const crowdReadyElements = new Set();
const crowdDefinedCallbacks = [];
let crowdReadyTrackingStarted = false;
let crowdAllReadyFired = false;

export function defineElement(tag, cls) {
  if (!customElements.get(tag)) {
    customElements.define(tag, cls);
  }
  return customElements.get(tag);
}

export function elementReady(el) {
  if (crowdReadyElements.has(el)) {
    return;
  }
  crowdReadyElements.add(el);
  window.dispatchEvent(new CustomEvent('crowd-element-ready', {
    bubbles: true,
    detail: { element: el, tag: el.localName },
  }));
  checkAllCrowdElementsReady();
}

// Runs `callback` once every element file has defined its elements (at once
// if that already happened), e.g. to choose between crowd-button and a native
// button regardless of import order.
export function whenElementsDefined(callback) {
  if (crowdReadyTrackingStarted) {
    callback();
  } else {
    crowdDefinedCallbacks.push(callback);
  }
}

export function isElementReady(el) {
  return crowdReadyElements.has(el);
}

// Called by the entry module once every element is defined, so that an
// element ready early cannot make the page look complete too soon.
export function startReadyTracking() {
  crowdReadyTrackingStarted = true;
  for (const callback of crowdDefinedCallbacks.splice(0)) {
    callback();
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', checkAllCrowdElementsReady, { once: true });
  } else {
    checkAllCrowdElementsReady();
  }
  setTimeout(warnAboutPendingCrowdElements, CROWD_READY_WARNING_MS);
}

// A page that never becomes ready must say why instead of hanging silently.
const CROWD_READY_WARNING_MS = 10000;

function warnAboutPendingCrowdElements() {
  if (crowdAllReadyFired) {
    return;
  }
  const pending = crowdElementsInDocument().filter((node) => !crowdReadyElements.has(node));
  console.warn(`gt-templates: all-crowd-elements-ready has not fired after ${CROWD_READY_WARNING_MS} ms;`
    + ` still waiting for ${pending.map((node) => `<${node.localName}>`).join(', ')}`);
}

export function crowdElementsInDocument() {
  return Array.from(document.querySelectorAll('*')).filter(
    (node) => node.localName.startsWith('crowd-') && customElements.get(node.localName),
  );
}

function checkAllCrowdElementsReady() {
  if (crowdAllReadyFired || !crowdReadyTrackingStarted || document.readyState === 'loading') {
    return;
  }
  const pending = crowdElementsInDocument().filter((node) => !crowdReadyElements.has(node));
  if (pending.length === 0) {
    crowdAllReadyFired = true;
    document.dispatchEvent(new CustomEvent('all-crowd-elements-ready', { bubbles: true }));
  }
}

// Base for elements whose whole shadow root is rebuilt from their attributes
// by `_render()`: once when first connected, again on each observed change.
// Ready as soon as it is first rendered.
export class RenderedElement extends HTMLElement {
  connectedCallback() {
    if (!this.shadowRoot) {
      this._renderFirst();
    }
    elementReady(this);
  }

  attributeChangedCallback() {
    if (this.shadowRoot) {
      this._render();
    }
  }

  // Overridden by elements that attach their shadow root with options
  // (createShadow would attach a plain one) or watch their children.
  _renderFirst() {
    this._render();
  }
}

// ---------------------------------------------------------------------------
// Styles, colours, regions, small DOM helpers
// ---------------------------------------------------------------------------

export const LABEL_COLORS = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd',
  '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

export function labelColor(index) {
  const size = LABEL_COLORS.length;
  return LABEL_COLORS[((index % size) + size) % size];
}

export const BASE_CSS = `
  :host {
    display: block;
    box-sizing: border-box;
    font-family: "Amazon Ember", "Helvetica Neue", Roboto, Arial, sans-serif;
    font-size: 14px;
    color: #16191f;
  }
  :host([hidden]) { display: none; }
  *, *::before, *::after { box-sizing: inherit; }
  button {
    font: inherit;
    cursor: pointer;
    border: 1px solid #879596;
    border-radius: 2px;
    background: #fff;
    padding: 4px 12px;
  }
  button:focus-visible, a:focus-visible, input:focus-visible, textarea:focus-visible {
    outline: 2px solid #0073bb;
    outline-offset: 1px;
  }
  button.primary { background: #ec7211; border-color: #ec7211; color: #fff; font-weight: bold; }
  button:disabled { cursor: default; opacity: 0.5; }
  a.gt-link { color: #0073bb; cursor: pointer; text-decoration: underline; }
  dialog { border: 1px solid #aab7b8; border-radius: 4px; padding: 0; max-width: 90vw; }
  dialog header { font-weight: bold; padding: 12px 16px; border-bottom: 1px solid #eaeded; }
  dialog .gt-dialog-body { padding: 12px 16px; max-height: 70vh; overflow: auto; }
  dialog footer { padding: 8px 16px; border-top: 1px solid #eaeded; text-align: right; }
  .gt-message { color: #b00020; min-height: 1.2em; }
`;

// Attaches an open shadow root holding the base styles plus the element's own.
export function createShadow(el, css = '') {
  const root = el.shadowRoot || el.attachShadow({ mode: 'open' });
  root.innerHTML = '';
  const style = document.createElement('style');
  style.textContent = BASE_CSS + css;
  root.append(style);
  return root;
}

// Returns the element's direct child region (short-instructions, ...) or null.
export function regionContent(el, tag) {
  return Array.from(el.children).find((child) => child.localName === tag) || null;
}

export function createNode(tag, attributes = {}, text = '') {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined && value !== false) {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  if (text) {
    node.textContent = text;
  }
  return node;
}

// Builds a modal dialog with a title, a body and a close button; the caller
// fills `body` and calls dialog.showModal().
export function createDialog(title, closeText = 'Close') {
  const dialog = createNode('dialog', { 'aria-label': title });
  const header = createNode('header', {}, title);
  const body = createNode('div', { class: 'gt-dialog-body' });
  const footer = createNode('footer');
  const close = createNode('button', { type: 'button', 'aria-label': closeText }, closeText);
  close.addEventListener('click', () => dialog.close());
  footer.append(close);
  dialog.append(header, body, footer);
  return { dialog, body, footer, close };
}

// Tells whether a key press is the worker typing text, so element shortcuts
// (number keys, Delete, ...) must leave it alone.
export function keyEventIsTyping(event) {
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) {
    return false;
  }
  return target.isContentEditable || ['input', 'textarea', 'select'].includes(target.localName);
}

// Resolves when an image has loaded (or has failed), so elements report ready
// once its size is known. It does not wait for the decode: a camera photo
// takes a quarter of a second to decode, and the browser paints it when done.
export function imageSettled(img) {
  if (img.complete) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    img.addEventListener('load', resolve, { once: true });
    img.addEventListener('error', resolve, { once: true });
  });
}
