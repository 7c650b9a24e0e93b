/**
 * The cocktail-party sources, in the order signals.ts generates them. Apart from signals.ts (which
 * pulls in the dense-matrix code and tfjs) so the page can name them without loading either.
 */
export const SOURCE_NAMES = ['sine 440 Hz', 'square 3 Hz', 'sawtooth 197 Hz'];
