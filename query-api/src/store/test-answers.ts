// For tests that compare two records stores (SQLite and PostgreSQL; before and after a load): every records
// method's answer for one person or one employer, as one value to compare with toStrictEqual.
import type { RecordsStore } from './types.ts';

export const WHOLE = { from: '0000-01', to: '9999-12' };

/** Every records method for one person, as one comparable value. */
export async function personAnswers(r: RecordsStore, personId: number, nationalId: string | null) {
  return {
    registration: await r.registration(personId),
    months: await r.contributionMonths(personId, WHOLE),
    months2020: await r.contributionMonths(personId, { from: '2020-01', to: '2021-06' }),
    arrears: await r.contributionMonths(personId, { ...WHOLE, status: 'arrears' }),
    late: await r.contributionMonths(personId, { ...WHOLE, status: 'late' }),
    subsidies: await r.subsidies(personId, WHOLE),
    benefits: await r.benefits(personId),
    accounts: await r.accounts(personId),
    other: await r.other(personId),
    summary: await r.summaryFacts(personId, WHOLE),
    summary2019: await r.summaryFacts(personId, { from: '2019-01', to: '2022-12' }),
    credential: nationalId === null ? null : await r.findPersonCredential(nationalId),
    id: nationalId === null ? null : await r.personIdByNationalId(nationalId),
  };
}

export async function employerAnswers(r: RecordsStore, employerId: number, fromMonth: string) {
  const unit = await r.employer(employerId);
  const all = await r.staffPage(employerId, { offset: 0, limit: 500 });
  const person = all.rows[Math.floor(all.rows.length / 2)];
  return {
    unit,
    credential: unit ? await r.findEmployerCredential(unit.unitNumber) : null,
    summary: await r.employerSummary(employerId, fromMonth),
    all,
    page2: await r.staffPage(employerId, { offset: 5, limit: 5 }),
    arrears: await r.staffPage(employerId, { status: 'arrears', offset: 0, limit: 50 }),
    paid: await r.staffPage(employerId, { status: 'paid', offset: 2, limit: 20 }),
    current: await r.staffPage(employerId, { current: true, offset: 0, limit: 50 }),
    former: await r.staffPage(employerId, { current: false, offset: 0, limit: 50 }),
    lateCurrent: await r.staffPage(employerId, { status: 'late', current: true, offset: 0, limit: 50 }),
    member: person ? await r.staffMember(employerId, person.personId) : null,
    byRef: person ? await r.staffPersonByRef(employerId, person.ref) : null,
    noRef: await r.staffPersonByRef(employerId, 'no-such-ref'),
    periods: person ? await r.employmentPeriods(employerId, person.personId) : null,
    employeeMonths: person ? await r.contributionMonths(person.personId, { ...WHOLE, employerId }) : null,
  };
}
