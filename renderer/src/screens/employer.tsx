// The employer's screens (loaded lazily): unit totals per month, the staff list by status, one employee's months.
import { useEffect, useState } from 'react';
import type { EmployerSummary, Staff, StaffContributions } from '../../../shared/src/api.ts';
import { STAFF_STATUSES, type StaffStatus } from '../../../shared/src/domain.ts';
import {
  formatDate,
  formatMoney,
  formatMonth,
  formatMonthShort,
  formatNumber,
} from '../../../shared/src/i18n.ts';
import { BarChart, Loading, Page, Table } from '../components.tsx';
import { useKiosk, useLoad, type Screen } from '../context.tsx';

export default function Employer({ screen }: { screen: Screen }) {
  if (screen.name === 'employer-staff') return <StaffScreen />;
  if (screen.name === 'employer-member')
    return <MemberScreen ref_={screen.ref} maskedNationalId={screen.maskedNationalId} />;
  return <SummaryScreen />;
}

function EmployerNav() {
  const { m, go } = useKiosk();
  return (
    <div className="tabs" role="group" aria-label={m.employer.menuTitle}>
      <button
        type="button"
        className="big"
        onClick={() => go({ name: 'employer-summary' })}
        data-testid="employer-summary"
      >
        {m.employer.summary}
      </button>
      <button
        type="button"
        className="big"
        onClick={() => go({ name: 'employer-staff' })}
        data-testid="employer-staff"
      >
        {m.employer.staff}
      </button>
    </div>
  );
}

function SummaryScreen() {
  const { m, lang, bridge } = useKiosk();
  const t = m.employer;
  const loaded = useLoad<EmployerSummary>(() => bridge.employerSummary(), 'employer-summary');
  const data = loaded.state === 'ready' ? loaded.data : null;
  useEffect(() => {
    if (loaded.state === 'loading') return;
    const frame = requestAnimationFrame(() => performance.mark('kiosk:menu-shown'));
    return () => cancelAnimationFrame(frame);
  }, [loaded.state]);
  const months = data ? [...data.months].sort((a, b) => a.month.localeCompare(b.month)) : [];
  return (
    <Page title={data ? `${t.menuTitle}: ${data.unit.name}` : t.menuTitle} asOf={data?.asOf}>
      <EmployerNav />
      {loaded.state === 'loading' ? <Loading /> : null}
      {data ? (
        <>
          <dl className="facts" data-testid="employer-facts">
            <div>
              <dt>{t.staffCount}</dt>
              <dd>{formatNumber(data.staffCount, lang)}</dd>
            </div>
            <div className={data.staffInArrears > 0 ? 'arrears' : undefined}>
              <dt>{t.staffInArrears}</dt>
              <dd>{formatNumber(data.staffInArrears, lang)}</dd>
            </div>
            <div>
              <dt>{t.arrearsAmount}</dt>
              <dd>{formatMoney(data.arrearsAmount, lang)}</dd>
            </div>
          </dl>
          <h2>{t.summary}</h2>
          {months.length ? (
            <BarChart
              title={t.chartTitle}
              description={t.chartDescription}
              legend={m.chart.legendPaid}
              legendMarked={m.chart.legendArrears}
              testId="employer-chart"
              points={months.map((mo) => ({
                label: formatMonthShort(mo.month, lang),
                value: mo.paidAmount,
                text: formatMoney(mo.paidAmount, lang),
                marked: mo.arrearsAmount > 0,
              }))}
            />
          ) : null}
          <Table
            caption={t.summary}
            head={[
              t.month,
              t.headcount,
              t.base,
              t.employerPart,
              t.individualPart,
              t.paidAmount,
              t.arrearsAmount,
            ]}
            rowClass={(i) => ((data.months[i]?.arrearsAmount ?? 0) > 0 ? 'arrears' : '')}
            rows={data.months.map((mo) => [
              formatMonth(mo.month, lang),
              formatNumber(mo.headcount, lang),
              formatMoney(mo.base, lang),
              formatMoney(mo.employerPart, lang),
              formatMoney(mo.individualPart, lang),
              formatMoney(mo.paidAmount, lang),
              mo.arrearsAmount > 0 ? `⚠ ${formatMoney(mo.arrearsAmount, lang)}` : '—',
            ])}
          />
        </>
      ) : null}
    </Page>
  );
}

const PAGE_SIZE = 20;

function StaffScreen() {
  const { m, c, lang, bridge, go } = useKiosk();
  const t = m.employer;
  // In arrears first: the list opens on the staff who need attention.
  const [status, setStatus] = useState<StaffStatus | 'all'>('arrears');
  const [page, setPage] = useState(1);
  const loaded = useLoad<Staff>(
    () => bridge.employerStaff({ page, pageSize: PAGE_SIZE, ...(status === 'all' ? {} : { status }) }),
    `staff-${status}-${page}`,
  );
  const data = loaded.state === 'ready' ? loaded.data : null;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <Page title={t.staff} asOf={data?.asOf}>
      <EmployerNav />
      <div className="tabs" role="group" aria-label={t.filter}>
        {[...STAFF_STATUSES, 'all' as const].map((s) => (
          <button
            key={s}
            type="button"
            aria-pressed={s === status}
            onClick={() => {
              setStatus(s);
              setPage(1);
            }}
            data-testid={`staff-filter-${s}`}
          >
            {s === 'all' ? t.all : c.staffStatus[s]}
          </button>
        ))}
      </div>
      {loaded.state === 'loading' ? <Loading /> : null}
      {data && data.items.length === 0 ? <p>{t.none}</p> : null}
      {data && data.items.length > 0 ? (
        <>
          <Table
            caption={`${t.staff} · ${status === 'all' ? t.all : c.staffStatus[status]}`}
            head={[t.nationalId, t.name, t.status, t.period, t.monthsInArrears, t.latestPaidMonth, '']}
            rowClass={(i) => (data.items[i]?.status === 'arrears' ? 'arrears' : '')}
            rows={data.items.map((s) => [
              s.maskedNationalId,
              s.name ?? '—',
              s.status === 'arrears' ? `⚠ ${c.staffStatus[s.status]}` : c.staffStatus[s.status],
              `${formatMonth(s.firstMonth, lang)} – ${s.lastMonth ? formatMonth(s.lastMonth, lang) : m.registration.current}`,
              s.monthsInArrears > 0
                ? `${formatNumber(s.monthsInArrears, lang)} · ${formatMoney(s.arrearsAmount, lang)}`
                : '—',
              s.latestPaidMonth ? formatMonth(s.latestPaidMonth, lang) : '—',
              <button
                key="open"
                type="button"
                onClick={() =>
                  go({ name: 'employer-member', ref: s.ref, maskedNationalId: s.maskedNationalId })
                }
                data-testid="staff-open"
                aria-label={`${t.open}: ${s.maskedNationalId}`}
              >
                {t.open}
              </button>,
            ])}
          />
          <Pager page={page} pages={pages} onPage={setPage} />
        </>
      ) : null}
    </Page>
  );
}

function Pager(props: { page: number; pages: number; onPage(page: number): void }) {
  const { m } = useKiosk();
  if (props.pages <= 1) return null;
  return (
    <div className="actions">
      <button
        type="button"
        className="big"
        disabled={props.page <= 1}
        onClick={() => props.onPage(props.page - 1)}
      >
        {m.nav.previousPage}
      </button>
      <span>{m.nav.pageOf(props.page, props.pages)}</span>
      <button
        type="button"
        className="big"
        disabled={props.page >= props.pages}
        onClick={() => props.onPage(props.page + 1)}
        data-testid="next-page"
      >
        {m.nav.nextPage}
      </button>
    </div>
  );
}

function MemberScreen({ ref_, maskedNationalId }: { ref_: string; maskedNationalId: string }) {
  const { m, c, lang, bridge, go } = useKiosk();
  const t = m.contributions;
  const [page, setPage] = useState(1);
  const loaded = useLoad<StaffContributions>(
    () => bridge.employerStaffContributions(ref_, { page, pageSize: 60 }),
    `member-${ref_}-${page}`,
  );
  const data = loaded.state === 'ready' ? loaded.data : null;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <Page
      title={m.employer.memberTitle(maskedNationalId)}
      asOf={data?.asOf}
      actions={
        <button
          type="button"
          className="big"
          onClick={() => go({ name: 'employer-staff' })}
          data-testid="member-back"
        >
          {m.nav.back}
        </button>
      }
    >
      <p className="lead">{m.employer.memberIntro}</p>
      {loaded.state === 'loading' ? <Loading /> : null}
      {loaded.state === 'forbidden' ? <p className="notice">{m.errors.forbiddenText}</p> : null}
      {data ? (
        <>
          <Table
            caption={m.employer.memberTitle(maskedNationalId)}
            head={[
              t.month,
              m.registration.insuranceType,
              t.base,
              t.employerPart,
              m.employer.individualPart,
              t.status,
              t.paidDate,
            ]}
            rowClass={(i) => (data.items[i]?.status === 'arrears' ? 'arrears' : '')}
            rows={data.items.map((i) => [
              formatMonth(i.month, lang),
              c.insuranceType[i.insuranceType],
              formatMoney(i.base, lang),
              formatMoney(i.employerPart, lang),
              formatMoney(i.individualPart, lang),
              i.status === 'arrears' ? `⚠ ${c.contributionStatus.arrears}` : c.contributionStatus[i.status],
              i.paidDate ? formatDate(i.paidDate, lang) : '—',
            ])}
          />
          <Pager page={page} pages={pages} onPage={setPage} />
        </>
      ) : null}
    </Page>
  );
}
