/**
 * A few DOM helpers instead of a framework: the pages are tables and forms,
 * rebuilt whole when their data arrives, which keeps the bundle small.
 * Text always goes in through text nodes, never innerHTML, so data from
 * vendor files cannot become markup.
 */

type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

const SVG_NS = 'http://www.w3.org/2000/svg';

function build<E extends Element>(el: E, attrs: Attrs, children: Child[]): E {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : String(child));
  }
  return el;
}

/** An HTML element: `h('td', { class: 'x', onclick: f }, 'text', child)`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  return build(document.createElement(tag), attrs, children);
}

export function svg(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  return build(document.createElementNS(SVG_NS, tag) as SVGElement, attrs, children);
}

/** Tells screen readers what just happened (the polite live region of index.html). */
export function announce(message: string): void {
  const status = document.getElementById('status');
  if (!status) return;
  status.textContent = '';
  // A new text node after a tick is announced even when the text repeats.
  setTimeout(() => (status.textContent = message), 50);
}

/** Saves a file the way a link with `download` does. */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * CSV of a table built here (groups, plans), neutralized like the API's:
 * a cell a spreadsheet would execute (`=`, `+`, `-`, `@`, tab, CR) gets a
 * leading apostrophe.
 */
export function toCsv(rows: (string | number | undefined)[][]): Blob {
  const cell = (value: string | number | undefined) => {
    let text = value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const text = rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  return new Blob([text], { type: 'text/csv;charset=utf-8' });
}

/** A button that downloads a CSV; errors land in the page's alert. */
export function csvButton(
  label: string,
  fileName: string,
  make: () => Promise<Blob> | Blob,
) {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary csv',
      onclick: async (event: Event) => {
        const button = event.currentTarget as HTMLButtonElement;
        try {
          download(await make(), fileName);
          announce(`${fileName} downloaded`);
        } catch (error) {
          button.after(
            alertBox(`The CSV could not be made: ${(error as Error).message}`),
          );
        }
      },
    },
    label,
  );
}

export function alertBox(message: string): HTMLElement {
  return h('p', { class: 'alert', role: 'alert' }, message);
}
