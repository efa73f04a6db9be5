/**
 * The teacher page: sign in, then hash routes over the teacher's classes.
 * `#/classes`, `#/classes/{id}/mastery|usage|groups|plan`. Hash routes keep
 * every page at `/index.html`, so the static host needs no rewrite rules and
 * the API's paths (`/classes/...`) never collide with the page's.
 */
import './styles.css';
import {
  completeSignIn,
  currentToken,
  claimsOf,
  signOut,
  startSignIn,
  type PageConfig,
} from './auth.js';
import { ApiError, SignInRequired, useApi } from './api.js';
import { alertBox, h } from './dom.js';
import { show } from './page.js';
import { renderClasses } from './views/classes.js';
import { renderMastery } from './views/mastery.js';
import { renderUsage } from './views/usage.js';
import { renderGroups } from './views/groups.js';
import { renderPlan } from './views/plan.js';

export const CLASS_TABS = [
  ['mastery', 'Mastery'],
  ['usage', 'Usage'],
  ['groups', 'Small groups'],
  ['plan', 'Assignment plan'],
] as const;
type Tab = (typeof CLASS_TABS)[number][0];

const nav = document.getElementById('nav') as HTMLElement;
const account = document.getElementById('account') as HTMLElement;
let config: PageConfig;

function renderSignIn(message?: string): void {
  nav.replaceChildren();
  account.replaceChildren();
  const hint = new URLSearchParams(location.search).get('login_hint') ?? undefined;
  show(
    'Sign in',
    ...(message ? [alertBox(message)] : []),
    h('p', {}, 'Sign in with your district account to see your classes.'),
    h(
      'button',
      { type: 'button', class: 'primary', onclick: () => void startSignIn(config, hint) },
      'Sign in',
    ),
  );
}

function renderNav(classId?: string, tab?: Tab): void {
  const link = (href: string, label: string, current: boolean) =>
    h('a', { href, 'aria-current': current ? 'page' : undefined }, label);
  const items = [link('#/classes', 'My classes', !classId)];
  if (classId)
    for (const [id, label] of CLASS_TABS)
      items.push(link(`#/classes/${classId}/${id}`, label, tab === id));
  nav.replaceChildren(h('ul', {}, ...items.map((a) => h('li', {}, a))));

  const claims = claimsOf(currentToken() ?? '');
  account.replaceChildren(
    h(
      'span',
      { class: 'who' },
      claims?.email ?? `Teacher ${claims?.['custom:lablink_user_id'] ?? ''}`,
    ),
    h(
      'button',
      { type: 'button', class: 'link', onclick: () => signOut(config) },
      'Sign out',
    ),
  );
}

async function route(): Promise<void> {
  if (!currentToken()) return renderSignIn();
  const [, section, classId, tab] = location.hash.replace(/^#\/?/, '/').split('/');
  try {
    if (section === 'classes' && classId) {
      const current = (CLASS_TABS.find(([id]) => id === tab)?.[0] ?? 'mastery') as Tab;
      renderNav(classId, current);
      const views = {
        mastery: renderMastery,
        usage: renderUsage,
        groups: renderGroups,
        plan: renderPlan,
      };
      await views[current](decodeURIComponent(classId));
    } else {
      renderNav();
      await renderClasses();
    }
  } catch (error) {
    if (error instanceof SignInRequired)
      return renderSignIn('Your session ended; sign in again.');
    const message =
      error instanceof ApiError && error.status === 404
        ? 'This class is not one of yours, or it does not exist.'
        : error instanceof ApiError && error.status === 403
          ? `Your role in this class does not include this view (${error.message}).`
          : `The page could not load: ${(error as Error).message}`;
    show(
      'Something went wrong',
      alertBox(message),
      h('a', { href: '#/classes' }, 'Back to my classes'),
    );
  }
}

async function start(): Promise<void> {
  const res = await fetch('/config.json', { cache: 'no-cache' });
  config = (await res.json()) as PageConfig;
  useApi(config.apiUrl);
  try {
    const returnTo = await completeSignIn(config);
    // replaceState fires no hashchange: route() below renders it once.
    if (returnTo) history.replaceState(null, '', returnTo);
  } catch (error) {
    return renderSignIn((error as Error).message);
  }
  // A sign-in link (`?login_hint=`, as npm start prints) goes straight to the sign-in service.
  const hint = new URLSearchParams(location.search).get('login_hint');
  if (hint && !currentToken()) return startSignIn(config, hint);
  window.addEventListener('hashchange', () => void route());
  await route();
}

void start();
