// The record's screens for an insured person or a delegate (loaded lazily): the menu, the five categories
// and the contribution certificate.
import { useEffect, useState } from 'react';
import type {
  Accounts,
  Benefits,
  Certificate,
  Contributions,
  Other,
  RegionName,
  Registration,
  Summary,
} from '../../../shared/src/api.ts';
import {
  INSURANCE_TYPES,
  RECORD_CATEGORIES,
  type InsuranceType,
  type RecordCategory,
} from '../../../shared/src/domain.ts';
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatMonth,
  formatNumber,
  type Language,
} from '../../../shared/src/i18n.ts';
import { KIOSK_RIGHTS_MESSAGES } from '../../../shared/src/messages/kiosk-rights.ts';
import { BarChart, Loading, Page, Table } from '../components.tsx';
import { useKiosk, useLoad, type Screen } from '../context.tsx';

/**
 * A region by name in the person's language (Chinese: the local name, 成都市; English and Spanish: Chengdu), the
 * code kept as a tooltip for staff helping at the kiosk; the bare code when the record has no name for it.
 */
function Region({ code, name, lang }: { code: string; name: RegionName | undefined; lang: Language }) {
  if (!name) return <>{code}</>;
  return <span title={code}>{lang === 'zh-CN' ? name.local : name.en}</span>;
}

export default function Records({ screen }: { screen: Screen }) {
  switch (screen.name) {
    case 'registration':
      return <RegistrationScreen />;
    case 'contributions':
      return <ContributionsScreen />;
    case 'contributions-year':
      return <YearScreen year={screen.year} />;
    case 'benefits':
      return <BenefitsScreen />;
    case 'accounts':
      return <AccountsScreen />;
    case 'other':
      return <OtherScreen />;
    case 'certificate':
      return <CertificateScreen />;
    default:
      return <Menu />;
  }
}

function Menu() {
  const { m, c, lang, bridge, session, go } = useKiosk();
  const r = KIOSK_RIGHTS_MESSAGES[lang];
  const summary = useLoad<Summary>(() => bridge.summary(), 'summary');
  useEffect(() => {
    if (summary.state === 'loading') return;
    // Measured by the benchmark: from the session being accepted to the menu painted with its summary.
    const frame = requestAnimationFrame(() => performance.mark('kiosk:menu-shown'));
    return () => cancelAnimationFrame(frame);
  }, [summary.state]);
  const allowed = (category: RecordCategory) =>
    session?.role !== 'delegate' || !session.scope || session.scope.categories.includes(category);
  return (
    <Page
      kind="entry"
      title={session?.role === 'delegate' ? m.menu.titleDelegate : m.menu.title}
      asOf={summary.state === 'ready' ? summary.data.asOf : undefined}
    >
      {session?.role === 'delegate' && session.scope ? (
        <p className="notice">{m.menu.delegateIntro(formatDate(session.scope.validUntil, lang))}</p>
      ) : null}
      {summary.state === 'ready' ? (
        <section className="summary" aria-labelledby="summary-title" data-testid="summary">
          <h2 id="summary-title">{m.menu.summaryTitle}</h2>
          <dl>
            {summary.data.latestPaidMonth !== undefined ? (
              <div>
                <dt>{m.menu.latestPaidMonth}</dt>
                <dd>
                  {summary.data.latestPaidMonth ? formatMonth(summary.data.latestPaidMonth, lang) : '—'}
                </dd>
              </div>
            ) : null}
            {summary.data.monthsInArrears !== undefined ? (
              <div className={summary.data.monthsInArrears > 0 ? 'arrears' : undefined}>
                <dt>{m.menu.monthsInArrears}</dt>
                <dd>
                  {summary.data.monthsInArrears > 0
                    ? `${formatNumber(summary.data.monthsInArrears, lang)} (${formatMoney(summary.data.arrearsAmount ?? 0, lang)})`
                    : m.menu.noArrears}
                </dd>
              </div>
            ) : null}
            {summary.data.lastBenefitPayment ? (
              <div data-testid="summary-benefit">
                <dt>{m.menu.lastBenefit}</dt>
                <dd>
                  {m.menu.lastBenefitValue(
                    c.benefit[summary.data.lastBenefitPayment.benefit],
                    formatMonth(summary.data.lastBenefitPayment.period, lang),
                    formatMoney(summary.data.lastBenefitPayment.amount, lang),
                    formatDate(summary.data.lastBenefitPayment.paidDate, lang),
                  )}
                </dd>
              </div>
            ) : null}
            {(summary.data.balances ?? []).map((b) => (
              <div key={b.kind}>
                <dt>{c.account[b.kind]}</dt>
                <dd>{formatMoney(b.balance, lang)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : summary.state === 'loading' ? (
        <Loading />
      ) : null}
      <p className="lead">{m.menu.intro}</p>
      <div className="menu-grid">
        {RECORD_CATEGORIES.map((category) => (
          <button
            key={category}
            type="button"
            className="big"
            disabled={!allowed(category)}
            onClick={() => go({ name: category })}
            data-testid={`menu-${category}`}
          >
            {c.category[category]}
            {!allowed(category) ? <span className="note"> ({m.menu.notInAuthorisation})</span> : null}
          </button>
        ))}
        {session?.role === 'insured' ? (
          <button
            type="button"
            className="big primary"
            onClick={() => go({ name: 'certificate' })}
            data-testid="menu-certificate"
          >
            {m.menu.certificate}
          </button>
        ) : null}
      </div>
      <h2 id="more-title">{r.menu.title}</h2>
      <div className="menu-grid more" role="group" aria-labelledby="more-title">
        <button
          type="button"
          className="big"
          onClick={() => go({ name: 'statement' })}
          data-testid="menu-statement"
        >
          {r.menu.statement}
        </button>
        <button
          type="button"
          className="big"
          onClick={() => go({ name: 'requests' })}
          data-testid="menu-requests"
        >
          {r.menu.requests}
        </button>
        {session?.role === 'insured' ? (
          <>
            <button
              type="button"
              className="big"
              onClick={() => go({ name: 'access-log' })}
              data-testid="menu-access-log"
            >
              {r.menu.accessLog}
            </button>
            <button
              type="button"
              className="big"
              onClick={() => go({ name: 'change-pin' })}
              data-testid="menu-change-pin"
            >
              {r.menu.changePin}
            </button>
          </>
        ) : null}
      </div>
    </Page>
  );
}

/** A corrected field in words: `address`, `name`, `base:YYYY-MM`; anything else as "a detail of the record". */
function correctedField(
  field: string,
  lang: Language,
  names: { address: string; name: string; base: (month: string) => string; other: string },
): string {
  if (field === 'address' || field === 'name') return names[field];
  const base = /^base:(\d{4}-\d{2})$/.exec(field);
  return base?.[1] ? names.base(formatMonth(base[1], lang)) : names.other;
}

/** "Something is wrong here": a request to check this part of the record (and this year, when one is open). */
function ReportButton({ category, year }: { category: RecordCategory; year?: number }) {
  const { lang, go } = useKiosk();
  return (
    <button
      type="button"
      className="big"
      onClick={() =>
        go(year === undefined ? { name: 'report', category } : { name: 'report', category, year })
      }
      data-testid="report-problem"
    >
      {KIOSK_RIGHTS_MESSAGES[lang].reportProblem}
    </button>
  );
}

function Forbidden() {
  const { m } = useKiosk();
  return (
    <p className="notice" role="alert" data-testid="forbidden">
      {m.errors.forbiddenText}
    </p>
  );
}

function RegistrationScreen() {
  const { m, c, lang, bridge } = useKiosk();
  const r = m.registration;
  const loaded = useLoad<Registration>(() => bridge.registration(), 'registration');
  const data = loaded.state === 'ready' ? loaded.data : null;
  return (
    <Page
      title={c.category.registration}
      asOf={data?.asOf}
      actions={<ReportButton category="registration" />}
    >
      {loaded.state === 'forbidden' ? <Forbidden /> : null}
      {loaded.state === 'loading' ? <Loading /> : null}
      {data ? (
        <>
          <section aria-labelledby="person-title">
            <h2 id="person-title">{r.person}</h2>
            <dl className="facts">
              {data.person.name ? (
                <div>
                  <dt>{r.name}</dt>
                  <dd data-testid="person-name">{data.person.name}</dd>
                </div>
              ) : null}
              <div>
                <dt>{r.nationalId}</dt>
                <dd>{data.person.nationalId}</dd>
              </div>
              <div>
                <dt>{r.sex}</dt>
                <dd>{r.sexes[data.person.sex]}</dd>
              </div>
              <div>
                <dt>{r.birthDate}</dt>
                <dd>{formatDate(data.person.birthDate, lang)}</dd>
              </div>
              {data.person.address ? (
                <div>
                  <dt>{r.address}</dt>
                  <dd>{data.person.address}</dd>
                </div>
              ) : null}
              <div>
                <dt>{r.registeredOn}</dt>
                <dd>{formatDate(data.person.registeredOn, lang)}</dd>
              </div>
              <div>
                <dt>{r.region}</dt>
                <dd>
                  <Region code={data.person.region} name={data.person.regionName} lang={lang} />
                </dd>
              </div>
              <div>
                <dt>{r.status}</dt>
                <dd>{r.personStatus[data.person.status]}</dd>
              </div>
            </dl>
          </section>
          <Table
            caption={r.enrolments}
            head={[r.insuranceType, r.since, r.until, r.status]}
            rows={data.enrolments.map((e) => [
              c.insuranceType[e.insuranceType],
              formatMonth(e.since, lang),
              e.until ? formatMonth(e.until, lang) : r.current,
              r.enrolmentStatus[e.status],
            ])}
          />
          <Table
            caption={r.employment}
            head={[r.employer, r.unitNumber, r.firstMonth, r.lastMonth]}
            rows={data.employment.map((e) => [
              e.employerName,
              e.unitNumber,
              formatMonth(e.firstMonth, lang),
              e.lastMonth ? formatMonth(e.lastMonth, lang) : r.current,
            ])}
          />
        </>
      ) : null}
    </Page>
  );
}

function ContributionsScreen() {
  const { m, c, lang, bridge, go, session } = useKiosk();
  const t = m.contributions;
  const individualPart = session?.role === 'insured' ? t.individualPart : t.individualPartOther;
  const overview = useLoad<Contributions>(() => bridge.contributions({ pageSize: 1 }), 'contributions-years');
  const data = overview.state === 'ready' ? overview.data : null;
  const years = data?.years ?? [];
  return (
    <Page
      title={c.category.contributions}
      asOf={data?.asOf}
      actions={<ReportButton category="contributions" />}
    >
      {overview.state === 'forbidden' ? <Forbidden /> : null}
      {overview.state === 'loading' ? <Loading /> : null}
      {data && years.length === 0 ? <p>{t.none}</p> : null}
      {data && years.length > 0 ? (
        <>
          <BarChart
            title={t.chartTitle}
            description={t.chartDescription(
              years.length,
              String(years[0]?.year),
              String(years[years.length - 1]?.year),
            )}
            legend={m.chart.legendPaid}
            legendMarked={m.chart.legendArrears}
            testId="contributions-chart"
            points={years.map((y) => ({
              label: String(y.year),
              value: y.employerPart + y.individualPart,
              text: formatMoney(y.employerPart + y.individualPart, lang),
              marked: y.arrearsMonths > 0,
            }))}
          />
          <p className="help">{t.yearsHelp}</p>
          <Table
            caption={t.years}
            head={[t.year, t.months, t.employerPart, individualPart, t.arrears, '']}
            rowClass={(i) => ((years[i]?.arrearsMonths ?? 0) > 0 ? 'arrears' : '')}
            rows={years.map((y) => [
              String(y.year),
              formatNumber(y.months, lang),
              formatMoney(y.employerPart, lang),
              formatMoney(y.individualPart, lang),
              y.arrearsMonths > 0
                ? `⚠ ${formatNumber(y.arrearsMonths, lang)} · ${formatMoney(y.arrearsAmount, lang)}`
                : '—',
              <button
                key="open"
                type="button"
                onClick={() => go({ name: 'contributions-year', year: y.year })}
                data-testid={`year-${y.year}`}
              >
                {t.openYear(y.year)}
              </button>,
            ])}
          />
          {data.subsidies.length > 0 ? (
            <Table
              caption={t.subsidies}
              head={[t.month, t.subsidy, t.amount]}
              rows={data.subsidies.map((s) => [
                formatMonth(s.month, lang),
                s.kind in t.subsidyKind ? t.subsidyKind[s.kind as keyof typeof t.subsidyKind] : t.subsidy,
                formatMoney(s.amount, lang),
              ])}
            />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

function YearScreen({ year }: { year: number }) {
  const { m, c, lang, bridge, go, session } = useKiosk();
  const t = m.contributions;
  const individualPart = session?.role === 'insured' ? t.individualPart : t.individualPartOther;
  const loaded = useLoad<Contributions>(
    () => bridge.contributions({ from: `${year}-01`, to: `${year}-12`, pageSize: 200 }),
    `contributions-${year}`,
  );
  const data = loaded.state === 'ready' ? loaded.data : null;
  const present = INSURANCE_TYPES.filter((type) => data?.items.some((i) => i.insuranceType === type));
  const [chosen, setChosen] = useState<InsuranceType | null>(null);
  const type = chosen && present.includes(chosen) ? chosen : present[0];
  const items = (data?.items ?? [])
    .filter((i) => i.insuranceType === type)
    .sort((a, b) => a.month.localeCompare(b.month));
  return (
    <Page
      title={t.monthsOf(year)}
      asOf={data?.asOf}
      actions={
        <>
          <button
            type="button"
            className="big"
            onClick={() => go({ name: 'contributions' })}
            data-testid="years-back"
          >
            {t.allYears}
          </button>
          <ReportButton category="contributions" year={year} />
        </>
      }
    >
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'forbidden' ? <Forbidden /> : null}
      {present.length > 1 ? (
        <div className="tabs" role="group" aria-label={m.registration.insuranceType}>
          {present.map((p) => (
            <button
              key={p}
              type="button"
              aria-pressed={p === type}
              onClick={() => setChosen(p)}
              data-testid={`type-${p}`}
            >
              {c.insuranceType[p]}
            </button>
          ))}
        </div>
      ) : null}
      {type ? (
        <Table
          caption={`${c.insuranceType[type]} · ${year}`}
          head={[t.month, t.base, t.employerPart, individualPart, t.status, t.paidDate]}
          rowClass={(i) => (items[i]?.status === 'arrears' ? 'arrears' : '')}
          rows={items.map((i) => [
            formatMonth(i.month, lang),
            formatMoney(i.base, lang),
            formatMoney(i.employerPart, lang),
            formatMoney(i.individualPart, lang),
            i.status === 'arrears' ? (
              <strong key="s" className="mark">
                ⚠ {c.contributionStatus.arrears}
              </strong>
            ) : (
              c.contributionStatus[i.status]
            ),
            i.paidDate ? formatDate(i.paidDate, lang) : '—',
          ])}
        />
      ) : data ? (
        <p>{t.none}</p>
      ) : null}
    </Page>
  );
}

function BenefitsScreen() {
  const { m, c, lang, bridge } = useKiosk();
  const t = m.benefits;
  const loaded = useLoad<Benefits>(() => bridge.benefits(), 'benefits');
  const data = loaded.state === 'ready' ? loaded.data : null;
  const payments = data
    ? [...data.payments].sort((a, b) => b.period.localeCompare(a.period)).slice(0, 24)
    : [];
  return (
    <Page title={c.category.benefits} asOf={data?.asOf} actions={<ReportButton category="benefits" />}>
      {loaded.state === 'forbidden' ? <Forbidden /> : null}
      {loaded.state === 'loading' ? <Loading /> : null}
      {data ? (
        <>
          <Table
            caption={t.eligibility}
            head={[t.benefit, t.eligible, t.since, t.until, t.monthlyAmount]}
            rows={data.eligibility.map((e) => [
              c.benefit[e.benefit],
              e.eligible ? t.yes : t.no,
              e.since ? formatDate(e.since, lang) : '—',
              e.until ? formatDate(e.until, lang) : '—',
              e.monthlyAmount !== null ? formatMoney(e.monthlyAmount, lang) : '—',
            ])}
          />
          {payments.length ? (
            <Table
              caption={t.payments}
              head={[t.period, t.benefit, t.amount, t.paidDate]}
              rows={payments.map((p) => [
                formatMonth(p.period, lang),
                c.benefit[p.benefit],
                formatMoney(p.amount, lang),
                formatDate(p.paidDate, lang),
              ])}
            />
          ) : (
            <p>{t.none}</p>
          )}
        </>
      ) : null}
    </Page>
  );
}

function AccountsScreen() {
  const { m, c, lang, bridge } = useKiosk();
  const t = m.accounts;
  const loaded = useLoad<Accounts>(() => bridge.accounts(), 'accounts');
  const data = loaded.state === 'ready' ? loaded.data : null;
  const pension = data?.accounts.find((a) => a.kind === 'pension');
  const years = pension ? [...pension.years].sort((a, b) => a.year - b.year) : [];
  const movements = data
    ? data.accounts
        .flatMap((a) => a.movements.map((mv) => ({ ...mv, account: a.kind })))
        .sort((a, b) => b.date.localeCompare(a.date))
        .slice(0, 12)
    : [];
  return (
    <Page title={c.category.accounts} asOf={data?.asOf} actions={<ReportButton category="accounts" />}>
      {loaded.state === 'forbidden' ? <Forbidden /> : null}
      {loaded.state === 'loading' ? <Loading /> : null}
      {data ? (
        <>
          <Table
            caption={t.periods}
            head={[t.insuranceType, t.months]}
            rows={data.periods.map((p) => [c.insuranceType[p.insuranceType], formatNumber(p.months, lang)])}
          />
          <Table
            caption={t.balances}
            head={[t.balances, t.balance]}
            rows={data.accounts.map((a) => [c.account[a.kind], formatMoney(a.balance, lang)])}
          />
          {years.length > 0 ? (
            <>
              <BarChart
                title={t.chartTitle}
                description={t.chartDescription(
                  String(years[0]?.year),
                  String(years[years.length - 1]?.year),
                )}
                legend={m.chart.legendBalance}
                testId="accounts-chart"
                points={years.map((y) => ({
                  label: String(y.year),
                  value: y.closingBalance,
                  text: formatMoney(y.closingBalance, lang),
                }))}
              />
              <Table
                caption={t.chartTitle}
                head={[t.year, t.accrual, t.interest, t.closingBalance]}
                rows={years.map((y) => [
                  String(y.year),
                  formatMoney(y.accrual, lang),
                  formatMoney(y.interest, lang),
                  formatMoney(y.closingBalance, lang),
                ])}
              />
            </>
          ) : null}
          {movements.length ? (
            <Table
              caption={t.movements}
              head={[t.date, t.balances, t.kind, t.amount, t.balanceAfter]}
              rows={movements.map((mv) => [
                formatDate(mv.date, lang),
                c.account[mv.account],
                t.movementKind[mv.kind],
                formatMoney(mv.amount, lang),
                formatMoney(mv.balanceAfter, lang),
              ])}
            />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

function OtherScreen() {
  const { m, c, lang, bridge } = useKiosk();
  const t = m.other;
  const loaded = useLoad<Other>(() => bridge.other(), 'other');
  const data = loaded.state === 'ready' ? loaded.data : null;
  return (
    <Page title={c.category.other} asOf={data?.asOf} actions={<ReportButton category="other" />}>
      {loaded.state === 'forbidden' ? <Forbidden /> : null}
      {loaded.state === 'loading' ? <Loading /> : null}
      {data ? (
        <>
          {data.transfers.length ? (
            <Table
              caption={t.transfers}
              head={[t.date, t.fromRegion, t.toRegion, t.months, t.funds]}
              rows={data.transfers.map((x) => [
                formatDate(x.date, lang),
                <Region code={x.fromRegion} name={x.fromRegionName} lang={lang} />,
                <Region code={x.toRegion} name={x.toRegionName} lang={lang} />,
                formatNumber(x.months, lang),
                formatMoney(x.fundsTransferred, lang),
              ])}
            />
          ) : (
            <p>
              {t.transfers}: {t.none}
            </p>
          )}
          {data.corrections.length ? (
            <Table
              caption={t.corrections}
              head={[t.date, t.category, t.field, t.reason]}
              rows={data.corrections.map((x) => [
                formatDate(x.date, lang),
                c.category[x.category],
                correctedField(x.field, lang, t.fieldName),
                t.reasonName[x.reason as keyof typeof t.reasonName] ?? t.reasonName.other,
              ])}
            />
          ) : (
            <p>
              {t.corrections}: {t.none}
            </p>
          )}
        </>
      ) : null}
    </Page>
  );
}

function CertificateScreen() {
  const { m, c, lang, bridge, fail, timeZone } = useKiosk();
  const t = m.certificate;
  const [cert, setCert] = useState<Certificate | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  // The QR code leads to the public check page; the encoder loads only when a certificate is shown.
  const verifyUrl = cert?.issuer?.verifyUrl;
  useEffect(() => {
    if (!verifyUrl) return;
    let current = true;
    void import('qrcode')
      .then((QRCode) => QRCode.toDataURL(verifyUrl, { margin: 2, width: 240, errorCorrectionLevel: 'M' }))
      .then((url) => {
        if (current) setQr(url);
      });
    return () => {
      current = false;
    };
  }, [verifyUrl]);
  const issue = async () => {
    setBusy(true);
    const result = await bridge.issueCertificate({});
    setBusy(false);
    if (result.ok) setCert(result.data);
    else fail(result.error);
  };
  const print = async () => {
    const result = await bridge.printCertificate();
    setStatus(result.ok && result.data.printed ? t.printed : t.printFailed);
  };
  return (
    <Page title={t.title}>
      {!cert ? (
        <>
          <p className="lead">{t.intro}</p>
          <div className="actions">
            <button
              type="button"
              className="big primary"
              onClick={() => void issue()}
              disabled={busy}
              data-testid="certificate-issue"
            >
              {busy ? m.loading : t.issue}
            </button>
          </div>
        </>
      ) : (
        <>
          <h2 className="no-print">{t.preview}</h2>
          <article className="certificate" aria-labelledby="cert-title" data-testid="certificate">
            <h2 id="cert-title">
              {cert.issuer?.name[lang] ?? c.agency} · {c.certificate}
            </h2>
            <dl className="facts">
              <div>
                <dt>{t.serial}</dt>
                <dd data-testid="certificate-serial">{cert.serial}</dd>
              </div>
              <div>
                <dt>{t.checkCode}</dt>
                <dd data-testid="certificate-check-code">{cert.checkCode}</dd>
              </div>
              <div>
                <dt>{t.holder}</dt>
                <dd>
                  {cert.holder.name} · {cert.holder.maskedNationalId}
                </dd>
              </div>
              <div>
                <dt>{t.issuedAt}</dt>
                <dd>{formatDateTime(cert.issuedAt, lang, timeZone)}</dd>
              </div>
              <div>
                <dt>{t.validUntil}</dt>
                <dd>{formatDateTime(cert.validUntil, lang, timeZone)}</dd>
              </div>
            </dl>
            <p>{t.period(formatMonth(cert.from, lang), formatMonth(cert.to, lang))}</p>
            <Table
              caption={c.certificate}
              head={[t.insuranceType, t.months, t.employerPart, t.individualPart]}
              rows={cert.lines.map((l) => [
                c.insuranceType[l.insuranceType],
                formatNumber(l.months, lang),
                formatMoney(l.employerPart, lang),
                formatMoney(l.individualPart, lang),
              ])}
            />
            <p>
              {t.arrearsMonths}: {formatNumber(cert.arrearsMonths, lang)}
            </p>
            <p className="small">{t.verifyHow}</p>
            {qr ? (
              <img
                className="qr"
                src={qr}
                alt={t.qrAlt}
                width={160}
                height={160}
                data-testid="certificate-qr"
              />
            ) : null}
          </article>
          <div className="actions no-print">
            <button
              type="button"
              className="big primary"
              onClick={() => void print()}
              data-testid="certificate-print"
            >
              {t.print}
            </button>
          </div>
          {status ? (
            <p className="notice no-print" role="status">
              {status}
            </p>
          ) : null}
        </>
      )}
    </Page>
  );
}
