// The kiosk application: language, display switches, session, idle logout and the screen being shown.
// Logging out remounts everything (a new generation), so no state of the person survives in memory or the DOM.
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ComponentType,
} from 'react';
import type { KioskBridge, KioskFailure, KioskSession, KioskSettings } from '../../shared/src/bridge.ts';
import {
  DEFAULT_LANGUAGE,
  formatDateTime,
  LANGUAGES,
  resolvedTimeZone,
  type Language,
} from '../../shared/src/i18n.ts';
import { KIOSK_LANG_TAG, KIOSK_MESSAGES } from '../../shared/src/messages/kiosk.ts';
import { Loading } from './components.tsx';
import { KioskContext, messagesFor, type KioskContextValue, type Screen } from './context.tsx';
import {
  DisclosureScreen,
  ErrorScreen,
  IdleWarning,
  LoginDelegate,
  LoginEmployer,
  LoginId,
  LoginPin,
  Start,
} from './screens/entry.tsx';

type ScreenComponent = ComponentType<{ screen: Screen }>;
// Once loaded, the record screens are rendered directly: a lazy component suspends on its first render even when
// its code is already here, and React holds a revealed Suspense boundary back for up to 300 ms.
let recordsLoaded: ScreenComponent | null = null;
let employerLoaded: ScreenComponent | null = null;
let rightsLoaded: ScreenComponent | null = null;
const loadRecords = () =>
  import('./screens/records.tsx').then((module) => {
    recordsLoaded = module.default;
    return module;
  });
const loadEmployer = () =>
  import('./screens/employer.tsx').then((module) => {
    employerLoaded = module.default;
    return module;
  });
const loadRights = () =>
  import('./screens/rights.tsx').then((module) => {
    rightsLoaded = module.default;
    return module;
  });
const LazyRecords = lazy(loadRecords);
const LazyEmployer = lazy(loadEmployer);
const LazyRights = lazy(loadRights);

/** Fetches the record screens' code while the person types, so the menu appears as soon as the PIN is accepted. */
export function prefetchRecordScreens(): void {
  void loadRecords();
  void loadEmployer();
  void loadRights();
}

/** The agency's zone: from the shell's settings (kiosk), else from the page the API served (web); both resolved. */
function timeZoneOf(settings: KioskSettings): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="agency-time-zone"]')?.content;
  return resolvedTimeZone(settings.timeZone ?? meta);
}

export function Kiosk({ bridge }: { bridge: KioskBridge }) {
  const [generation, setGeneration] = useState(0);
  const [settings, setSettings] = useState<KioskSettings | null>(null);
  // The language outlives "back to the start" but not a logout: it goes with the rest of the person's session.
  const [lang, setLang] = useState<Language>(DEFAULT_LANGUAGE);
  useEffect(() => {
    void bridge.settings().then(setSettings);
  }, [bridge]);
  const reset = useCallback((endedSession: boolean) => {
    window.speechSynthesis?.cancel();
    if (endedSession) setLang(DEFAULT_LANGUAGE);
    // Replace (not push): the entry now stands for the start screen and holds no state of the person.
    window.history.replaceState({ consulta: 0 }, '', window.location.pathname + window.location.search);
    setGeneration((g) => g + 1);
  }, []);
  if (!settings) return null;
  return (
    <App key={generation} bridge={bridge} settings={settings} lang={lang} setLang={setLang} onReset={reset} />
  );
}

const RECORD_SCREENS = new Set([
  'menu',
  'registration',
  'contributions',
  'contributions-year',
  'benefits',
  'accounts',
  'other',
  'certificate',
]);
const EMPLOYER_SCREENS = new Set(['employer-summary', 'employer-staff', 'employer-member']);
/** The person's rights beyond reading (screens/rights.tsx); checking a document needs no login. */
const RIGHTS_SCREENS = new Set(['statement', 'report', 'requests', 'access-log', 'change-pin']);

const PRE_LOGIN = new Set([
  'start',
  'disclosure',
  'login-id',
  'login-pin',
  'login-employer',
  'login-delegate',
  'check-document',
]);

function App(props: {
  bridge: KioskBridge;
  settings: KioskSettings;
  lang: Language;
  setLang(lang: Language): void;
  onReset(endedSession: boolean): void;
}) {
  const { bridge, settings, lang, setLang, onReset } = props;
  const timeZone = useMemo(() => timeZoneOf(settings), [settings]);
  const kioskLayout = (settings.layout ?? settings.channel) === 'kiosk';
  const [contrast, setContrast] = useState(false);
  const [largeText, setLargeText] = useState(false);
  const [speech, setSpeech] = useState(false);
  const [screen, setScreen] = useState<Screen>({ name: 'start' });
  const [session, setSession] = useState<KioskSession | null>(null);
  const [idleLeft, setIdleLeft] = useState<number | null>(null);
  const lastActivity = useRef(Date.now());
  const loggingOut = useRef(false);
  const hadSession = useRef(false);
  // The screens before this one, for the browser's Back button (the history itself holds only a counter).
  const previous = useRef<Screen[]>([]);
  const screenRef = useRef(screen);
  screenRef.current = screen;
  const sessionRef = useRef(session);
  sessionRef.current = session;

  // Before the first paint (a layout effect): the page is styled once, in its layout, with no restyle after it.
  useLayoutEffect(() => {
    document.documentElement.lang = KIOSK_LANG_TAG[lang];
    document.title = KIOSK_MESSAGES[lang].appTitle;
  }, [lang]);
  useLayoutEffect(() => {
    document.documentElement.dataset.contrast = contrast ? 'high' : 'normal';
    document.documentElement.dataset.text = largeText ? 'large' : 'normal';
    document.documentElement.dataset.layout = kioskLayout ? 'kiosk' : 'web';
  }, [contrast, largeText, kioskLayout]);

  // Back goes to the previous screen of this visit; it never leaves a session or shows a screen from before the
  // login (the entry is pushed again instead), and the history never holds anything of the person.
  useEffect(() => {
    if (typeof window.history.state?.consulta !== 'number')
      window.history.replaceState({ consulta: 0 }, '', window.location.pathname + window.location.search);
    const onPop = () => {
      const back = previous.current.at(-1);
      if (back && !(sessionRef.current && PRE_LOGIN.has(back.name))) {
        previous.current.pop();
        setScreen(back);
      } else if (sessionRef.current || screenRef.current.name !== 'start') {
        window.history.pushState({ consulta: previous.current.length + 1 }, '');
      }
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const speak = useCallback(
    (text: string) => {
      if (!speech || !window.speechSynthesis) return;
      window.speechSynthesis.cancel();
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = KIOSK_LANG_TAG[lang];
      window.speechSynthesis.speak(utterance);
    },
    [speech, lang],
  );

  const logout = useCallback(() => {
    if (loggingOut.current) return;
    loggingOut.current = true;
    void bridge.logout().finally(() => onReset(hadSession.current));
  }, [bridge, onReset]);

  const fail = useCallback(
    (error: KioskFailure) => {
      // A one-time PIN from the counter: the session stays, but only to choose a PIN of one's own.
      if (error.code === 'pin_change_required' && sessionRef.current) {
        previous.current.push(screenRef.current);
        window.history.pushState({ consulta: previous.current.length }, '');
        setScreen({ name: 'change-pin', forced: true });
        return;
      }
      // The person's data goes with the session: drop it now, keep only the language for the message.
      setSession(null);
      previous.current = [];
      void bridge.logout();
      setScreen(
        error.retryAt
          ? { name: 'error', code: error.code, retryAt: error.retryAt }
          : { name: 'error', code: error.code },
      );
    },
    [bridge],
  );

  const go = useCallback((next: Screen) => {
    if (next.name === 'login-id' || next.name === 'login-employer' || next.name === 'login-delegate')
      prefetchRecordScreens();
    if (next.name === 'check-document') void loadRights();
    previous.current.push(screenRef.current);
    window.history.pushState({ consulta: previous.current.length }, '');
    setScreen(next);
  }, []);

  const signIn = useCallback((s: KioskSession) => {
    performance.mark('kiosk:session-accepted');
    hadSession.current = true;
    const show = () => {
      setSession(s);
      previous.current.push(screenRef.current);
      window.history.pushState({ consulta: previous.current.length }, '');
      setScreen(
        s.role === 'employer'
          ? { name: 'employer-summary' }
          : s.mustChangePin
            ? { name: 'change-pin', forced: true }
            : { name: 'menu' },
      );
    };
    // Normally prefetched while the person typed; if not, wait for the code rather than suspend.
    const [loaded, load] =
      s.role === 'employer'
        ? [employerLoaded, loadEmployer]
        : s.mustChangePin
          ? [rightsLoaded, loadRights]
          : [recordsLoaded, loadRecords];
    if (loaded) show();
    else void load().then(show, show);
  }, []);

  // A card read at any time outside a session starts the PIN step with that ID.
  useEffect(
    () =>
      bridge.onCardRead((nationalId) => {
        if (session) return;
        lastActivity.current = Date.now();
        go({ name: 'login-pin', nationalId, fromCard: true });
      }),
    [bridge, session, go],
  );

  // Idle: everywhere but the start screen, a warning after idleWarningSeconds and logout after idleLogoutSeconds.
  const idleActive = screen.name !== 'start';
  useEffect(() => {
    if (!idleActive) {
      setIdleLeft(null);
      return;
    }
    lastActivity.current = Date.now();
    const touch = () => {
      lastActivity.current = Date.now();
    };
    const events = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, touch, { capture: true, passive: true });
    const timer = window.setInterval(() => {
      const idle = (Date.now() - lastActivity.current) / 1000;
      if (idle >= settings.idleLogoutSeconds) logout();
      else if (idle >= settings.idleWarningSeconds) setIdleLeft(Math.ceil(settings.idleLogoutSeconds - idle));
      else setIdleLeft(null);
    }, 250);
    return () => {
      for (const e of events) window.removeEventListener(e, touch, { capture: true });
      window.clearInterval(timer);
    };
  }, [idleActive, settings, logout]);

  const { m, c } = messagesFor(lang);
  const value: KioskContextValue = useMemo(
    () => ({
      lang,
      m,
      c,
      bridge,
      settings,
      timeZone,
      kioskLayout,
      largeText,
      session,
      go,
      fail,
      signIn,
      logout,
      speak,
    }),
    [
      lang,
      m,
      c,
      bridge,
      settings,
      timeZone,
      kioskLayout,
      largeText,
      session,
      go,
      fail,
      signIn,
      logout,
      speak,
    ],
  );

  const loggedIn = session !== null;
  let body;
  if (RECORD_SCREENS.has(screen.name) && session && session.role !== 'employer') {
    const Records = recordsLoaded ?? LazyRecords;
    body = <Records screen={screen} />;
  } else if (
    (RIGHTS_SCREENS.has(screen.name) && session && session.role !== 'employer') ||
    screen.name === 'check-document'
  ) {
    const Rights = rightsLoaded ?? LazyRights;
    body = <Rights screen={screen} />;
  } else if (EMPLOYER_SCREENS.has(screen.name) && session?.role === 'employer') {
    const Employer = employerLoaded ?? LazyEmployer;
    body = <Employer screen={screen} />;
  } else {
    switch (screen.name) {
      case 'disclosure':
        body = <DisclosureScreen />;
        break;
      case 'login-id':
        body = <LoginId invalid={screen.error === 'invalid'} />;
        break;
      case 'login-pin':
        body = <LoginPin nationalId={screen.nationalId} fromCard={screen.fromCard} />;
        break;
      case 'login-employer':
        body = <LoginEmployer />;
        break;
      case 'login-delegate':
        body = <LoginDelegate />;
        break;
      case 'error':
        body = (
          <ErrorScreen
            code={screen.code}
            retryAt={screen.retryAt ? formatDateTime(screen.retryAt, lang, timeZone) : null}
          />
        );
        break;
      default:
        body = <Start />;
    }
  }

  return (
    <KioskContext.Provider value={value}>
      <a className="skip" href="#main">
        {m.skipToContent}
      </a>
      <header className="top">
        <p className="brand">{m.appTitle}</p>
        <div className="switches" role="group" aria-label={m.access.toolbar}>
          <div className="languages" role="group" aria-label={m.access.language}>
            {LANGUAGES.map((l) => (
              <button
                key={l}
                type="button"
                lang={KIOSK_LANG_TAG[l]}
                aria-pressed={l === lang}
                onClick={() => setLang(l)}
                data-testid={`lang-${l}`}
              >
                {KIOSK_MESSAGES[l].languageName}
              </button>
            ))}
          </div>
          <button
            type="button"
            aria-pressed={contrast}
            onClick={() => setContrast(!contrast)}
            data-testid="contrast"
          >
            {m.access.highContrast}
          </button>
          <button
            type="button"
            aria-pressed={largeText}
            onClick={() => setLargeText(!largeText)}
            data-testid="large-text"
          >
            {m.access.largeText}
          </button>
          <button type="button" aria-pressed={speech} onClick={() => setSpeech(!speech)} data-testid="speech">
            {m.access.speech}
          </button>
        </div>
        {screen.name !== 'start' ? (
          <nav className="session-nav" aria-label={m.nav.menu}>
            {loggedIn && screen.name !== 'menu' && screen.name !== 'employer-summary' ? (
              <button
                type="button"
                onClick={() =>
                  go(session.role === 'employer' ? { name: 'employer-summary' } : { name: 'menu' })
                }
                data-testid="to-menu"
              >
                {m.nav.menu}
              </button>
            ) : null}
            <button type="button" className="logout" onClick={logout} data-testid="logout">
              {loggedIn ? m.nav.logout : m.nav.backToStart}
            </button>
          </nav>
        ) : null}
      </header>
      <main id="main">
        <Suspense fallback={<Loading />}>{body}</Suspense>
      </main>
      {idleLeft !== null ? (
        <IdleWarning
          secondsLeft={idleLeft}
          onContinue={() => {
            lastActivity.current = Date.now();
            setIdleLeft(null);
          }}
        />
      ) : null}
    </KioskContext.Provider>
  );
}
