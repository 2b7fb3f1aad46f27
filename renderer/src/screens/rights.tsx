// The person's rights beyond reading (loaded lazily): the yearly statement (print on the kiosk, PDF on the web),
// "something is wrong here" and the list of requests, who looked at my record, the PIN change (also the forced
// one after a one-time PIN from the counter), and checking a document anyone holds (no login needed).
import { useState } from 'react';
import type { CertificateVerificationResult } from '../../../shared/src/bridge.ts';
import { RECORD_CATEGORIES, type RecordCategory } from '../../../shared/src/domain.ts';
import {
  formatDateTime,
  formatDateTimeInList,
  formatMoney,
  formatMonth,
  formatMonthName,
  formatNumber,
  timeZoneName,
} from '../../../shared/src/i18n.ts';
import { PIN_PATTERN } from '../../../shared/src/ids.ts';
import { DOCUMENTS } from '../../../shared/src/messages/documents.ts';
import {
  KIOSK_RIGHTS_MESSAGES,
  REQUEST_REASONS,
  type AccessWhat,
  type RequestReason,
} from '../../../shared/src/messages/kiosk-rights.ts';
import {
  pinWeakness,
  type AccessLog,
  type AccessLogItem,
  type IssuedStatement,
  type PinWeakness,
  type RecordRequestList,
  type Statement,
  type StatementYears,
} from '../../../shared/src/rights.ts';
import { KeypadField, Loading, Page, Table } from '../components.tsx';
import { useKiosk, useLoad, type Screen } from '../context.tsx';

export default function Rights({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'statement':
      return screen.year === undefined ? <StatementYearsScreen /> : <StatementScreen year={screen.year} />;
    case 'report':
      return <ReportScreen category={screen.category} year={screen.year} />;
    case 'requests':
      return <RequestsScreen />;
    case 'access-log':
      return <AccessLogScreen />;
    case 'change-pin':
      return <ChangePinScreen forced={screen.forced === true} />;
    case 'check-document':
      return <CheckDocumentScreen />;
    default:
      return null;
  }
}

function Forbidden() {
  const { m } = useKiosk();
  return (
    <p className="notice" role="alert" data-testid="forbidden">
      {m.errors.forbiddenText}
    </p>
  );
}

/** A QR code image for a document's public check address (the encoder loads only when one is shown). */
async function qrDataUrl(url: string): Promise<string> {
  const QRCode = await import('qrcode');
  return QRCode.toDataURL(url, { margin: 2, width: 240, errorCorrectionLevel: 'M' });
}

/** Lets React paint what was just set (the document's serial and QR code) before the page is printed. */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
}

// ---------------------------------------------------------------- the yearly statement

function StatementYearsScreen() {
  const { lang, bridge, go } = useKiosk();
  const t = KIOSK_RIGHTS_MESSAGES[lang].statement;
  const loaded = useLoad<StatementYears>(() => bridge.statementYears(), 'statement-years');
  const years = loaded.state === 'ready' ? [...loaded.data.years].sort((a, b) => b - a) : [];
  return (
    <Page title={t.title} asOf={loaded.state === 'ready' ? loaded.data.asOf : undefined}>
      <p className="lead">{t.intro}</p>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'forbidden' ? <Forbidden /> : null}
      {loaded.state === 'ready' && years.length === 0 ? <p>{t.none}</p> : null}
      {years.length > 0 ? (
        <>
          <h2 id="years-title">{t.chooseYear}</h2>
          <div className="choice-grid" role="group" aria-labelledby="years-title">
            {years.map((year) => (
              <button
                key={year}
                type="button"
                className="big"
                onClick={() => go({ name: 'statement', year })}
                data-testid={`statement-${year}`}
              >
                {t.yearButton(year)}
              </button>
            ))}
          </div>
        </>
      ) : null}
    </Page>
  );
}

function StatementScreen({ year }: { year: number }) {
  const { m, c, lang, bridge, go, fail, settings, session, timeZone } = useKiosk();
  const r = KIOSK_RIGHTS_MESSAGES[lang];
  const t = r.statement;
  const d = DOCUMENTS[lang];
  const loaded = useLoad<Statement>(() => bridge.statement(year), `statement-${year}`);
  const data = loaded.state === 'ready' ? loaded.data : null;
  const [issued, setIssued] = useState<{ doc: IssuedStatement; qr: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const individualPart =
    session?.role === 'insured' ? m.contributions.individualPart : m.contributions.individualPartOther;
  const web = settings.channel === 'web';

  /** The statement as a checkable document: a serial, a check code and its QR code, issued once per screen. */
  const issue = async (): Promise<{ doc: IssuedStatement; qr: string } | null> => {
    if (issued) return issued;
    const result = await bridge.statementDocument(year, lang);
    if (!result.ok) {
      fail(result.error);
      return null;
    }
    const next = { doc: result.data, qr: await qrDataUrl(result.data.issuer.verifyUrl) };
    setIssued(next);
    return next;
  };
  const print = async () => {
    setBusy(true);
    setStatus(null);
    if (await issue()) {
      await afterPaint();
      const result = await bridge.printCertificate();
      setStatus(result.ok && result.data.printed ? t.printed : t.printFailed);
    }
    setBusy(false);
  };
  const download = async () => {
    setBusy(true);
    setStatus(null);
    const done = await issue();
    if (done) {
      const bytes = Uint8Array.from(atob(done.doc.pdf), (ch) => ch.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = done.doc.fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus(t.downloaded);
    }
    setBusy(false);
  };

  const months = data?.months ?? [];
  return (
    <Page title={t.titleYear(year)} asOf={data?.asOf}>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'forbidden' ? <Forbidden /> : null}
      {status ? (
        <p className="notice no-print" role="status" data-testid="statement-status">
          {status}
        </p>
      ) : null}
      {data ? (
        <article className="document" aria-labelledby="statement-title" data-testid="statement">
          <h2 id="statement-title">
            {issued ? `${issued.doc.issuer.name[lang]} · ` : ''}
            {d.statementTitle(year)}
          </h2>
          {data.person ? (
            <dl className="facts">
              {data.person.name ? (
                <div>
                  <dt>{d.person}</dt>
                  <dd>{data.person.name}</dd>
                </div>
              ) : null}
              <div>
                <dt>{d.nationalId}</dt>
                <dd>{data.person.maskedNationalId}</dd>
              </div>
            </dl>
          ) : null}
          {data.totals ? (
            <section aria-labelledby="totals-title">
              <h3 id="totals-title">{d.totals}</h3>
              <dl className="facts" data-testid="statement-totals">
                <div>
                  <dt>{d.monthsPaid}</dt>
                  <dd>{formatNumber(data.totals.monthsPaid, lang)}</dd>
                </div>
                <div>
                  <dt>{d.amountPaid}</dt>
                  <dd>{formatMoney(data.totals.amountPaid, lang)}</dd>
                </div>
                <div>
                  <dt>{d.employerPart}</dt>
                  <dd>{formatMoney(data.totals.employerPart, lang)}</dd>
                </div>
                <div>
                  <dt>{individualPart}</dt>
                  <dd>{formatMoney(data.totals.individualPart, lang)}</dd>
                </div>
                <div className={data.totals.monthsInArrears > 0 ? 'arrears' : undefined}>
                  <dt>{d.monthsInArrears}</dt>
                  <dd>
                    {data.totals.monthsInArrears > 0
                      ? `${formatNumber(data.totals.monthsInArrears, lang)} · ${formatMoney(data.totals.arrearsAmount, lang)}`
                      : formatNumber(0, lang)}
                  </dd>
                </div>
              </dl>
            </section>
          ) : null}
          {data.months ? (
            months.length > 0 ? (
              <Table
                caption={d.months}
                head={[d.month, d.base, d.employerPart, individualPart, d.status]}
                rowClass={(i) => (months[i]?.status === 'arrears' ? 'arrears' : '')}
                testId="statement-months"
                rows={months.map((row) => [
                  formatMonth(row.month, lang),
                  formatMoney(row.base, lang),
                  formatMoney(row.employerPart, lang),
                  formatMoney(row.individualPart, lang),
                  row.status === 'arrears' ? (
                    <strong key="s" className="mark">
                      ⚠ {c.contributionStatus.arrears}
                    </strong>
                  ) : (
                    c.contributionStatus[row.status]
                  ),
                ])}
              />
            ) : (
              <p>{t.noMonths}</p>
            )
          ) : null}
          {data.cumulativeMonths?.length ? (
            <Table
              caption={d.cumulativeMonths}
              head={[m.accounts.insuranceType, m.accounts.months]}
              rows={data.cumulativeMonths.map((row) => [
                c.insuranceType[row.insuranceType],
                formatNumber(row.months, lang),
              ])}
            />
          ) : null}
          {data.accounts && (data.accounts.pension || data.accounts.medical) ? (
            <Table
              caption={d.accounts}
              head={[m.accounts.balances, d.openingBalance, d.accrual, d.interest, d.closingBalance]}
              rows={(['pension', 'medical'] as const).flatMap((kind) => {
                const a = data.accounts?.[kind];
                return a
                  ? [
                      [
                        c.account[kind],
                        formatMoney(a.openingBalance, lang),
                        formatMoney(a.accrual, lang),
                        formatMoney(a.interest, lang),
                        formatMoney(a.closingBalance, lang),
                      ],
                    ]
                  : [];
              })}
            />
          ) : null}
          {data.benefitsPaid ? (
            data.benefitsPaid.length > 0 ? (
              <Table
                caption={d.benefitsPaid}
                head={[m.benefits.benefit, m.accounts.months, m.benefits.amount]}
                rows={data.benefitsPaid.map((b) => [
                  c.benefit[b.benefit],
                  formatNumber(b.months, lang),
                  formatMoney(b.amount, lang),
                ])}
              />
            ) : (
              <p>{d.noBenefits}</p>
            )
          ) : null}
          {issued ? (
            <section className="document-check" aria-label={d.checkCode}>
              <dl className="facts">
                <div>
                  <dt>{d.serial}</dt>
                  <dd data-testid="statement-serial">{issued.doc.serial}</dd>
                </div>
                <div>
                  <dt>{d.checkCode}</dt>
                  <dd data-testid="statement-check-code">{issued.doc.checkCode}</dd>
                </div>
                <div>
                  <dt>{d.validUntil}</dt>
                  <dd>{formatDateTime(issued.doc.validUntil, lang, timeZone)}</dd>
                </div>
              </dl>
              <p className="small">{t.checkHow}</p>
              <img
                className="qr"
                src={issued.qr}
                alt={t.qrAlt}
                width={160}
                height={160}
                data-testid="statement-qr"
              />
            </section>
          ) : null}
        </article>
      ) : null}
      {data ? (
        <div className="actions reach no-print">
          {web ? (
            <button
              type="button"
              className="big primary"
              onClick={() => void download()}
              disabled={busy}
              data-testid="statement-download"
            >
              {busy ? t.preparing : t.download}
            </button>
          ) : null}
          <button
            type="button"
            className={web ? 'big' : 'big primary'}
            onClick={() => void print()}
            disabled={busy}
            data-testid="statement-print"
          >
            {busy && !web ? t.preparing : t.print}
          </button>
          <button
            type="button"
            className="big"
            onClick={() => go({ name: 'report', category: 'contributions', year })}
            data-testid="report-problem"
          >
            {r.reportProblem}
          </button>
          <button
            type="button"
            className="big"
            onClick={() => go({ name: 'statement' })}
            data-testid="statement-other-year"
          >
            {t.otherYear}
          </button>
        </div>
      ) : null}
    </Page>
  );
}

// ---------------------------------------------------------------- something is wrong here

function ReportScreen(props: { category: RecordCategory | undefined; year: number | undefined }) {
  const { c, lang, bridge, fail, go, timeZone } = useKiosk();
  const r = KIOSK_RIGHTS_MESSAGES[lang];
  const t = r.request;
  const [category, setCategory] = useState<RecordCategory | undefined>(props.category);
  const [months, setMonths] = useState<string[]>([]);
  const [reason, setReason] = useState<RequestReason | null>(null);
  const [details, setDetails] = useState('');
  const [withDetails, setWithDetails] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [receipt, setReceipt] = useState<{ reference: string; createdAt: string } | null>(null);
  const [printed, setPrinted] = useState<string | null>(null);
  const year = props.year;
  const yearMonths =
    year === undefined
      ? []
      : Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);

  const send = async () => {
    if (!category) {
      setMessage(t.chooseCategory);
      return;
    }
    if (!reason) {
      setMessage(t.chooseReason);
      return;
    }
    setBusy(true);
    setMessage(null);
    const text = details.trim();
    const result = await bridge.fileRequest({
      category,
      ...(months.length ? { months: [...months].sort() } : {}),
      description: text ? `${t.reasons[reason]}: ${text}` : t.reasons[reason],
    });
    setBusy(false);
    if (result.ok) setReceipt({ reference: result.data.reference, createdAt: result.data.createdAt });
    else if (result.error.code === 'rate_limited') setMessage(t.rateLimited);
    else if (result.error.code === 'forbidden') setForbidden(true);
    else fail(result.error);
  };

  if (receipt) {
    return (
      <Page title={t.sentTitle}>
        <article className="document" aria-labelledby="receipt-title" data-testid="request-receipt">
          <h2 id="receipt-title">{t.receiptTitle}</h2>
          <p>{t.sentText}</p>
          <dl className="facts">
            <div>
              <dt>{t.reference}</dt>
              <dd className="reference" data-testid="request-reference">
                {receipt.reference}
              </dd>
            </div>
            <div>
              <dt>{r.requests.date}</dt>
              <dd>{formatDateTime(receipt.createdAt, lang, timeZone)}</dd>
            </div>
            <div>
              <dt>{r.requests.part}</dt>
              <dd>{category ? c.category[category] : ''}</dd>
            </div>
          </dl>
          <p>{t.answerLater}</p>
        </article>
        <div className="actions reach no-print">
          <button
            type="button"
            className="big primary"
            onClick={() =>
              void bridge
                .printCertificate()
                .then((done) =>
                  setPrinted(done.ok && done.data.printed ? t.printed : r.statement.printFailed),
                )
            }
            data-testid="request-print"
          >
            {t.printReceipt}
          </button>
          <button
            type="button"
            className="big"
            onClick={() => go({ name: 'requests' })}
            data-testid="request-to-list"
          >
            {t.toList}
          </button>
        </div>
        {printed ? (
          <p className="notice no-print" role="status">
            {printed}
          </p>
        ) : null}
      </Page>
    );
  }

  return (
    <Page title={t.title}>
      <p className="lead">{t.intro}</p>
      {forbidden ? <Forbidden /> : null}
      <h2 id="report-category">{t.categoryLabel}</h2>
      <div className="choice-grid" role="group" aria-labelledby="report-category">
        {RECORD_CATEGORIES.map((cat) => (
          <button
            key={cat}
            type="button"
            aria-pressed={cat === category}
            onClick={() => {
              setCategory(cat);
              setMessage(null);
            }}
            data-testid={`report-category-${cat}`}
          >
            {c.category[cat]}
          </button>
        ))}
      </div>
      {year !== undefined ? (
        <>
          <h2 id="report-months">{t.monthsLabel(year)}</h2>
          <p className="help">{t.monthsHelp}</p>
          <div className="month-grid" role="group" aria-labelledby="report-months">
            {yearMonths.map((month) => (
              <button
                key={month}
                type="button"
                aria-pressed={months.includes(month)}
                aria-label={formatMonth(month, lang)}
                onClick={() =>
                  setMonths(months.includes(month) ? months.filter((x) => x !== month) : [...months, month])
                }
                data-testid={`report-month-${month}`}
              >
                {formatMonthName(month, lang)}
              </button>
            ))}
          </div>
        </>
      ) : null}
      <h2 id="report-reason">{t.reasonLabel}</h2>
      <div className="choice-grid" role="group" aria-labelledby="report-reason">
        {REQUEST_REASONS.map((why) => (
          <button
            key={why}
            type="button"
            aria-pressed={why === reason}
            onClick={() => {
              setReason(why);
              setMessage(null);
            }}
            data-testid={`report-reason-${why}`}
          >
            {t.reasons[why]}
          </button>
        ))}
      </div>
      {withDetails ? (
        <KeypadField
          label={t.detailsLabel}
          help={t.detailsHelp}
          value={details}
          onChange={setDetails}
          layout="words"
          maxLength={400}
          autoFocus
          testId="report-details"
        />
      ) : (
        <div className="actions">
          <button
            type="button"
            aria-expanded={false}
            onClick={() => setWithDetails(true)}
            data-testid="report-add-details"
          >
            {t.detailsLabel}
          </button>
        </div>
      )}
      {message ? (
        <p className="error" role="alert" data-testid="report-message">
          {message}
        </p>
      ) : null}
      <div className="actions reach">
        <button
          type="button"
          className="big primary"
          onClick={() => void send()}
          disabled={busy || forbidden}
          data-testid="report-send"
        >
          {busy ? t.sending : t.send}
        </button>
      </div>
    </Page>
  );
}

function RequestsScreen() {
  const { c, lang, bridge, go, timeZone } = useKiosk();
  const r = KIOSK_RIGHTS_MESSAGES[lang];
  const t = r.requests;
  const loaded = useLoad<RecordRequestList>(() => bridge.listRequests(), 'requests');
  const data = loaded.state === 'ready' ? loaded.data : null;
  const items = data ? [...data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) : [];
  return (
    <Page
      title={t.title}
      asOf={data?.asOf}
      actions={
        <button
          type="button"
          className="big primary"
          onClick={() => go({ name: 'report' })}
          data-testid="requests-new"
        >
          {t.newRequest}
        </button>
      }
    >
      <p className="lead">{t.intro}</p>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'forbidden' ? <Forbidden /> : null}
      {data && items.length === 0 ? <p data-testid="requests-none">{t.none}</p> : null}
      {items.length > 0 ? <p className="help">{r.timesIn(timeZoneName(lang, timeZone))}</p> : null}
      {items.length > 0 ? (
        <Table
          caption={t.title}
          head={[t.reference, t.date, t.part, t.months, t.status, t.answer]}
          testId="requests-list"
          rows={items.map((item) => [
            item.reference,
            formatDateTimeInList(item.createdAt, lang, timeZone),
            c.category[item.category],
            item.months.length ? item.months.map((mo) => formatMonth(mo, lang)).join(', ') : '—',
            <span key="s" data-status={item.status}>
              {t.statusName[item.status]}
            </span>,
            item.answer ?? t.noAnswer,
          ])}
        />
      ) : null}
    </Page>
  );
}

// ---------------------------------------------------------------- who looked at my record

const ACCESS_WHAT: readonly string[] = [
  ...RECORD_CATEGORIES,
  'summary',
  'certificate',
  'statement',
  'request',
  'access-log',
  'pin',
  'check',
  'login',
];
const ACCESS_PAGE = 20;

function AccessLogScreen() {
  const { m, lang, bridge, timeZone } = useKiosk();
  const r = KIOSK_RIGHTS_MESSAGES[lang];
  const t = r.accessLog;
  const loaded = useLoad<AccessLog>(() => bridge.accessLog(), 'access-log');
  const data = loaded.state === 'ready' ? loaded.data : null;
  const [page, setPage] = useState(1);
  const items = data?.items ?? [];
  const pages = Math.max(1, Math.ceil(items.length / ACCESS_PAGE));
  const shown = items.slice((page - 1) * ACCESS_PAGE, page * ACCESS_PAGE);
  const who = (item: AccessLogItem): string => {
    switch (item.who.kind) {
      case 'delegate':
        return t.whoName.delegate(item.who.maskedId);
      case 'employer':
        return t.whoName.employer(item.who.unitName);
      default:
        return t.whoName[item.who.kind];
    }
  };
  const what = (category: string): string =>
    ACCESS_WHAT.includes(category) ? t.whatName[category as AccessWhat] : t.whatElse;
  const outcome = (value: string): string =>
    value in t.outcome ? t.outcome[value as keyof typeof t.outcome] : t.outcome.other;
  return (
    <Page title={t.title} asOf={data?.asOf}>
      <p className="lead">{t.intro}</p>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'forbidden' ? <Forbidden /> : null}
      {data && items.length === 0 ? <p>{t.none}</p> : null}
      {shown.length > 0 ? (
        <>
          <p className="help">{r.timesIn(timeZoneName(lang, timeZone))}</p>
          <Table
            caption={t.caption(items.length)}
            head={[t.when, t.where, t.who, t.what, t.result]}
            testId="access-log"
            rowClass={(i) => (shown[i] && shown[i].outcome !== 'ok' ? 'arrears' : '')}
            rows={shown.map((item) => [
              formatDateTimeInList(item.at, lang, timeZone),
              t.channel[item.channel],
              who(item),
              what(item.category),
              outcome(item.outcome),
            ])}
          />
          {pages > 1 ? (
            <div className="actions">
              <button
                type="button"
                className="big"
                disabled={page <= 1}
                onClick={() => setPage(page - 1)}
                data-testid="access-previous"
              >
                {m.nav.previousPage}
              </button>
              <p>{m.nav.pageOf(page, pages)}</p>
              <button
                type="button"
                className="big"
                disabled={page >= pages}
                onClick={() => setPage(page + 1)}
                data-testid="access-next"
              >
                {m.nav.nextPage}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

// ---------------------------------------------------------------- a PIN of one's own

type PinStep = 'current' | 'new' | 'repeat' | 'done';

function ChangePinScreen({ forced }: { forced: boolean }) {
  const { m, lang, bridge, fail, go } = useKiosk();
  const t = KIOSK_RIGHTS_MESSAGES[lang].pin;
  // After a one-time PIN the bridge still holds it: the person only chooses the new one.
  const [step, setStep] = useState<PinStep>(forced ? 'new' : 'current');
  const [current, setCurrent] = useState('');
  const [fresh, setFresh] = useState('');
  const [repeat, setRepeat] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const weaknessOf = (pin: string): PinWeakness | null =>
    !forced && pin === current ? 'same_as_current' : pinWeakness(pin, null);
  const next = async () => {
    setMessage(null);
    if (step === 'current') {
      if (!PIN_PATTERN.test(current)) setMessage(m.login.pinInvalid);
      else setStep('new');
      return;
    }
    if (step === 'new') {
      const weak = PIN_PATTERN.test(fresh) ? weaknessOf(fresh) : null;
      if (!PIN_PATTERN.test(fresh)) setMessage(m.login.pinInvalid);
      else if (weak) {
        setMessage(t.weakness[weak]);
        setFresh('');
      } else setStep('repeat');
      return;
    }
    if (repeat !== fresh) {
      setMessage(t.mismatch);
      setFresh('');
      setRepeat('');
      setStep('new');
      return;
    }
    setBusy(true);
    const result = await bridge.changePin(
      forced ? { newPin: fresh } : { currentPin: current, newPin: fresh },
    );
    setBusy(false);
    setRepeat('');
    if (result.ok) {
      setCurrent('');
      setFresh('');
      setStep('done');
      return;
    }
    const field = result.error.fields?.[0];
    if (result.error.code === 'bad_request' && field?.path === 'currentPin') {
      const left = result.error.attemptsLeft;
      setMessage(left !== undefined ? `${t.wrongCurrent} ${m.login.attemptsLeft(left)}` : t.wrongCurrent);
      setCurrent('');
      setFresh('');
      setStep('current');
    } else if (result.error.code === 'bad_request' && field?.path === 'newPin') {
      const weak = field.message as PinWeakness;
      setMessage(t.weakness[weak] ?? m.login.pinInvalid);
      setFresh('');
      setStep('new');
    } else {
      fail(result.error);
    }
  };

  if (step === 'done') {
    return (
      <Page title={t.changedTitle} kind="entry">
        <p className="lead" role="status" data-testid="pin-changed">
          {t.changed}
        </p>
        <div className="actions reach">
          <button
            type="button"
            className="big primary"
            onClick={() => go({ name: 'menu' })}
            data-testid="pin-continue"
          >
            {t.continue}
          </button>
        </div>
      </Page>
    );
  }

  const field =
    step === 'current'
      ? { label: t.currentLabel, value: current, set: setCurrent, testId: 'pin-current' }
      : step === 'new'
        ? { label: t.newLabel, value: fresh, set: setFresh, testId: 'pin-new' }
        : { label: t.repeatLabel, value: repeat, set: setRepeat, testId: 'pin-repeat' };
  return (
    <Page title={forced ? t.forcedTitle : t.title} kind="entry">
      {forced ? (
        <p className="notice" data-testid="pin-forced">
          {t.forcedIntro}
        </p>
      ) : null}
      <section className="rules" aria-labelledby="pin-rules-title" data-testid="pin-rules">
        <h2 id="pin-rules-title">{t.rulesTitle}</h2>
        <ul>
          {t.rules.slice(0, forced ? -1 : undefined).map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
      </section>
      <KeypadField
        key={step}
        label={field.label}
        value={field.value}
        onChange={(v) => {
          field.set(v.replace(/\D/g, ''));
          setMessage(null);
        }}
        onEnter={() => void next()}
        layout="digits"
        maxLength={6}
        secret
        error={message}
        autoFocus
        testId={field.testId}
      />
      <div className="actions">
        <button
          type="button"
          className="big primary"
          onClick={() => void next()}
          disabled={busy}
          data-testid="pin-next"
        >
          {step === 'repeat' ? (busy ? t.changing : t.change) : t.next}
        </button>
        {step !== (forced ? 'new' : 'current') ? (
          <button
            type="button"
            className="big"
            onClick={() => {
              setCurrent('');
              setFresh('');
              setRepeat('');
              setMessage(null);
              setStep(forced ? 'new' : 'current');
            }}
          >
            {t.startOver}
          </button>
        ) : null}
      </div>
    </Page>
  );
}

// ---------------------------------------------------------------- check a document (public)

function CheckDocumentScreen() {
  const { m, lang, bridge, fail, timeZone } = useKiosk();
  const t = KIOSK_RIGHTS_MESSAGES[lang].checkDocument;
  const d = DOCUMENTS[lang];
  const [step, setStep] = useState<'serial' | 'code' | 'answer'>('serial');
  const [serial, setSerial] = useState('');
  const [code, setCode] = useState('');
  const [answer, setAnswer] = useState<CertificateVerificationResult | 'throttled' | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async () => {
    if (!code.trim()) return;
    setBusy(true);
    const result = await bridge.verifyCertificate({ serial: serial.trim(), checkCode: code.trim() });
    setBusy(false);
    if (result.ok) setAnswer(result.data);
    else if (result.error.code === 'rate_limited') setAnswer('throttled');
    else {
      fail(result.error);
      return;
    }
    setStep('answer');
  };
  const again = () => {
    setSerial('');
    setCode('');
    setStep('serial');
  };

  if (step === 'answer' && answer) {
    const doc = answer !== 'throttled' && answer.valid ? answer.document : undefined;
    const verdict =
      answer === 'throttled'
        ? { text: d.verifyThrottled, kind: 'throttled' }
        : doc
          ? { text: d.verifyValid, kind: 'valid' }
          : answer.status === 'expired'
            ? { text: d.verifyExpired, kind: 'expired' }
            : { text: d.verifyUnknown, kind: 'unknown' };
    return (
      <Page title={d.verifyTitle}>
        <p
          className={verdict.kind === 'valid' ? 'notice verdict' : 'error verdict'}
          role="status"
          data-testid="check-verdict"
          data-verdict={verdict.kind}
        >
          {verdict.text}
        </p>
        {doc ? (
          <section aria-labelledby="must-say">
            <h2 id="must-say">{d.verifyMustSay}</h2>
            <dl className="facts" data-testid="check-facts">
              <div>
                <dt>{d.documentKind}</dt>
                <dd>{d.kind[doc.kind]}</dd>
              </div>
              <div>
                <dt>{d.serial}</dt>
                <dd>{doc.serial}</dd>
              </div>
              <div>
                <dt>{d.nationalId}</dt>
                <dd>{doc.maskedNationalId}</dd>
              </div>
              <div>
                <dt>{d.period}</dt>
                <dd>
                  {formatMonth(doc.from, lang)} – {formatMonth(doc.to, lang)}
                </dd>
              </div>
              <div>
                <dt>{d.monthsPaid}</dt>
                <dd>{formatNumber(doc.monthsPaid, lang)}</dd>
              </div>
              <div>
                <dt>{d.amountPaid}</dt>
                <dd>{formatMoney(doc.amountPaid, lang)}</dd>
              </div>
              <div>
                <dt>{d.monthsInArrears}</dt>
                <dd>{formatNumber(doc.monthsInArrears, lang)}</dd>
              </div>
              <div>
                <dt>{d.issuedOn}</dt>
                <dd>{formatDateTime(doc.issuedAt, lang, timeZone)}</dd>
              </div>
              <div>
                <dt>{d.validUntil}</dt>
                <dd>{formatDateTime(doc.validUntil, lang, timeZone)}</dd>
              </div>
            </dl>
          </section>
        ) : null}
        <div className="actions reach">
          <button type="button" className="big primary" onClick={again} data-testid="check-again">
            {t.again}
          </button>
        </div>
      </Page>
    );
  }

  return (
    <Page title={d.verifyTitle} kind="entry">
      <p className="lead">{d.verifyIntro}</p>
      {step === 'serial' ? (
        <>
          <KeypadField
            key="serial"
            label={d.serial}
            help={t.serialHelp}
            value={serial}
            onChange={(v) => setSerial(v.toUpperCase())}
            onEnter={() => serial.trim() && setStep('code')}
            layout="serial"
            maxLength={40}
            autoFocus
            testId="check-serial"
          />
          <div className="actions">
            <button
              type="button"
              className="big primary"
              disabled={!serial.trim()}
              onClick={() => setStep('code')}
              data-testid="check-next"
            >
              {t.next}
            </button>
          </div>
        </>
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>{d.serial}</dt>
              <dd>{serial}</dd>
            </div>
          </dl>
          <KeypadField
            key="code"
            label={d.checkCode}
            help={t.codeHelp}
            value={code}
            onChange={(v) => setCode(v.toUpperCase())}
            onEnter={() => void check()}
            layout="alnum"
            maxLength={40}
            autoFocus
            testId="check-code"
          />
          <div className="actions">
            <button
              type="button"
              className="big primary"
              disabled={busy || !code.trim()}
              onClick={() => void check()}
              data-testid="check-submit"
            >
              {d.verifyButton}
            </button>
            <button type="button" className="big" onClick={() => setStep('serial')}>
              {m.nav.back}
            </button>
          </div>
        </>
      )}
    </Page>
  );
}
