// Whole calls of the demo employer, in every language: staff count, staff in arrears and the amount, the unit's
// latest months, one employee by ID number (its own staff only), and what can be checked by phone — figures
// checked against the API's answers, and no employee's full ID number or name ever heard.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EmployerSummary, Registration } from '../../shared/src/api.ts';
import { LANGUAGES } from '../../shared/src/i18n.ts';
import { IVR } from '../../shared/src/messages/ivr.ts';
import { speakAmount, speakCount, speakMonth } from '../../shared/src/speech.ts';
import {
  assertNothingPrivate,
  copyDataDir,
  employerLoginKeys,
  startHotline,
  type Hotline,
} from './harness.ts';

let h: Hotline;
let data: ReturnType<typeof copyDataDir>;
beforeAll(async () => {
  // A private copy: the API writes its query log, and the shared demo set stays as built for other tests.
  data = copyDataDir(inject('demoDataDir'));
  h = await startHotline(data.dir);
});
afterAll(async () => {
  await h?.close();
  data?.remove();
});

interface Member {
  status: 'paid' | 'arrears' | 'late';
  monthsInArrears: number;
  arrearsAmount: number;
  latestPaidMonth: string | null;
  firstMonth: string;
}

describe('employers hear their unit and their staff', () => {
  for (const lang of LANGUAGES) {
    it(`the current employer in ${lang}: every menu item`, async () => {
      const unit = h.creds.employers.find((e) => e.profile === 'current-employer') ?? h.creds.employers[0];
      const worker = h.creds.insured.find((p) => p.profile === 'worker-arrears');
      const retiree = h.creds.insured.find((p) => p.profile === 'retiree');
      if (!unit || !worker || !retiree) throw new Error('demo identities missing');
      const token = await h.login({
        method: 'employer-pin',
        unitNumber: unit.unitNumber,
        pin: unit.phonePin,
      });
      const summary = (await h.api<EmployerSummary>('GET', '/v1/employer/summary', token)).body;
      const lookup = await h.api<{ member: Member }>('POST', '/v1/employer/staff/lookup', token, {
        nationalId: worker.nationalId,
      });
      expect(lookup.status).toBe(200);
      const other = await h.api('POST', '/v1/employer/staff/lookup', token, {
        nationalId: retiree.nationalId,
      });
      await h.api('DELETE', '/v1/sessions/current', token);

      const m = IVR[lang];
      const call = await h.call(employerLoginKeys(lang, unit.unitNumber, unit.phonePin));
      expect(call.heardText()).toContain(m.employerMenu.long);

      const press = async (keys: string) => {
        const from = call.transcript.length;
        await call.input(keys);
        return call.heardText(from);
      };

      // 1: staff in arrears first (what employers call about), then the staff count.
      const arrears = await press('1');
      if (summary.staffInArrears > 0) {
        expect(arrears).toContain(
          m.employer.arrears(
            speakCount(summary.staffInArrears, 'person', lang),
            speakAmount(summary.arrearsAmount, lang),
          ),
        );
      } else {
        expect(arrears).toContain(m.employer.noArrears);
      }
      expect(arrears).toContain(m.employer.staffCount(speakCount(summary.staffCount, 'person', lang)));
      // After an answer the menu's keys work at once: 3 without going back first.
      const months = await press('3');
      for (const mo of [...summary.months].sort((a, b) => b.month.localeCompare(a.month)).slice(0, 3)) {
        expect(months.toLowerCase()).toContain(speakMonth(mo.month, lang).toLowerCase());
        expect(months).toContain(speakAmount(mo.paidAmount, lang));
        if (mo.arrearsAmount > 0) expect(months).toContain(speakAmount(mo.arrearsAmount, lang));
      }
      expect(months).not.toContain(m.employerMenu.long);
      await press('*');

      // One employee: by ID number, read back by its ending, with this unit's months only.
      expect(await press('2')).toContain(m.staffLookupId.long);
      const member = lookup.body.member;
      const heardMember = await press(`${worker.nationalId.replace(/X$/, '*')}#`);
      expect(heardMember).toContain(m.staffStatus[member.status]);
      if (member.monthsInArrears > 0) {
        expect(heardMember).toContain(
          m.employer.memberArrears(
            speakCount(member.monthsInArrears, 'month', lang),
            speakAmount(member.arrearsAmount, lang),
          ),
        );
      }
      if (member.latestPaidMonth) expect(heardMember).toContain(speakMonth(member.latestPaidMonth, lang));
      expect(heardMember).toContain(speakMonth(member.firstMonth, lang));
      await press('*');

      // Someone who never worked here: the same answer as an unknown number, nothing about them.
      expect(other.status).not.toBe(200);
      await press('2');
      expect(await press(`${retiree.nationalId.replace(/X$/, '*')}#`)).toContain(m.employer.notFound);
      await press('*');

      // What can be checked: the employer's own choices, not the insured person's categories.
      const disclosure = await press('4');
      expect(disclosure).toContain(m.disclosure.employerCanCheck);
      expect(disclosure).not.toContain(m.categoryNames.registration);
      expect(disclosure).toContain(m.disclosure.withheld);
      await press('#');
      expect(call.endReason).toBe('hangup');
      await call.finish();

      // The kiosk sees the worker's name: the phone never says it, nor a full ID number.
      const kioskKey = h.creds.clients.find((c) => c.channel === 'kiosk')?.key ?? '';
      const kioskLogin = await fetch(`${h.apiUrl}/v1/sessions`, {
        method: 'POST',
        headers: { 'X-Client-Key': kioskKey, 'Content-Type': 'application/json' },
        body: JSON.stringify({ method: 'pin', nationalId: worker.nationalId, pin: worker.pin }),
      });
      const kioskToken = ((await kioskLogin.json()) as { token: string }).token;
      const reg = (await (
        await fetch(`${h.apiUrl}/v1/me/registration`, {
          headers: { 'X-Client-Key': kioskKey, Authorization: `Bearer ${kioskToken}` },
        })
      ).json()) as Registration;
      assertNothingPrivate(call, [
        worker.nationalId,
        retiree.nationalId,
        reg.person.name ?? '',
        reg.person.address ?? '',
        unit.unitNumber,
      ]);
    });
  }
});
