/**
 * The order files are read in when several studies (manifests, folders, PACS studies) open at
 * once. Reading them one group after the other leaves the second study off screen until every
 * file of the first has arrived: opened beside the first, a prior would wait for the whole
 * current study. So the first file of every group is read before anything else (it is the
 * image each group's first series opens on, and its header tells which visit it is), then the
 * rest of the groups take turns, a file each. Pure: no DOM, no fetching.
 */
export interface ReadingOrder<T> {
  /** Every item once: the groups' first items, then the rest interleaved group by group. */
  readonly order: T[];
  /** How many of `order`'s first items are the groups' first items. */
  readonly leads: number;
}

export function readingOrder<T>(groups: readonly (readonly T[])[]): ReadingOrder<T> {
  const filled = groups.filter((group) => group.length > 0);
  const order: T[] = filled.map((group) => group[0]);
  const longest = Math.max(0, ...filled.map((group) => group.length));
  for (let index = 1; index < longest; index += 1) {
    for (const group of filled) if (index < group.length) order.push(group[index]);
  }
  return { order, leads: filled.length };
}
