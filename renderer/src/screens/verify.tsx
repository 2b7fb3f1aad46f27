// The public check page of the web channel (/verify?serial=…&code=…, where a document's QR code leads): type or
// scan the serial and the check code; the answer shows what the paper must say, and says expired and unknown
// apart. Needs no login; the API throttles checks.
import { useEffect, useState } from 'react';
import {
  DOCUMENTS,
  LANGUAGES,
  formatDate,
  formatMoney,
  formatMonth,
  isLanguage,
  type Language,
} from '@consulta/shared';
import type { CertificateVerificationResult, KioskBridge } from '../../../shared/src/bridge.ts';

export function VerifyPage({ bridge }: { bridge: KioskBridge }) {
  const params = new URLSearchParams(window.location.search);
  const initialLang = params.get('lang');
  const [lang, setLang] = useState<Language>(isLanguage(initialLang) ? initialLang : 'es');
  const [serial, setSerial] = useState(params.get('serial') ?? '');
  const [code, setCode] = useState(params.get('code') ?? '');
  const [answer, setAnswer] = useState<CertificateVerificationResult | 'throttled' | null>(null);
  const t = DOCUMENTS[lang];

  const check = async (): Promise<void> => {
    if (!serial.trim() || !code.trim()) return;
    const result = await bridge.verifyCertificate({ serial: serial.trim(), checkCode: code.trim() });
    setAnswer(result.ok ? result.data : 'throttled');
  };
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    if (serial && code) void check();
    // Only once, for the address the QR code opened.
  }, []);

  const doc = answer && answer !== 'throttled' ? answer.document : undefined;
  return (
    <main className="verify">
      <nav aria-label="language">
        {LANGUAGES.map((l) => (
          <button key={l} type="button" aria-pressed={l === lang} onClick={() => setLang(l)}>
            {l === 'es' ? 'Español' : l === 'en' ? 'English' : '中文'}
          </button>
        ))}
      </nav>
      <h1>{t.verifyTitle}</h1>
      <p>{t.verifyIntro}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        <label>
          {t.serial}
          <input value={serial} onChange={(e) => setSerial(e.target.value)} autoComplete="off" />
        </label>
        <label>
          {t.checkCode}
          <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit">{t.verifyButton}</button>
      </form>
      <div role="status" aria-live="polite">
        {answer === 'throttled' && <p>{t.verifyThrottled}</p>}
        {answer && answer !== 'throttled' && answer.status === 'expired' && <p>{t.verifyExpired}</p>}
        {answer && answer !== 'throttled' && !answer.valid && answer.status !== 'expired' && (
          <p>{t.verifyUnknown}</p>
        )}
        {doc && (
          <>
            <p>
              <strong>{t.verifyValid}</strong> {t.verifyMustSay}
            </p>
            <dl>
              <dt>{t.documentKind}</dt>
              <dd>{t.kind[doc.kind]}</dd>
              <dt>{t.serial}</dt>
              <dd>{doc.serial}</dd>
              <dt>{t.nationalId}</dt>
              <dd>{doc.maskedNationalId}</dd>
              <dt>{t.period}</dt>
              <dd>
                {formatMonth(doc.from, lang)} – {formatMonth(doc.to, lang)}
              </dd>
              <dt>{t.monthsPaid}</dt>
              <dd>{doc.monthsPaid}</dd>
              <dt>{t.amountPaid}</dt>
              <dd>{formatMoney(doc.amountPaid, lang)}</dd>
              <dt>{t.monthsInArrears}</dt>
              <dd>{doc.monthsInArrears}</dd>
              <dt>{t.issuedOn}</dt>
              <dd>{formatDate(doc.issuedAt.slice(0, 10), lang)}</dd>
              <dt>{t.validUntil}</dt>
              <dd>{formatDate(doc.validUntil.slice(0, 10), lang)}</dd>
            </dl>
          </>
        )}
      </div>
    </main>
  );
}
