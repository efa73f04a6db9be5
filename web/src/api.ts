/**
 * The documented API, and nothing else: every call carries the teacher's ID
 * token; a 401 means the token expired (or was never there) and the page
 * signs in again. Response types come from the API's own schemas, imported
 * as types only, so the bundle carries none of their code.
 */
import type {
  ClassGroups,
  ClassMasteryGrid,
  ClassUsage,
  MyClasses,
} from '../../shared/reports/schemas.js';
import type { StudentStandard } from '../../shared/reports/student-standard.js';
import type { WeekPlan } from '../../shared/planning/plan.js';
import type { FocusPlan } from '../../shared/focus/focus.js';
import type { Assignment } from '../../shared/assignments/model.js';
import { currentToken, forgetToken } from './auth.js';
import { allPages } from './pages.js';

export type {
  ClassGroups,
  ClassMasteryGrid,
  ClassUsage,
  MyClasses,
  StudentStandard,
  WeekPlan,
  FocusPlan,
  Assignment,
};

/** The body of `POST /classes/{id}/assignments`' answer (shared/assignments/approve.ts). */
export interface Approval {
  classId: string;
  week: string;
  queued: number;
  assignments: {
    assignmentId: string;
    programId: string;
    contentId: string;
    studentCount: number;
    dueAt: string;
    status: Assignment['status'];
    created: boolean;
  }[];
}

/** A grid page holds at most this many students (the API's `limit` maximum). */
export const MAX_PAGE_SIZE = 500;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Thrown when the caller must sign in (again); main.ts starts the sign-in. */
export class SignInRequired extends Error {}

let apiUrl = '';

export function useApi(baseUrl: string): void {
  apiUrl = baseUrl.replace(/\/$/, '');
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const token = currentToken();
  if (!token) throw new SignInRequired();
  const res = await fetch(`${apiUrl}${path}`, {
    ...init,
    headers: { ...init.headers, authorization: `Bearer ${token}` },
  });
  if (res.status === 401) {
    forgetToken();
    throw new SignInRequired();
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as {
      error?: string;
      message?: string;
    };
    throw new ApiError(
      res.status,
      body.message ?? `${res.status} ${res.statusText}`,
      body.error,
    );
  }
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await call(path)).json()) as T;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await call(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

/** The API's own CSV of a report (`format=csv`), as a file the browser saves. */
export async function getCsv(path: string): Promise<Blob> {
  const sep = path.includes('?') ? '&' : '?';
  const res = await call(`${path}${sep}format=csv`, { headers: { accept: 'text/csv' } });
  return new Blob([await res.text()], { type: 'text/csv;charset=utf-8' });
}

const enc = encodeURIComponent;

export const api = {
  myClasses: () => getJson<MyClasses>('/me/classes'),
  /** Every page of the grid, so the heat map shows the whole class. */
  mastery: (classId: string) =>
    allPages<ClassMasteryGrid>(
      getJson,
      `/classes/${enc(classId)}/mastery`,
      MAX_PAGE_SIZE,
    ),
  masteryCsvPath: (classId: string) => `/classes/${enc(classId)}/mastery`,
  evidence: (studentId: string, code: string) =>
    getJson<StudentStandard>(`/students/${enc(studentId)}/standards/${enc(code)}`),
  /**
   * Every page of usage too: a lab class can outgrow one page. Four whole
   * weeks up to `to` (the API's default: today).
   */
  usage: (classId: string, to?: string) =>
    allPages<ClassUsage>(getJson, api.usageCsvPath(classId, to), MAX_PAGE_SIZE),
  // Without `limit` the API's CSV holds every student of the class.
  usageCsvPath: (classId: string, to?: string) =>
    `/classes/${enc(classId)}/usage${to ? `?to=${enc(to)}` : ''}`,
  groups: (classId: string, standards: string[]) =>
    getJson<ClassGroups>(
      `/classes/${enc(classId)}/groups?standards=${standards.map(enc).join(',')}`,
    ),
  focus: (classId: string) => getJson<FocusPlan>(`/classes/${enc(classId)}/focus`),
  plan: (classId: string, week: string) =>
    getJson<WeekPlan>(`/classes/${enc(classId)}/assignments/plan?week=${enc(week)}`),
  approve: (
    classId: string,
    week: string,
    items?: { studentId: string; programId: string; contentId: string }[],
  ) => postJson<Approval>(`/classes/${enc(classId)}/assignments`, { week, items }),
  assignment: (assignmentId: string) =>
    getJson<Assignment>(`/assignments/${enc(assignmentId)}`),
};
