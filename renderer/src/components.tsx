// Building blocks shared by the screens: page frame, "information as of", tables, hand-written SVG charts, keypads.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { formatDateTime } from '../../shared/src/i18n.ts';
import { useKiosk } from './context.tsx';

/** A screen: its heading takes focus on arrival so keyboard and screen-reader users start at the top. */
export function Page(props: {
  title: string;
  asOf?: string | undefined;
  children: ReactNode;
  actions?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { speak } = useKiosk();
  useEffect(() => {
    // A field that asked for focus (the PIN) keeps it; otherwise the heading takes it.
    const section = heading.current?.parentElement;
    if (!section || !section.contains(document.activeElement)) heading.current?.focus();
    speak(props.title);
    // Announce and focus once per screen title.
  }, [props.title, speak]);
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" ref={heading} tabIndex={-1}>
        {props.title}
      </h1>
      {props.asOf ? <AsOf iso={props.asOf} /> : null}
      {props.children}
      {props.actions ? <div className="actions">{props.actions}</div> : null}
    </section>
  );
}

export function AsOf({ iso }: { iso: string }) {
  const { c, lang } = useKiosk();
  return (
    <p className="as-of" data-testid="as-of">
      {c.asOf} {formatDateTime(iso, lang)}
    </p>
  );
}

export function Loading() {
  const { m } = useKiosk();
  return (
    <p className="loading" role="status">
      {m.loading}
    </p>
  );
}

export function Table(props: {
  caption: string;
  head: string[];
  rows: ReactNode[][];
  rowClass?: (i: number) => string;
}) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={props.caption}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {props.head.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i} className={props.rowClass?.(i)}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface ChartPoint {
  label: string;
  value: number;
  /** Marks a bar (e.g. a year with arrears) with a pattern as well as colour. */
  marked?: boolean;
}

const W = 720;
const H = 260;
const PAD = { left: 16, right: 16, top: 16, bottom: 40 };

function labelEvery(n: number): number {
  return Math.max(1, Math.ceil(n / 12));
}

/** A bar chart drawn by hand in SVG; the figures are also in a table beside it (the chart is a picture of them). */
export function BarChart(props: { title: string; description: string; points: ChartPoint[] }) {
  const id = useId();
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const slot = (W - PAD.left - PAD.right) / Math.max(1, props.points.length);
  const every = labelEvery(props.points.length);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}t ${id}d`}>
        <title id={`${id}t`}>{props.title}</title>
        <desc id={`${id}d`}>{props.description}</desc>
        <defs>
          <pattern
            id={`${id}p`}
            width="8"
            height="8"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="8" height="8" className="bar-marked" />
            <line x1="0" y1="0" x2="0" y2="8" className="hatch" strokeWidth="4" />
          </pattern>
        </defs>
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="axis" />
        {props.points.map((p, i) => {
          const h = ((H - PAD.top - PAD.bottom) * p.value) / max;
          const x = PAD.left + i * slot + slot * 0.15;
          return (
            <g key={p.label}>
              <rect
                x={x}
                y={H - PAD.bottom - h}
                width={slot * 0.7}
                height={h}
                className={p.marked ? undefined : 'bar'}
                fill={p.marked ? `url(#${id}p)` : undefined}
              />
              {i % every === 0 ? (
                <text x={x + slot * 0.35} y={H - PAD.bottom + 24} textAnchor="middle" className="tick">
                  {p.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** A line chart drawn by hand in SVG (e.g. the pension account's balance at each year's end). */
export function LineChart(props: { title: string; description: string; points: ChartPoint[] }) {
  const id = useId();
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const n = props.points.length;
  // Points sit in the middle of equal slots (as the bars do) so the first and last year labels are not clipped.
  const x = (i: number) => PAD.left + ((W - PAD.left - PAD.right) * (i + 0.5)) / Math.max(1, n);
  const y = (v: number) => H - PAD.bottom - ((H - PAD.top - PAD.bottom) * v) / max;
  const path = props.points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ');
  const every = labelEvery(n);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}t ${id}d`}>
        <title id={`${id}t`}>{props.title}</title>
        <desc id={`${id}d`}>{props.description}</desc>
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="axis" />
        <path d={path} className="line" fill="none" strokeWidth="4" />
        {props.points.map((p, i) => (
          <g key={p.label}>
            <circle cx={x(i)} cy={y(p.value)} r="6" className="dot" />
            {i % every === 0 ? (
              <text x={x(i)} y={H - PAD.bottom + 24} textAnchor="middle" className="tick">
                {p.label}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
    </figure>
  );
}

export type KeypadLayout = 'digits' | 'id' | 'alnum' | 'text';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const DIGITS = '1234567890'.split('');
const SYMBOLS = ['-', '_', '.', '@'];

/**
 * A large on-screen keypad bound to a real input, so a physical keyboard works too. Secret fields are masked and
 * their keys are never spoken.
 */
export function KeypadField(props: {
  label: string;
  help?: string;
  value: string;
  onChange(value: string): void;
  onEnter?(): void;
  layout: KeypadLayout;
  maxLength: number;
  secret?: boolean;
  error?: string | null;
  autoFocus?: boolean;
  testId: string;
}) {
  const { m } = useKiosk();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [lower, setLower] = useState(false);
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, [props.autoFocus]);
  const keys =
    props.layout === 'digits'
      ? DIGITS
      : props.layout === 'id'
        ? [...DIGITS, 'X']
        : [
            ...DIGITS,
            ...LETTERS.map((l) => (props.layout === 'text' && lower ? l.toLowerCase() : l)),
            ...(props.layout === 'text' ? SYMBOLS : []),
          ];
  const press = (key: string) => {
    if (props.value.length < props.maxLength) props.onChange(props.value + key);
  };
  const describedBy =
    [props.help ? `${id}h` : '', props.error ? `${id}e` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={`${id}i`}>{props.label}</label>
      {props.help ? (
        <p id={`${id}h`} className="help">
          {props.help}
        </p>
      ) : null}
      <input
        id={`${id}i`}
        ref={input}
        data-testid={props.testId}
        type={props.secret ? 'password' : 'text'}
        inputMode="none"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        maxLength={props.maxLength}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => props.onChange(e.target.value.slice(0, props.maxLength))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') props.onEnter?.();
        }}
      />
      {props.error ? (
        <p id={`${id}e`} className="error" role="alert">
          {props.error}
        </p>
      ) : null}
      <div
        className={`keypad keypad-${props.layout}`}
        role="group"
        aria-label={`${m.keypad.label}: ${props.label}`}
      >
        {keys.map((key) => (
          <button key={key} type="button" className="key" onClick={() => press(key)}>
            {key}
          </button>
        ))}
        {props.layout === 'text' ? (
          <button
            type="button"
            className="key key-wide"
            aria-pressed={!lower}
            onClick={() => setLower(!lower)}
          >
            {m.keypad.shift}
          </button>
        ) : null}
        <button
          type="button"
          className="key key-wide"
          onClick={() => props.onChange(props.value.slice(0, -1))}
        >
          {m.keypad.delete}
        </button>
        <button type="button" className="key key-wide" onClick={() => props.onChange('')}>
          {m.keypad.clear}
        </button>
      </div>
    </div>
  );
}
