// Building the page's elements from data without ever parsing it as HTML: every value is text.

/** An element: h('li', {class: 'x', dataset: {type: 'CREDIT'}}, 'text', child, [more, children]). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else {
      element.append(child instanceof Node ? child : String(child));
    }
  }
}

let ids = 0;
/** An id unique on this page, for label/for and aria references. */
export function uniqueId(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** Money as the API gives it, with its two decimals. */
export function money(amount) {
  return typeof amount === 'number' ? amount.toFixed(2) : '';
}

/** A timestamp as the API wrote it, shortened to the minute and read as UTC. */
export function when(timestamp) {
  if (!timestamp) {
    return '';
  }
  return String(timestamp).replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

/** A version digest short enough to read; the whole of it stays in the title. */
export function shortVersion(version) {
  if (!version) {
    return h('span', {}, '—');
  }
  return h('code', {title: version}, version.length > 19 ? version.slice(0, 19) + '…' : version);
}

/** The screen reader hears it; everyone sees it. */
export function say(text) {
  document.getElementById('status').textContent = text;
}

/** A problem the user must see: announced at once, shown until the next action clears it. */
export function complain(text) {
  const problem = document.getElementById('problem');
  problem.textContent = text;
  problem.hidden = !text;
}
