/** Live updates must not lag after a bulk change: RxDB's default batch of 20 does (DESIGN §4). */
export const PULL_BATCH_SIZE = 500;
export const PUSH_BATCH_SIZE = 500;
