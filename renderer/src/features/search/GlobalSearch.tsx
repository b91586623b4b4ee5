/** The global search box: not built yet. */
export function GlobalSearch() {
  return null;
}
