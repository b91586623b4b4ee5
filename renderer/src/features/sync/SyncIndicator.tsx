/** The sync indicator and its panel: not built yet. */
export function SyncIndicator() {
  return null;
}
