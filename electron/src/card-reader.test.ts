// The keyboard-wedge detector: a fast burst of a valid ID and Enter is a card; a person typing is not.
import { describe, expect, it, vi } from 'vitest';
import { residentIdCheckChar } from '../../shared/src/ids.ts';
import { createCardReader } from './card-reader.ts';

const first17 = '11010519491231002';
const ID = first17 + residentIdCheckChar(first17);

function feed(text: string, gapMs: number) {
  let now = 1000;
  const onCard = vi.fn();
  const reader = createCardReader({ onCard, now: () => now, maxGapMs: 60 });
  const swallowed: boolean[] = [];
  for (const key of [...text.split(''), 'Enter']) {
    now += gapMs;
    swallowed.push(reader.handle({ type: 'keyDown', key }));
    swallowed.push(reader.handle({ type: 'keyUp', key }));
  }
  return { onCard, swallowed };
}

describe('card reader', () => {
  it('reports a burst of 18 valid characters and Enter, and swallows that Enter', () => {
    const { onCard, swallowed } = feed(ID, 5);
    expect(onCard).toHaveBeenCalledWith(ID);
    expect(swallowed.filter(Boolean)).toHaveLength(1);
  });

  it('ignores a person typing the same number', () => {
    expect(feed(ID, 250).onCard).not.toHaveBeenCalled();
  });

  it('ignores a burst with a wrong check character or the wrong length', () => {
    const wrong = first17 + (ID.endsWith('0') ? '1' : '0');
    expect(feed(wrong, 5).onCard).not.toHaveBeenCalled();
    expect(feed(ID.slice(1), 5).onCard).not.toHaveBeenCalled();
    expect(feed(`A${ID}`, 5).onCard).toHaveBeenCalledWith(ID);
  });
});
