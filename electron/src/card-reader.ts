// A keyboard-wedge ID card reader types the ID number as keystrokes ending in Enter, far faster than a hand can.
// This detector watches the window's key events and reports a card when 18 valid characters arrive in a burst.
import { normalizeNationalId } from '../../shared/src/ids.ts';

export interface KeyInput {
  type: string;
  key: string;
}

export interface CardReaderOptions {
  onCard(nationalId: string): void;
  now(): number;
  /** Longest pause between two keystrokes of the reader (a person types much slower). */
  maxGapMs?: number;
}

export interface CardReader {
  /** Feeds one key event; returns true when the event ends a card read and must not reach the page. */
  handle(input: KeyInput): boolean;
}

export function createCardReader(options: CardReaderOptions): CardReader {
  const maxGap = options.maxGapMs ?? 60;
  let buffer = '';
  let last = -Infinity;
  return {
    handle(input) {
      if (input.type !== 'keyDown') return false;
      const now = options.now();
      const gap = now - last;
      last = now;
      if (input.key === 'Enter') {
        const candidate = buffer;
        buffer = '';
        if (gap > maxGap || candidate.length !== 18) return false;
        const id = normalizeNationalId(candidate);
        if (!id) return false;
        options.onCard(id);
        return true;
      }
      if (/^[0-9Xx]$/.test(input.key)) {
        buffer = gap > maxGap ? input.key : buffer + input.key;
        if (buffer.length > 18) buffer = buffer.slice(-18);
      } else {
        buffer = '';
      }
      return false;
    },
  };
}
