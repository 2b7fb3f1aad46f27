// The screens before and around a session: start, disclosure, the three logins, errors and the idle warning.
import { useEffect, useRef, useState } from 'react';
import type { KioskFailure, KioskLogin } from '../../../shared/src/bridge.ts';
import type { Disclosure, ProblemCode } from '../../../shared/src/api.ts';
import { RECORD_CATEGORIES, ROLES, CHANNELS } from '../../../shared/src/domain.ts';
import {
  maskNationalId,
  normalizeNationalId,
  PIN_PATTERN,
  UNIT_NUMBER_PATTERN,
} from '../../../shared/src/ids.ts';
import { KeypadField, Loading, Page, Table } from '../components.tsx';
import { useKiosk, useLoad } from '../context.tsx';

export function Start() {
  const { m, go, speak } = useKiosk();
  useEffect(() => speak(m.speech.start), [speak, m]);
  return (
    <Page title={m.start.title} kind="entry">
      <p className="lead">{m.start.intro}</p>
      <div className="start-grid">
        <p className="card-hint">
          <span aria-hidden="true" className="card-icon" />
          {m.start.insertCard}
        </p>
        <button
          type="button"
          className="big primary"
          onClick={() => go({ name: 'login-id' })}
          data-testid="start-insured"
        >
          {m.start.typeId}
        </button>
        <button
          type="button"
          className="big"
          onClick={() => go({ name: 'login-employer' })}
          data-testid="start-employer"
        >
          {m.start.employer}
        </button>
        <button
          type="button"
          className="big"
          onClick={() => go({ name: 'login-delegate' })}
          data-testid="start-delegate"
        >
          {m.start.delegate}
        </button>
        <button
          type="button"
          className="big"
          onClick={() => go({ name: 'disclosure' })}
          data-testid="start-disclosure"
        >
          {m.start.disclosure}
        </button>
        <button
          type="button"
          className="big"
          onClick={() => go({ name: 'check-document' })}
          data-testid="start-check-document"
        >
          {m.start.checkDocument}
        </button>
      </div>
    </Page>
  );
}

export function DisclosureScreen() {
  const { m, c, bridge } = useKiosk();
  const loaded = useLoad<Disclosure>(() => bridge.disclosure(), 'disclosure');
  return (
    <Page title={m.disclosure.title}>
      <p className="lead">{m.disclosure.intro}</p>
      {loaded.state !== 'ready' ? (
        <Loading />
      ) : (
        ROLES.map((role) => (
          <Table
            key={role}
            caption={m.disclosure.role[role]}
            head={[m.disclosure.category, ...CHANNELS.map((ch) => m.disclosure.channel[ch])]}
            rows={RECORD_CATEGORIES.map((category) => [
              c.category[category],
              ...CHANNELS.map((ch) => {
                const rule = loaded.data.rules.find(
                  (r) => r.role === role && r.channel === ch && r.category === category,
                );
                if (!rule || !rule.allowed) return m.disclosure.notAllowed;
                return rule.withheld.length
                  ? `${m.disclosure.allowed} (${m.disclosure.withheld}: ${rule.withheld
                      .map((field) => m.disclosure.withheldField[field])
                      .join(', ')})`
                  : m.disclosure.allowed;
              }),
            ])}
          />
        ))
      )}
    </Page>
  );
}

/** Maps a failed login to a message on the form, or hands lock-out and outages to the error screen. */
function useLogin() {
  const { m, bridge, fail, signIn } = useKiosk();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (request: KioskLogin) => {
    setBusy(true);
    setMessage(null);
    const result = await bridge.login(request);
    if (result.ok) {
      signIn(result.data);
      return;
    }
    setBusy(false);
    const error: KioskFailure = result.error;
    if (error.code === 'invalid_credentials' || error.code === 'bad_request') {
      setMessage(
        error.attemptsLeft !== undefined
          ? `${m.login.wrong} ${m.login.attemptsLeft(error.attemptsLeft)}`
          : m.login.wrong,
      );
    } else if (error.code === 'rate_limited') {
      setMessage(m.login.rateLimited);
    } else {
      fail(error);
    }
  };
  return { busy, message, setMessage, submit };
}

export function LoginId({ invalid }: { invalid: boolean }) {
  const { m, go } = useKiosk();
  const [id, setId] = useState('');
  const [error, setError] = useState<string | null>(invalid ? m.login.idInvalid : null);
  const next = () => {
    const normalized = normalizeNationalId(id);
    if (!normalized) {
      setError(m.login.idInvalid);
      return;
    }
    go({ name: 'login-pin', nationalId: normalized, fromCard: false });
  };
  return (
    <Page title={m.login.idTitle} kind="entry">
      <KeypadField
        label={m.login.idLabel}
        help={m.login.idHelp}
        value={id}
        onChange={(v) => {
          setId(v.toUpperCase());
          setError(null);
        }}
        onEnter={next}
        layout="id"
        maxLength={18}
        error={error}
        testId="national-id"
      />
      <div className="actions">
        <button type="button" className="big primary" onClick={next} data-testid="id-next">
          {m.login.next}
        </button>
      </div>
    </Page>
  );
}

export function LoginPin({ nationalId, fromCard }: { nationalId: string; fromCard: boolean }) {
  const { m, go, speak } = useKiosk();
  const [pin, setPin] = useState('');
  const { busy, message, setMessage, submit } = useLogin();
  const [forgotOpen, setForgotOpen] = useState(false);
  useEffect(() => speak(m.speech.pin), [speak, m]);
  const send = () => {
    if (!PIN_PATTERN.test(pin)) {
      setMessage(m.login.pinInvalid);
      return;
    }
    void submit({ method: 'pin', nationalId, pin });
    setPin('');
  };
  return (
    <Page title={m.login.pinTitle} kind="entry">
      {fromCard ? <p className="notice">{m.login.cardRead}</p> : null}
      <p className="lead">{m.login.forID(maskNationalId(nationalId))}</p>
      <KeypadField
        label={m.login.pinLabel}
        help={m.login.pinHelp}
        value={pin}
        onChange={(v) => {
          setPin(v.replace(/\D/g, ''));
          setMessage(null);
        }}
        onEnter={send}
        layout="digits"
        maxLength={6}
        secret
        error={message}
        autoFocus
        testId="pin"
      />
      <div className="actions">
        <button type="button" className="big primary" onClick={send} disabled={busy} data-testid="pin-submit">
          {busy ? m.login.checking : m.login.submit}
        </button>
        <button type="button" className="big" onClick={() => go({ name: 'login-id' })}>
          {m.login.changeId}
        </button>
      </div>
      <ForgotPin open={forgotOpen} onToggle={() => setForgotOpen(!forgotOpen)} />
    </Page>
  );
}

/** What to do when the PIN is forgotten: where to go and what to bring (no PIN is ever given by phone). */
function ForgotPin({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const { m } = useKiosk();
  const t = m.login.forgotPin;
  return (
    <div className="forgot-pin">
      <button
        type="button"
        className="link-like"
        aria-expanded={open}
        aria-controls="forgot-pin-text"
        onClick={onToggle}
        data-testid="forgot-pin"
      >
        {t.button}
      </button>
      <div id="forgot-pin-text" hidden={!open} className="notice" data-testid="forgot-pin-text">
        <h2>{t.title}</h2>
        <p>{t.text}</p>
        <p>{t.bring}</p>
      </div>
    </div>
  );
}

export function LoginEmployer() {
  const { m } = useKiosk();
  const [unit, setUnit] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<'unit' | 'password'>('unit');
  const { busy, message, setMessage, submit } = useLogin();
  const nextStep = () => {
    if (!UNIT_NUMBER_PATTERN.test(unit)) setMessage(m.login.unitInvalid);
    else setStep('password');
  };
  const send = () => {
    if (!password) return;
    void submit({ method: 'employer', unitNumber: unit, password });
    setPassword('');
  };
  return (
    <Page title={m.login.employerTitle} kind="entry">
      {step === 'unit' ? (
        <>
          <KeypadField
            label={m.login.unitLabel}
            help={m.login.unitHelp}
            value={unit}
            onChange={(v) => {
              setUnit(v.toUpperCase());
              setMessage(null);
            }}
            onEnter={nextStep}
            layout="alnum"
            maxLength={18}
            error={message}
            autoFocus
            testId="unit-number"
          />
          <div className="actions">
            <button type="button" className="big primary" onClick={nextStep} data-testid="unit-next">
              {m.login.next}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="lead">{`${m.login.unitLabel}: ${unit}`}</p>
          <KeypadField
            label={m.login.passwordLabel}
            value={password}
            onChange={(v) => {
              setPassword(v);
              setMessage(null);
            }}
            onEnter={send}
            layout="text"
            maxLength={128}
            secret
            error={message}
            autoFocus
            testId="password"
          />
          <div className="actions">
            <button
              type="button"
              className="big primary"
              onClick={send}
              disabled={busy}
              data-testid="employer-submit"
            >
              {busy ? m.login.checking : m.login.submit}
            </button>
            <button type="button" className="big" onClick={() => setStep('unit')}>
              {m.nav.back}
            </button>
          </div>
        </>
      )}
    </Page>
  );
}

export function LoginDelegate() {
  const { m } = useKiosk();
  const [id, setId] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'id' | 'code'>('id');
  const { busy, message, setMessage, submit } = useLogin();
  const nextStep = () => {
    if (!normalizeNationalId(id)) setMessage(m.login.idInvalid);
    else setStep('code');
  };
  const send = () => {
    if (code.length < 4) {
      setMessage(m.login.codeInvalid);
      return;
    }
    void submit({
      method: 'delegate',
      delegateNationalId: normalizeNationalId(id) ?? id,
      authorizationCode: code,
    });
    setCode('');
  };
  return (
    <Page title={m.login.delegateTitle} kind="entry">
      <p className="lead">{m.login.codeHelp}</p>
      {step === 'id' ? (
        <>
          <KeypadField
            label={m.login.delegateIdLabel}
            value={id}
            onChange={(v) => {
              setId(v.toUpperCase());
              setMessage(null);
            }}
            onEnter={nextStep}
            layout="id"
            maxLength={18}
            error={message}
            autoFocus
            testId="delegate-id"
          />
          <div className="actions">
            <button type="button" className="big primary" onClick={nextStep} data-testid="delegate-next">
              {m.login.next}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="lead">{m.login.forID(maskNationalId(id))}</p>
          <KeypadField
            label={m.login.codeLabel}
            value={code}
            onChange={(v) => {
              setCode(v.toUpperCase());
              setMessage(null);
            }}
            onEnter={send}
            layout="alnum"
            maxLength={32}
            secret
            error={message}
            autoFocus
            testId="authorization-code"
          />
          <div className="actions">
            <button
              type="button"
              className="big primary"
              onClick={send}
              disabled={busy}
              data-testid="delegate-submit"
            >
              {busy ? m.login.checking : m.login.submit}
            </button>
            <button type="button" className="big" onClick={() => setStep('id')}>
              {m.nav.back}
            </button>
          </div>
        </>
      )}
    </Page>
  );
}

/** The test id groups codes the way the person experiences them (tests and support scripts rely on it). */
function errorGroup(code: ProblemCode | 'network'): string {
  if (code === 'network' || code === 'store_unavailable' || code === 'log_unavailable') return 'network';
  if (code === 'session_expired' || code === 'unauthenticated') return 'expired';
  return code;
}

export function ErrorScreen(props: { code: ProblemCode | 'network'; retryAt: string | null }) {
  const { m, logout } = useKiosk();
  const problem = m.errors.problems[props.code] ?? m.errors.problems.internal;
  const text = props.code === 'locked' ? m.errors.lockedText(props.retryAt) : problem.text;
  return (
    <Page title={problem.title}>
      <p className="lead" role="alert" data-testid={`error-${errorGroup(props.code)}`} data-code={props.code}>
        {text}
      </p>
      <div className="actions">
        <button type="button" className="big primary" onClick={logout} data-testid="error-back">
          {m.nav.backToStart}
        </button>
      </div>
    </Page>
  );
}

export function IdleWarning(props: { secondsLeft: number; onContinue(): void }) {
  const { m } = useKiosk();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    button.current?.focus();
  }, []);
  return (
    <div className="overlay">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-text"
        className="dialog"
        data-testid="idle-warning"
      >
        <h2 id="idle-title">{m.idle.title}</h2>
        <p id="idle-text" aria-live="polite">
          {m.idle.text(props.secondsLeft)}
        </p>
        <button
          ref={button}
          type="button"
          className="huge primary"
          onClick={props.onContinue}
          data-testid="idle-continue"
        >
          {m.idle.continue}
        </button>
      </div>
    </div>
  );
}
