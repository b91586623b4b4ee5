/**
 * Pages of the initial pull, chosen by measurement (docs/SYNC.md "Batch sizes"): fewer, larger
 * transactions and round trips than RxDB's default of 20, which also lags live updates after a
 * bulk change (DESIGN §4).
 */
export const PULL_BATCH_SIZE = 1000;
export const PUSH_BATCH_SIZE = 500;
