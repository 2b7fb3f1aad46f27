// When an agent can take a call: `AGENT_HOURS` in the agency's time zone (`AGENCY_TIME_ZONE`, default
// Asia/Shanghai). Outside them, and without `AGENT_NUMBER`, a caller asking for an agent is offered a call-back
// instead of a transfer nobody answers.
//
// Format: one or more "DAYS HH:MM-HH:MM" separated by ";", days as ISO weekday numbers (1 = Monday … 7 = Sunday),
// a single day or a range: "1-5 09:00-18:00; 6 09:00-12:00". Unset: always (the number is staffed around the clock).

export interface AgentHours {
  /** Whether `at` falls within the hours. */
  open: (at: Date) => boolean;
  text: string;
}

interface Span {
  fromDay: number;
  toDay: number;
  from: number;
  to: number;
}

const SPAN = /^([1-7])(?:-([1-7]))?\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function parseAgentHours(value: string | undefined, timeZone = 'Asia/Shanghai'): AgentHours {
  // An unknown zone throws here, at start, not at the first call.
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const text = (value ?? '').trim();
  if (!text) return { open: () => true, text: 'always' };
  const spans: Span[] = text.split(';').map((part) => {
    const m = SPAN.exec(part.trim());
    if (!m)
      throw new Error(`AGENT_HOURS: "${part.trim()}" is not "DAYS HH:MM-HH:MM" (e.g. "1-5 09:00-18:00")`);
    const span = {
      fromDay: Number(m[1]),
      toDay: Number(m[2] ?? m[1]),
      from: Number(m[3]) * 60 + Number(m[4]),
      to: Number(m[5]) * 60 + Number(m[6]),
    };
    if (span.fromDay > span.toDay || span.from >= span.to || span.to > 24 * 60 || Number(m[4]) > 59)
      throw new Error(`AGENT_HOURS: "${part.trim()}" is not a valid range`);
    return span;
  });
  return {
    text,
    open: (at) => {
      const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
      const day = WEEKDAYS[parts.weekday ?? ''] ?? 0;
      const minute = Number(parts.hour) * 60 + Number(parts.minute);
      return spans.some((s) => day >= s.fromDay && day <= s.toDay && minute >= s.from && minute < s.to);
    },
  };
}
