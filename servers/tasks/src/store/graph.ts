/**
 * Breadth-first search for a path `from` → … → `to` along `next` edges, as the list of
 * nodes visited (both ends included), or `null` when `to` is unreachable. Used to name
 * the cycle a new dependency would close and to check parent chains. Each store supplies
 * `next` from its own queries; visiting each node once keeps it linear in the graph.
 */
export function findPath<T>(from: T, to: T, next: (node: T) => readonly T[]): T[] | null {
  const cameFrom = new Map<T, T | null>([[from, null]]);
  const queue: T[] = [from];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as T;
    if (node === to) {
      const path: T[] = [];
      for (let at: T | null | undefined = node; at !== null && at !== undefined; at = cameFrom.get(at)) path.push(at);
      return path.reverse();
    }
    for (const neighbour of next(node)) {
      if (!cameFrom.has(neighbour)) {
        cameFrom.set(neighbour, node);
        queue.push(neighbour);
      }
    }
  }
  return null;
}
