/**
 * A paged report's pages joined: the first page's answer with every later
 * page's students after its own, as one page of the whole class would be.
 * The page's views (heat map, usage chart) show a whole class, and a lab
 * class can outgrow one page.
 */
export async function allPages<T extends { students: unknown[]; nextCursor?: string }>(
  get: <R>(path: string) => Promise<R>,
  path: string,
  pageSize: number,
): Promise<T> {
  // A path may carry its own parameters (usage's `to`).
  const sep = path.includes('?') ? '&' : '?';
  const first = await get<T>(`${path}${sep}limit=${pageSize}`);
  let cursor = first.nextCursor;
  while (cursor) {
    const next = await get<T>(
      `${path}${sep}limit=${pageSize}&cursor=${encodeURIComponent(cursor)}`,
    );
    first.students.push(...next.students);
    cursor = next.nextCursor;
  }
  delete first.nextCursor;
  return first;
}
