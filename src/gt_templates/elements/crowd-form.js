// <crowd-form>: wraps the task in a native form, collects every answer into
// `[ { name: value, ... } ]` and submits it as the `taskAnswers` field.
//
// The native form lives in the light DOM (not in a shadow root) so that
// native controls stay form-associated, page styles apply, and scripts can
// append inputs to `.form` as AWS samples do.
import { createNode, defineElement, elementReady, whenElementsDefined } from './_support.js';

const CROWD_FORM_SUBMIT_URL_META = 'meta[name="gt-templates-submit-url"]';
const CROWD_FORM_SUBMIT_BUTTONS = [
  'crowd-button[form-action="submit"]',
  'button[type="submit"]',
  'input[type="submit"]',
].join(', ');
const CROWD_FORM_SKIPPED_INPUTS = new Set(['submit', 'button', 'reset', 'image', 'file']);

function crowdFormIsPlainObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function crowdFormIsNativeControl(node) {
  return node.localName === 'input' || node.localName === 'select' || node.localName === 'textarea';
}

function crowdFormNativeControlValue(control) {
  if (control.localName === 'select' && control.multiple) {
    return Array.from(control.selectedOptions, (option) => option.value);
  }
  return control.value;
}

function crowdFormNativeControlSubmits(control) {
  if (!control.name || control.disabled) {
    return false;
  }
  if (control.localName !== 'input') {
    return true;
  }
  const type = control.type;
  if (CROWD_FORM_SKIPPED_INPUTS.has(type)) {
    return false;
  }
  return (type !== 'checkbox' && type !== 'radio') || control.checked;
}

function crowdFormControlDisplayName(control) {
  return control.getAttribute('aria-label') || control.labels?.[0]?.textContent.trim()
    || control.name || control.localName;
}

export class CrowdForm extends HTMLElement {
  constructor() {
    super();
    this._form = null;
    this._submitting = false;
  }

  connectedCallback() {
    if (this._form) {
      return;
    }
    this._form = createNode('form', { novalidate: true, 'data-gt-form': true });
    this._form.append(...Array.from(this.childNodes));
    this._message = createNode('div', { role: 'alert', 'data-gt-form-message': true });
    this._message.style.cssText = 'color:#b00020;margin:8px 0;white-space:pre-line;';
    this._message.hidden = true;
    this.append(this._form);
    this._form.addEventListener('submit', (event) => this._onNativeSubmit(event));
    this.addEventListener('click', (event) => this._onClick(event));
    whenElementsDefined(() => {
      this._ensureSubmitButton();
      elementReady(this);
    });
  }

  // The native <form> inside; inputs appended to it are submitted too.
  get form() {
    return this._form;
  }

  // Submits as if the worker pressed the submit button.
  submit() {
    this._submit(null);
  }

  reset() {
    this._form?.reset();
    for (const node of this._crowdDescendants()) {
      if (typeof node.gtReset === 'function') {
        node.gtReset();
      }
    }
    this._showMessages([]);
  }

  // The answer object (the single element of the submitted array).
  get value() {
    return this._collect();
  }

  _ensureSubmitButton() {
    if (this.querySelector(CROWD_FORM_SUBMIT_BUTTONS)) {
      return;
    }
    const button = customElements.get('crowd-button')
      ? createNode('crowd-button', { 'form-action': 'submit', variant: 'primary' }, 'Submit')
      : createNode('button', { type: 'submit', 'aria-label': 'Submit' }, 'Submit');
    button.setAttribute('data-gt-auto-submit', '');
    button.style.margin = '12px 0';
    this._form.append(this._message, button);
  }

  _onClick(event) {
    const target = event.target.closest?.('[form-action]');
    if (!target || target.closest('crowd-form') !== this) {
      return;
    }
    if (target.hasAttribute('disabled') || target.hasAttribute('loading')) {
      return;
    }
    const action = target.getAttribute('form-action');
    if (action === 'submit') {
      event.preventDefault();
      this._submit(target);
    } else if (action === 'reset') {
      event.preventDefault();
      this.reset();
    }
  }

  // Every native submission (Enter in a text field, a native submit button)
  // is turned into our own pipeline; a <button> without an explicit type is
  // taken as a plain button, since templates use those for tools, not submit.
  _onNativeSubmit(event) {
    if (event.gtOwnSubmit) {
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    const submitter = event.submitter;
    if (submitter && submitter.localName === 'button' && !submitter.hasAttribute('type')) {
      return;
    }
    this._submit(submitter || null);
  }

  _submit(submitter) {
    if (this._submitting) {
      return;
    }
    if (!this._runSubmitHandlers(submitter)) {
      return;
    }
    const problems = this._validate();
    this._showMessages(problems);
    if (problems.length > 0) {
      return;
    }
    const answers = [this._collect()];
    this.dispatchEvent(new CustomEvent('gt-templates-submit', {
      bubbles: true,
      composed: true,
      detail: answers,
    }));
    this._deliver(answers);
  }

  // onsubmit handlers run first, as AWS samples fill hidden inputs there and
  // may veto the submission with preventDefault().
  _runSubmitHandlers(submitter) {
    const event = new SubmitEvent('submit', {
      bubbles: true,
      cancelable: true,
      submitter: submitter instanceof HTMLElement ? submitter : null,
    });
    event.gtOwnSubmit = true;
    this._form.dispatchEvent(event);
    return !event.defaultPrevented;
  }

  _crowdDescendants() {
    return Array.from(this.querySelectorAll('*')).filter(
      (node) => node.localName.startsWith('crowd-') && this._ownsNode(node),
    );
  }

  // Nodes inside a nested crowd-form belong to that form, not to this one.
  _ownsNode(node) {
    return node.parentElement?.closest('crowd-form') === this;
  }

  _validate() {
    const problems = [];
    for (const node of this.querySelectorAll('*')) {
      if (!this._ownsNode(node) || this._insideAnswerElement(node)) {
        continue;
      }
      if (typeof node.gtValidate === 'function') {
        const message = node.gtValidate();
        if (message) {
          problems.push({ node, message });
        }
      } else if (crowdFormIsNativeControl(node) && !node.disabled && !node.checkValidity()) {
        problems.push({ node, message: `${crowdFormControlDisplayName(node)}: ${node.validationMessage}` });
      }
    }
    return problems;
  }

  _showMessages(problems) {
    this._message.textContent = problems.map((problem) => problem.message).join('\n');
    this._message.hidden = problems.length === 0;
    if (!this._message.isConnected) {
      this._form.append(this._message);
    }
    if (problems.length > 0) {
      this._message.scrollIntoView?.({ block: 'nearest' });
      problems[0].node.focus?.();
    }
  }

  _collect() {
    const answer = {};
    for (const node of this.querySelectorAll('*')) {
      if (!this._ownsNode(node) || this._insideAnswerElement(node)) {
        continue;
      }
      if (typeof node.gtAnswer === 'function') {
        this._addCrowdAnswer(answer, node);
      } else if (crowdFormIsNativeControl(node) && crowdFormNativeControlSubmits(node)) {
        answer[node.name] = crowdFormNativeControlValue(node);
      }
    }
    return answer;
  }

  // Native controls inside an answer-bearing element are that element's
  // business (its gtAnswer already reports them), unless it declares
  // gtSubmitsNestedControls (e.g. crowd-classifier's classification-target).
  _insideAnswerElement(node) {
    for (let parent = node.parentElement; parent && parent !== this; parent = parent.parentElement) {
      if (typeof parent.gtAnswer === 'function' && !parent.gtSubmitsNestedControls) {
        return true;
      }
    }
    return false;
  }

  _addCrowdAnswer(answer, node) {
    const name = node.getAttribute('name');
    if (!name) {
      return;
    }
    const value = node.gtAnswer();
    if (value === undefined) {
      return;
    }
    const previous = answer[name];
    answer[name] = crowdFormIsPlainObject(previous) && crowdFormIsPlainObject(value) ? { ...previous, ...value } : value;
  }

  _deliver(answers) {
    const meta = document.querySelector(CROWD_FORM_SUBMIT_URL_META);
    if (meta && meta.getAttribute('content')) {
      this._post(meta.getAttribute('content'), answers);
    } else {
      this._showAnswer(answers);
    }
  }

  // Posts a separate, hidden form so that only `taskAnswers` is sent.
  _post(url, answers) {
    this._submitting = true;
    const post = createNode('form', { method: 'post', action: url, hidden: true });
    const field = createNode('input', { type: 'hidden', name: 'taskAnswers' });
    field.value = JSON.stringify(answers);
    post.append(field);
    document.body.append(post);
    HTMLFormElement.prototype.submit.call(post);
  }

  _showAnswer(answers) {
    let panel = this.querySelector('pre[data-gt-answer]');
    if (!panel) {
      panel = createNode('pre', {
        'data-gt-answer': true,
        role: 'status',
        'aria-label': 'Submitted answer',
      });
      panel.style.cssText = 'background:#f2f3f3;border:1px solid #aab7b8;padding:8px;'
        + 'white-space:pre-wrap;word-break:break-all;font:12px/1.4 monospace;';
      this.append(panel);
    }
    panel.textContent = JSON.stringify(answers, null, 2);
  }
}

defineElement('crowd-form', CrowdForm);
