// Building blocks shared by the screens: page frame, "information as of", tables that turn into cards when they do
// not fit, bar charts with title, values and legend, and the keypads. Layout lives here and in styles.css, so a
// new screen built from these inherits the kiosk's portrait layout and the web's responsive one.
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { formatDateTime } from '../../shared/src/i18n.ts';
import { useKiosk } from './context.tsx';

/** A screen: its heading takes focus on arrival so keyboard and screen-reader users start at the top. */
export function Page(props: {
  title: string;
  asOf?: string | undefined;
  children: ReactNode;
  actions?: ReactNode;
  /** `entry`: a screen built around a keypad or big choices, laid out for the reach zone on the kiosk. */
  kind?: 'entry' | 'content';
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
    <section className={`page page-${props.kind ?? 'content'}`} aria-labelledby="page-title">
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
  const { c, lang, timeZone } = useKiosk();
  return (
    <p className="as-of" data-testid="as-of">
      {c.asOf} {formatDateTime(iso, lang, timeZone)}
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

/**
 * A table; when its columns do not fit the width (a phone, large text, a long language) it is shown as one card
 * per row, each value under its column's name, so nothing is cut and nothing scrolls sideways.
 */
export function Table(props: {
  caption: string;
  head: string[];
  rows: ReactNode[][];
  rowClass?: (i: number) => string;
  testId?: string;
}) {
  const { lang, largeText } = useKiosk();
  const wrap = useRef<HTMLDivElement>(null);
  const layoutKey = `${lang}|${largeText}|${props.rows.length}|${props.head.join('|')}`;
  const [state, setState] = useState<{ key: string; stacked: boolean; natural: number }>({
    key: layoutKey,
    stacked: false,
    natural: 0,
  });
  const current = state.key === layoutKey ? state : { key: layoutKey, stacked: false, natural: 0 };
  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const check = () => {
      const table = el.querySelector('table');
      if (table) {
        const natural = table.scrollWidth;
        if (natural > el.clientWidth + 1) setState({ key: layoutKey, stacked: true, natural });
        else if (current !== state) setState(current);
      } else if (current.natural > 0 && current.natural <= el.clientWidth) {
        setState({ key: layoutKey, stacked: false, natural: 0 });
      }
    };
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    return () => observer.disconnect();
  });
  const cls = (i: number) => props.rowClass?.(i) || undefined;
  if (current.stacked) {
    return (
      <div className="table-wrap stacked" ref={wrap} data-testid={props.testId}>
        <h3 className="caption">{props.caption}</h3>
        <ul className="cards">
          {props.rows.map((row, i) => (
            <li key={i} className={cls(i)}>
              <p className="card-title">{row[0]}</p>
              <dl>
                {row.slice(1).map((cell, j) =>
                  cell === '' || cell === null ? null : (
                    <div key={j}>
                      {props.head[j + 1] ? <dt>{props.head[j + 1]}</dt> : null}
                      <dd>{cell}</dd>
                    </div>
                  ),
                )}
              </dl>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div className="table-wrap" ref={wrap} data-testid={props.testId}>
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
            <tr key={i} className={cls(i)}>
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

export interface ChartPoint {
  label: string;
  value: number;
  /** The value as shown beside its bar (formatted money, a count). */
  text: string;
  /** Marks a bar (e.g. a year with arrears) with a hatch pattern as well as colour. */
  marked?: boolean;
}

/**
 * A horizontal bar chart: a visible title, each bar with its label and its value beside it, and a legend when
 * some bars are marked. Bars run across so labels and values never collide, at any width or text size.
 */
export function BarChart(props: {
  title: string;
  description: string;
  points: ChartPoint[];
  legend: string;
  legendMarked?: string;
  testId?: string;
}) {
  const { m } = useKiosk();
  const id = useId();
  const max = Math.max(1, ...props.points.map((p) => p.value));
  const anyMarked = props.points.some((p) => p.marked);
  return (
    <figure
      className="chart"
      aria-labelledby={`${id}t`}
      aria-describedby={`${id}d`}
      data-testid={props.testId}
    >
      <figcaption>
        <span id={`${id}t`} className="chart-title">
          {props.title}
        </span>
        <span id={`${id}d`} className="visually-hidden">
          {props.description}
        </span>
      </figcaption>
      <ul className="legend">
        <li>
          <span className="swatch" aria-hidden="true" />
          {props.legend}
        </li>
        {anyMarked && props.legendMarked ? (
          <li>
            <span className="swatch marked" aria-hidden="true" />
            {props.legendMarked}
          </li>
        ) : null}
      </ul>
      <ol className="bars">
        {props.points.map((p) => (
          <li key={p.label} className={p.marked ? 'marked' : undefined}>
            <span className="bar-label">{p.label}</span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar" style={{ width: `${Math.max(0.5, (100 * p.value) / max)}%` }} />
            </span>
            <span className="bar-value">
              {p.text}
              {p.marked ? <span className="visually-hidden"> ({m.chart.withArrears})</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </figure>
  );
}

/**
 * digits (a PIN), id (an ID number: digits and X), alnum (capitals and digits), serial (alnum and the dash of a
 * document's serial number), text (both cases and a few symbols: passwords), words (text with a space bar).
 */
export type KeypadLayout = 'digits' | 'id' | 'alnum' | 'serial' | 'text' | 'words';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const DIGITS = '1234567890'.split('');
const SYMBOLS = ['-', '_', '.', '@'];

/**
 * A large on-screen keypad bound to a real input, so a physical keyboard works too. On the kiosk the keypad is
 * the keyboard (the input asks the system for none); on the web the device's own keyboard is used for letters,
 * and the digit keypads are offered beside it. Secret fields are masked and their keys are never spoken.
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
  const { m, kioskLayout } = useKiosk();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [lower, setLower] = useState(false);
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, [props.autoFocus]);
  const numeric = props.layout === 'digits';
  const showKeypad = kioskLayout || numeric || props.layout === 'id';
  const cased = props.layout === 'text' || props.layout === 'words';
  const keys = numeric
    ? DIGITS
    : props.layout === 'id'
      ? [...DIGITS, 'X']
      : [
          ...DIGITS,
          ...LETTERS.map((l) => (cased && lower ? l.toLowerCase() : l)),
          ...(cased ? SYMBOLS : props.layout === 'serial' ? ['-'] : []),
        ];
  const press = (key: string) => {
    if (props.value.length < props.maxLength) props.onChange(props.value + key);
  };
  const describedBy =
    [props.help ? `${id}h` : '', props.error ? `${id}e` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${showKeypad ? ' with-keypad' : ''}`}>
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
        inputMode={kioskLayout ? 'none' : numeric ? 'numeric' : 'text'}
        autoComplete="off"
        autoCapitalize={cased ? 'off' : 'characters'}
        autoCorrect="off"
        spellCheck={false}
        enterKeyHint="next"
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
      {showKeypad ? (
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
          {cased ? (
            <button
              type="button"
              className="key key-wide"
              aria-pressed={!lower}
              onClick={() => setLower(!lower)}
            >
              {m.keypad.shift}
            </button>
          ) : null}
          {props.layout === 'words' ? (
            <button type="button" className="key key-space" onClick={() => press(' ')}>
              {m.keypad.space}
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
      ) : null}
    </div>
  );
}
