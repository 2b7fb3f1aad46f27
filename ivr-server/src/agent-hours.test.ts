// Agent hours in the agency's time zone: open and closed on either side of each edge, weekends, several spans.
import { describe, expect, it } from 'vitest';
import { parseAgentHours } from './agent-hours.ts';

describe('parseAgentHours', () => {
  it('is always open when unset', () => {
    expect(parseAgentHours(undefined).open(new Date('2026-12-06T03:00:00Z'))).toBe(true);
  });
  it('opens and closes on the minute, in the agency time zone', () => {
    const h = parseAgentHours('1-5 09:00-18:00; 6 09:00-12:00', 'Asia/Shanghai');
    // 2026-12-01 is a Tuesday; 09:00 in Shanghai is 01:00 UTC.
    expect(h.open(new Date('2026-12-01T00:59:00Z'))).toBe(false);
    expect(h.open(new Date('2026-12-01T01:00:00Z'))).toBe(true);
    expect(h.open(new Date('2026-12-01T09:59:00Z'))).toBe(true);
    expect(h.open(new Date('2026-12-01T10:00:00Z'))).toBe(false);
    // Saturday morning open, afternoon closed; Sunday closed.
    expect(h.open(new Date('2026-12-05T02:00:00Z'))).toBe(true);
    expect(h.open(new Date('2026-12-05T05:00:00Z'))).toBe(false);
    expect(h.open(new Date('2026-12-06T02:00:00Z'))).toBe(false);
    // The same instant in another zone is another local time.
    expect(parseAgentHours('1-5 09:00-18:00', 'Europe/Madrid').open(new Date('2026-12-01T01:00:00Z'))).toBe(
      false,
    );
  });
  it('refuses what it cannot read', () => {
    for (const bad of ['weekdays', '1-5 9-18', '5-1 09:00-18:00', '1 18:00-09:00', '8 09:00-10:00'])
      expect(() => parseAgentHours(bad)).toThrow(/AGENT_HOURS/);
  });
});
