/**
 * How close a text is to its limit, for the counter under a field. Nothing typed is ever cut: past
 * the limit the counter says by how much, and the form's check refuses it with a sentence.
 */
export interface LengthState {
  /** Shown from 80% of the limit on: far from it, a counter is noise. */
  readonly visible: boolean;
  readonly over: boolean;
  readonly text: string;
}

const numberFormat = new Intl.NumberFormat();

/** Shown from this share of the limit on. */
export const NEAR_LIMIT = 0.8;

export const lengthState = (length: number, max: number): LengthState => {
  if (length > max) {
    const excess = length - max;
    return {
      visible: true,
      over: true,
      text: `${numberFormat.format(excess)} ${excess === 1 ? 'character' : 'characters'} over the limit of ${numberFormat.format(max)}`,
    };
  }
  return {
    visible: length >= max * NEAR_LIMIT,
    over: false,
    text: `${numberFormat.format(length)} / ${numberFormat.format(max)}`,
  };
};
