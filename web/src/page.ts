/** The page's frame: what every view uses to replace the content. */
import { h } from './dom.js';

/** Replaces the page's content and moves focus to its heading, as a page load would. */
export function show(title: string, ...content: (Node | null)[]): void {
  const main = document.getElementById('main') as HTMLElement;
  document.title = `${title} · Lablink`;
  const heading = h('h1', { tabindex: -1 }, title);
  main.replaceChildren(heading, ...content.filter((n): n is Node => n !== null));
  heading.focus();
}

/** Today as YYYY-MM-DD in the browser's zone (the teacher's school day). */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
