// The phone hotline's prompts, answers and phrase tables in es, en and zh-CN. Figures arrive already spoken (see
// ../speech.ts); the templates only place them in a sentence. The phrase tables (`words`) are what a caller may
// say instead of pressing a key, per menu and option, in the language the recogniser listens in; `keys` are the
// number words that stand for a key ("two", "dos", "二"). Menus announce at most five choices, most used first,
// and every prompt stays under 15 seconds of speech in every language (`npm run bench` measures them).
import type { EnrolmentStatus, PersonStatus, RecordCategory, StaffStatus } from '../domain.ts';
import type { Language } from '../i18n.ts';
import type { Spoken } from '../speech.ts';

export interface IvrPrompt {
  /** Said the first time and when the caller asks to hear it again. */
  long: string;
  /** Said after a wrong or missing answer. */
  short: string;
}

/** Who looked at a record, as the access log names them. */
export type AccessWho = 'self' | 'delegate' | 'employer' | 'agency' | 'public' | 'unknown';

export interface IvrWords {
  /** The three languages' names as a caller says them in this language (the language menu). */
  language: Record<Language, string[]>;
  who: Record<'insured' | 'employer' | 'disclosure', string[]>;
  confirm: Record<'yes' | 'no', string[]>;
  insuredMenu: Record<'contributions' | 'benefits' | 'accounts' | 'more', string[]>;
  moreMenu: Record<'registration' | 'other' | 'statement' | 'accessLog' | 'callback', string[]>;
  employerMenu: Record<'arrears' | 'lookup' | 'months' | 'disclosure', string[]>;
  /** Understood wherever the key is: 9 repeat, 0 agent, * menu, # end, 5 details (after an answer). */
  common: Record<'repeat' | 'agent' | 'menu' | 'end' | 'details', string[]>;
  callback: Record<'yes', string[]>;
}

export interface IvrMessages {
  /** "a, b and c" in this language. */
  list: (items: string[]) => string;
  /** The record's categories as the phone names them mid-sentence. */
  categoryNames: Record<RecordCategory, string>;
  /** A region named by its code (the record holds codes): "region 4 4 0 3 0 0". */
  region: (code: Spoken) => Spoken;
  /** This language's line in the short trilingual greeting, said in this language's voice. */
  languageOption: string;
  words: IvrWords;
  /** Number words for each key, and the words around them ("press two", "按二"), for a key said aloud. */
  keys: Record<string, string[]>;
  keyFillers: string[];
  noInput: string;
  invalid: string;
  tooManyFailures: string;
  who: IvrPrompt;
  nationalId: IvrPrompt & { invalid: string };
  confirmId: { long: (ending: Spoken) => Spoken; short: (ending: Spoken) => Spoken };
  pin: IvrPrompt & { invalid: string; forgot: string };
  unitNumber: IvrPrompt & { invalid: string };
  employerPin: IvrPrompt & { invalid: string };
  wrongCredentials: (attemptsLeft: number | null) => string;
  locked: (wait: string | null) => string;
  /** A one-time PIN from the counter: it must be changed at a kiosk or on the website before the phone. */
  oneTimePin: string;
  loggedIn: string;
  insuredMenu: IvrPrompt;
  moreMenu: IvrPrompt;
  employerMenu: IvrPrompt;
  afterAnswer: IvrPrompt & { details: string };
  staffLookupId: IvrPrompt;
  callback: {
    offer: IvrPrompt;
    done: IvrPrompt;
    received: (reference: Spoken) => Spoken;
    recordReceived: (reference: Spoken) => Spoken;
    /** What a call-back request about the record says, as the agency and the person later read it. */
    recordDescription: string;
    noNumber: string;
    failed: string;
  };
  apiDown: string;
  rateLimited: string;
  sessionExpired: string;
  transferring: string;
  /** No agent now (no number, or outside the hours): the call-back offer follows. */
  noAgentNow: string;
  goodbye: string;
  asOf: (date: string) => string;
  personStatus: Record<PersonStatus, string>;
  enrolmentStatus: Record<EnrolmentStatus, string>;
  /** An employee's contribution status as the phone says it ("is …"). */
  staffStatus: Record<StaffStatus, string>;
  registration: {
    registeredOn: (date: string) => string;
    status: (status: string) => string;
    enrolment: (insurance: string, status: string, since: string) => string;
    noEnrolment: string;
  };
  contributions: {
    latestPaid: (month: string) => string;
    nonePaid: string;
    month: (month: string, yours: string, employers: string, status: string) => string;
    arrears: (months: string, amount: string) => string;
    arrearsMonths: (months: string[], more: number) => string;
    noArrears: string;
  };
  benefits: {
    /** A benefit being paid: since when and how much a month. */
    receiving: (benefit: string, since: string | null, monthly: string | null) => string;
    /** Benefits the person may claim when the need arises (insurance in force), said as a list. */
    covered: (benefits: string) => string;
    noEligibility: string;
    lastPayment: (benefit: string, period: string, amount: string, paidOn: string) => string;
    noPayments: string;
  };
  accounts: {
    period: (insurance: string, period: string) => string;
    noPeriods: string;
    balance: (account: string, amount: string) => string;
    /** A year's credits; `accrual` is null when nothing but interest was credited (e.g. after retirement). */
    year: (year: number, accrual: string | null, interest: string) => string;
  };
  other: {
    transfers: (count: number) => string;
    transfer: (date: string, from: Spoken, to: Spoken, months: string, funds: string) => Spoken;
    noTransfers: string;
    corrections: (count: number, latest: string, category: string) => string;
    noCorrections: string;
  };
  statement: {
    paid: (year: number, months: string, amount: string) => string;
    arrears: (months: string, amount: string) => string;
    noArrears: string;
    balances: (year: number, pension: string, medical: string) => string;
    none: string;
  };
  accessLog: {
    intro: (count: number) => string;
    none: string;
    entry: (date: string, channel: string, who: Spoken, what: string, refused: boolean) => Spoken;
    channel: Record<string, string>;
    who: Record<Exclude<AccessWho, 'delegate' | 'employer'>, string> & {
      delegate: (ending: Spoken | null) => Spoken;
      employer: (unit: string | null) => string;
    };
    /** A login (a failed one is how a person learns someone tried their ID). */
    login: string;
    /** Anything else (a certificate, a statement). */
    otherWhat: string;
  };
  disclosure: {
    canCheck: (categories: string[]) => string;
    insuredCanCheck: (categories: string[]) => string;
    employerCanCheck: string;
    withheld: string;
    elsewhere: string;
    elsewhereEmployer: string;
  };
  employer: {
    staffCount: (people: string) => string;
    arrears: (people: string, amount: string) => string;
    noArrears: string;
    month: (month: string, people: string, paid: string, arrears: string | null) => string;
    noMonths: string;
    member: (ending: Spoken, status: string) => Spoken;
    memberArrears: (months: string, amount: string) => string;
    memberLatestPaid: (month: string) => string;
    memberPeriod: (from: string, to: string | null) => string;
    notFound: string;
  };
}

const list = (items: string[], and: string): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;

const en: IvrMessages = {
  list: (items) => list(items, 'and'),
  categoryNames: {
    registration: 'your registration',
    contributions: 'contributions',
    benefits: 'benefits',
    accounts: 'months of contributions and account balances',
    other: 'transfers and corrections',
  },
  region: (code) => ['region ', ...code],
  languageOption: 'For English, press 2.',
  words: {
    language: {
      es: ['spanish', 'español', 'espanol'],
      en: ['english'],
      'zh-CN': ['chinese', 'mandarin'],
    },
    who: {
      insured: ['insured', 'myself', 'my record', 'my own', 'personal'],
      employer: ['employer', 'company', 'unit', 'business'],
      disclosure: ['what can i check', 'information', 'what can you do'],
    },
    confirm: {
      yes: ['yes', 'yeah', 'right', 'correct'],
      no: ['no', 'not', 'nope', 'wrong', 'incorrect', 'again'],
    },
    insuredMenu: {
      contributions: ['contribution', 'contributions', 'arrears', 'payments', 'debt', 'owe'],
      benefits: ['benefit', 'benefits', 'pension', 'retirement'],
      accounts: ['account', 'accounts', 'balance', 'balances'],
      more: ['more', 'other', 'something else', 'more options'],
    },
    moreMenu: {
      registration: ['registration', 'enrolment', 'enrollment', 'registered'],
      other: ['transfer', 'transfers', 'correction', 'corrections'],
      statement: ['statement', 'yearly', 'annual'],
      accessLog: ['who looked', 'who has looked', 'access', 'looked at'],
      callback: ['call back', 'call me', 'callback', 'call-back', 'request'],
    },
    employerMenu: {
      arrears: ['arrears', 'unpaid', 'owed', 'debt', 'staff'],
      lookup: ['employee', 'one employee', 'worker', 'look up'],
      months: ['months', 'totals', 'latest', 'monthly'],
      disclosure: ['what can i check', 'information'],
    },
    common: {
      repeat: ['repeat', 'say that again', 'help'],
      agent: ['agent', 'operator', 'representative', 'talk to a person', 'a person', 'human'],
      menu: ['menu', 'main menu', 'go back'],
      end: ['goodbye', 'bye', 'end', 'hang up'],
      details: ['details', 'detail', 'month by month'],
    },
    callback: { yes: ['yes', 'call me', 'call me back', 'please'] },
  },
  keys: {
    '0': ['zero', 'oh'],
    '1': ['one'],
    '2': ['two'],
    '3': ['three'],
    '4': ['four'],
    '5': ['five'],
    '6': ['six'],
    '7': ['seven'],
    '8': ['eight'],
    '9': ['nine'],
    '*': ['star'],
    '#': ['pound', 'hash'],
  },
  keyFillers: ['press', 'option', 'number', 'the', 'please', 'key'],
  noInput: "I didn't hear anything.",
  invalid: "Sorry, I didn't get that.",
  tooManyFailures: "Sorry, I still couldn't understand you.",
  who: {
    long: 'Insured person, press 1. Employer, press 2. To hear what you can check by phone, press 3. For an agent, press 0.',
    short: 'Insured person, 1. Employer, 2. What you can check, 3. Agent, 0.',
  },
  nationalId: {
    long: 'Type your ID number, then press pound. For the letter X, press star.',
    short: 'Type your ID number, then press pound. Star alone goes back.',
    invalid: 'That is not a valid ID number.',
  },
  confirmId: {
    long: (ending) => [
      'Your ID number ends in ',
      ...ending,
      '. If that is right, press 1. To type it again, press 2.',
    ],
    short: (ending) => ['Ending in ', ...ending, '. Right, press 1. Type it again, press 2.'],
  },
  pin: {
    long: 'Now type your 6-digit query PIN, then press pound.',
    short: 'Type your 6-digit PIN, then press pound. Star to type the ID number again.',
    invalid: 'The query PIN has 6 digits.',
    forgot: 'Forgot your PIN? Bring your ID card to any agency office for a new one.',
  },
  unitNumber: {
    long: 'Type your employer number, then press pound.',
    short:
      'Type your employer number, then press pound. If it has a letter, press star, the key that carries the letter, then its place on that key: for M, star, 6, 1.',
    invalid: 'That is not a valid employer number.',
  },
  employerPin: {
    long: "Now type the employer's 6-digit phone PIN, then press pound. Star to type the employer number again.",
    short: 'Type the 6-digit phone PIN, then press pound. Star for the employer number.',
    invalid: 'The phone PIN has 6 digits.',
  },
  wrongCredentials: (left) =>
    left === null
      ? 'The number or the PIN is not correct.'
      : `The number or the PIN is not correct. You have ${left} ${left === 1 ? 'attempt' : 'attempts'} left before access is locked for a while.`,
  locked: (wait) =>
    wait === null
      ? 'For your security, access with this number is locked for a while.'
      : `For your security, access with this number is locked. You can try again in ${wait}.`,
  oneTimePin:
    'Your PIN is a one-time PIN. Please choose your own PIN at a self-service kiosk or on the website first, then call again.',
  loggedIn: 'Thank you.',
  insuredMenu: {
    long: 'Main menu. Contributions and arrears, press 1. Pension and benefits, press 2. Accounts, press 3. Registration, statement and more, press 4. Agent, press 0.',
    short: 'Contributions, 1. Benefits, 2. Accounts, 3. More, 4. Agent, 0.',
  },
  moreMenu: {
    long: 'Registration, press 1. Transfers and corrections, press 2. Your yearly statement, press 3. Who looked at your record, press 4. To ask us to call you back about your record, press 5.',
    short: 'Registration, 1. Transfers, 2. Statement, 3. Who looked, 4. Call-back, 5. Main menu, star.',
  },
  employerMenu: {
    long: 'Staff in arrears, press 1. One employee, press 2. Monthly totals, press 3. What you can check, press 4. Agent, press 0.',
    short: 'Arrears, 1. One employee, 2. Monthly totals, 3. What you can check, 4. Agent, 0.',
  },
  afterAnswer: {
    long: 'To hear it again, press 9. The menu keys work now; star plays the menu.',
    short: 'Again, 9. Menu, star. End, pound.',
    details: 'For the details, press 5.',
  },
  staffLookupId: {
    long: "Type the employee's ID number, then press pound. For the letter X, press star.",
    short: "Type the employee's ID number, then press pound. Star alone goes back.",
  },
  callback: {
    offer: {
      long: 'To have us call you back at this number, press 1. To go back, press star. To end the call, press pound.',
      short: 'Call-back, 1. Back, star. End, pound.',
    },
    done: {
      long: 'To hear the reference again, press 9. To go back, press star. To end the call, press pound.',
      short: 'Reference again, 9. Back, star. End, pound.',
    },
    received: (ref) => [
      'Your call-back request is recorded. We will call you back at this number. Your reference is ',
      ...ref,
      '.',
    ],
    recordReceived: (ref) => [
      'Your request to check your record is recorded. The agency will call you back at this number. Your reference is ',
      ...ref,
      '.',
    ],
    recordDescription: 'Call-back requested by phone: please check my record.',
    noNumber:
      'Your number is hidden, so we cannot call you back. Please call from a number that shows, or visit an agency office.',
    failed: "We're sorry: your request could not be recorded right now. Please call again later.",
  },
  apiDown: "We're sorry: the records service isn't answering right now.",
  rateLimited: "We're sorry: the line is very busy right now.",
  sessionExpired: 'For your security, your session has ended.',
  transferring: 'Please hold while I transfer you to an agent.',
  noAgentNow: 'No agent can take your call right now.',
  goodbye: 'Thank you for calling. Goodbye.',
  asOf: (date) => `Information as of ${date}.`,
  personStatus: {
    working: 'working',
    unemployed: 'unemployed',
    retired: 'retired',
    flexible: 'in flexible employment',
  },
  enrolmentStatus: { active: 'active', suspended: 'suspended', ended: 'ended' },
  staffStatus: { paid: 'paid up', arrears: 'in arrears', late: 'paid up, with some months paid late' },
  registration: {
    registeredOn: (date) => `You have been registered with social insurance since ${date}.`,
    status: (status) => `Your status is: ${status}.`,
    enrolment: (insurance, status, since) => `${insurance}: ${status}, since ${since}.`,
    noEnrolment: 'No enrolment is on record.',
  },
  contributions: {
    latestPaid: (month) => `Latest paid month: ${month}.`,
    nonePaid: 'No paid contribution is on record.',
    month: (month, yours, employers, status) =>
      `${month}: your part ${yours}, the employer's part ${employers}, ${status}.`,
    arrears: (months, amount) => `In arrears: ${months}, ${amount}.`,
    arrearsMonths: (months, more) =>
      `Months in arrears: ${list(months, 'and')}${more > 0 ? `, and ${more} more` : ''}.`,
    noArrears: 'You have no contributions in arrears.',
  },
  benefits: {
    receiving: (benefit, since, monthly) =>
      `You receive ${benefit}${monthly ? ` of ${monthly} a month` : ''}${since ? `, since ${since}` : ''}.`,
    covered: (benefits) => `Your insurance covers ${benefits} if you need them.`,
    noEligibility: 'No benefit entitlement is on record.',
    lastPayment: (benefit, period, amount, paidOn) =>
      `Your last payment: ${benefit} for ${period}, ${amount}, paid on ${paidOn}.`,
    noPayments: 'No benefit payment is on record.',
  },
  accounts: {
    period: (insurance, period) => `${insurance}: ${period}.`,
    noPeriods: 'No months of contributions are on record.',
    balance: (account, amount) => `Your ${account} balance is ${amount}.`,
    year: (year, accrual, interest) =>
      accrual
        ? `In ${year} it received ${accrual}, and ${interest} in interest.`
        : `In ${year} it received ${interest} in interest.`,
  },
  other: {
    transfers: (count) =>
      count === 1
        ? 'Your insurance has been transferred once.'
        : `Your insurance has been transferred ${count} times.`,
    transfer: (date, from, to, months, funds) => [
      `On ${date}, from `,
      ...from,
      ' to ',
      ...to,
      `, with ${months} and ${funds} moved.`,
    ],
    noTransfers: 'No transfer of your insurance is on record.',
    corrections: (count, latest, category) =>
      `${count === 1 ? 'There is 1 correction' : `There are ${count} corrections`} to your record; the latest on ${latest}, in ${category}.`,
    noCorrections: 'There are no corrections to your record.',
  },
  statement: {
    paid: (year, months, amount) => `In ${year} you paid ${months}, ${amount} in total.`,
    arrears: (months, amount) => `${months} of that year are in arrears, ${amount}.`,
    noArrears: 'No month of that year is in arrears.',
    balances: (year, pension, medical) =>
      `At the end of ${year} your pension account held ${pension} and your medical account ${medical}.`,
    none: 'No yearly statement is available yet.',
  },
  accessLog: {
    intro: (count) =>
      count === 1 ? 'The last look at your record:' : `The last ${count} looks at your record:`,
    none: 'No one has looked at your record in the last year.',
    entry: (date, channel, who, what, refused) => [
      `${date}, ${channel}: `,
      ...who,
      refused ? `, refused, ${what}.` : `, ${what}.`,
    ],
    channel: { kiosk: 'at a kiosk', web: 'on the website', phone: 'by phone', counter: 'at the counter' },
    who: {
      self: 'you',
      agency: 'agency staff',
      public: 'someone checking a document of yours',
      unknown: 'someone who did not log in',
      delegate: (ending) =>
        ending ? ['your representative, ID ending in ', ...ending] : ['your representative'],
      employer: (unit) => (unit ? `the employer ${unit}` : 'an employer'),
    },
    login: 'a login',
    otherWhat: 'your record',
  },
  disclosure: {
    canCheck: (categories) => `By phone you can check: ${list(categories, 'and')}.`,
    insuredCanCheck: (categories) => `Insured persons can check by phone: ${list(categories, 'and')}.`,
    employerCanCheck:
      "Employers can check by phone: staff in arrears and the amount, one employee's contribution status, and the unit's latest monthly totals.",
    withheld:
      "For your privacy, the phone never reads out a full ID number, an address, or anyone else's name.",
    elsewhere:
      'You can see your full record at a self-service terminal in any social insurance agency office, with your ID card and query PIN.',
    elsewhereEmployer:
      "Your staff list and each employee's months with your unit are at a self-service terminal or on the web, with the employer number and password.",
  },
  employer: {
    staffCount: (people) => `Your unit has ${people} on its staff.`,
    arrears: (people, amount) => `In arrears: ${people}, for a total of ${amount}.`,
    noArrears: 'No one on your staff is in arrears.',
    month: (month, people, paid, arrears) =>
      `${month}: ${people}, ${paid} paid${arrears ? `, ${arrears} in arrears` : ', nothing in arrears'}.`,
    noMonths: 'No contribution is on record for your unit.',
    member: (ending, status) => ['The employee with an ID number ending in ', ...ending, ` is ${status}.`],
    memberArrears: (months, amount) => `${months} in arrears, for ${amount}.`,
    memberLatestPaid: (month) => `Latest paid month: ${month}.`,
    memberPeriod: (from, to) =>
      to ? `With your unit from ${from} to ${to}.` : `With your unit since ${from}.`,
    notFound: 'No one with that ID number works or has worked for your unit.',
  },
};

const es: IvrMessages = {
  list: (items) => list(items, 'y'),
  categoryNames: {
    registration: 'su registro',
    contributions: 'cotizaciones',
    benefits: 'prestaciones',
    accounts: 'período de cotización y saldos de cuentas',
    other: 'traslados y correcciones',
  },
  region: (code) => ['la región ', ...code],
  languageOption: 'Seguro social. Para español, pulse 1.',
  words: {
    language: {
      es: ['español', 'espanol', 'castellano'],
      en: ['inglés', 'ingles', 'english'],
      'zh-CN': ['chino', 'mandarín', 'mandarin'],
    },
    who: {
      insured: ['asegurado', 'asegurada', 'mi registro', 'particular'],
      employer: ['empleador', 'empleadora', 'empresa', 'unidad'],
      disclosure: ['qué puedo consultar', 'que puedo consultar', 'información', 'informacion'],
    },
    confirm: {
      yes: ['sí', 'si', 'correcto', 'vale', 'exacto'],
      no: ['no', 'incorrecto', 'mal', 'otra vez', 'de nuevo', 'equivocado'],
    },
    insuredMenu: {
      contributions: [
        'cotización',
        'cotizaciones',
        'cotizacion',
        'aportación',
        'aportaciones',
        'aportacion',
        'deuda',
        'deudas',
        'mora',
        'pagos',
      ],
      benefits: [
        'prestación',
        'prestaciones',
        'prestacion',
        'pensión',
        'pension',
        'jubilación',
        'jubilacion',
      ],
      accounts: ['cuenta', 'cuentas', 'saldo', 'saldos'],
      more: ['más', 'mas', 'otros', 'otras opciones'],
    },
    moreMenu: {
      registration: ['registro', 'afiliación', 'afiliacion', 'alta'],
      other: ['traslado', 'traslados', 'corrección', 'correcciones', 'correccion'],
      statement: ['extracto', 'resumen anual', 'informe anual', 'anual'],
      accessLog: [
        'quién ha mirado',
        'quien ha mirado',
        'quién ha consultado',
        'quien ha consultado',
        'accesos',
      ],
      callback: ['llámenme', 'llamenme', 'que me llamen', 'devolver la llamada', 'solicitud'],
    },
    employerMenu: {
      arrears: ['mora', 'deuda', 'impagadas', 'impagos'],
      lookup: ['trabajador', 'un trabajador', 'empleado', 'buscar'],
      months: ['meses', 'totales', 'últimos', 'ultimos'],
      disclosure: ['qué puedo consultar', 'que puedo consultar', 'información', 'informacion'],
    },
    common: {
      repeat: ['repetir', 'repita', 'ayuda'],
      agent: ['agente', 'operador', 'una persona', 'hablar con alguien'],
      menu: ['menú', 'menu', 'volver', 'principal'],
      end: ['adiós', 'adios', 'terminar', 'colgar'],
      details: ['detalle', 'detalles', 'mes a mes'],
    },
    callback: { yes: ['sí', 'si', 'llámenme', 'llamenme', 'por favor'] },
  },
  keys: {
    '0': ['cero'],
    '1': ['uno', 'una'],
    '2': ['dos'],
    '3': ['tres'],
    '4': ['cuatro'],
    '5': ['cinco'],
    '6': ['seis'],
    '7': ['siete'],
    '8': ['ocho'],
    '9': ['nueve'],
    '*': ['asterisco'],
    '#': ['almohadilla'],
  },
  keyFillers: [
    'pulse',
    'pulsar',
    'opción',
    'opcion',
    'número',
    'numero',
    'el',
    'la',
    'por',
    'favor',
    'tecla',
  ],
  noInput: 'No he oído nada.',
  invalid: 'Perdone, no le he entendido.',
  tooManyFailures: 'Lo siento, sigo sin entenderle.',
  who: {
    long: 'Persona asegurada, pulse 1. Empleador, pulse 2. Para saber qué puede consultar por teléfono, pulse 3. Para hablar con un agente, pulse 0.',
    short: 'Asegurado, 1. Empleador, 2. Qué puede consultar, 3. Agente, 0.',
  },
  nationalId: {
    long: 'Marque su número de identidad y pulse almohadilla. Para la letra equis, pulse asterisco.',
    short: 'Marque su número de identidad y pulse almohadilla. Asterisco solo, para volver.',
    invalid: 'Ese número de identidad no es válido.',
  },
  confirmId: {
    long: (ending) => [
      'Su número de identidad termina en ',
      ...ending,
      '. Si es correcto, pulse 1. Para marcarlo de nuevo, pulse 2.',
    ],
    short: (ending) => ['Termina en ', ...ending, '. Correcto, pulse 1. De nuevo, pulse 2.'],
  },
  pin: {
    long: 'Ahora marque su contraseña de consulta de 6 cifras y pulse almohadilla.',
    short:
      'Marque su contraseña de 6 cifras y pulse almohadilla. Asterisco, para volver a marcar el número de identidad.',
    invalid: 'La contraseña de consulta tiene 6 cifras.',
    forgot:
      '¿Ha olvidado su contraseña? Con su documento de identidad, en cualquier oficina de la agencia le dan una nueva.',
  },
  unitNumber: {
    long: 'Marque su número de empleador y pulse almohadilla.',
    short:
      'Marque su número de empleador y pulse almohadilla. Si tiene una letra, pulse asterisco, la tecla que la lleva y su posición en esa tecla: para la M, asterisco, 6, 1.',
    invalid: 'Ese número de empleador no es válido.',
  },
  employerPin: {
    long: 'Ahora marque la contraseña telefónica del empleador, de 6 cifras, y pulse almohadilla. Asterisco, para volver a marcar el número de empleador.',
    short:
      'Marque la contraseña telefónica de 6 cifras y pulse almohadilla. Asterisco, para el número de empleador.',
    invalid: 'La contraseña telefónica tiene 6 cifras.',
  },
  wrongCredentials: (left) =>
    left === null
      ? 'El número o la contraseña no son correctos.'
      : `El número o la contraseña no son correctos. Le ${left === 1 ? 'queda 1 intento' : `quedan ${left} intentos`} antes de que el acceso se bloquee durante un tiempo.`,
  locked: (wait) =>
    wait === null
      ? 'Por su seguridad, el acceso con este número está bloqueado durante un tiempo.'
      : `Por su seguridad, el acceso con este número está bloqueado. Podrá intentarlo de nuevo dentro de ${wait}.`,
  oneTimePin:
    'Su contraseña es de un solo uso. Elija primero su propia contraseña en un terminal de autoservicio o en la web, y vuelva a llamar.',
  loggedIn: 'Gracias.',
  insuredMenu: {
    long: 'Menú principal. Cotizaciones y deudas, pulse 1. Pensión y prestaciones, pulse 2. Cuentas, pulse 3. Registro, extracto y más, pulse 4. Agente, pulse 0.',
    short: 'Cotizaciones, 1. Prestaciones, 2. Cuentas, 3. Más, 4. Agente, 0.',
  },
  moreMenu: {
    long: 'Registro, pulse 1. Traslados y correcciones, pulse 2. Extracto anual, pulse 3. Quién ha consultado su registro, pulse 4. Para que le llamemos por su registro, pulse 5.',
    short: 'Registro, 1. Traslados, 2. Extracto, 3. Consultas, 4. Llamada, 5. Menú principal, asterisco.',
  },
  employerMenu: {
    long: 'Trabajadores en mora, pulse 1. Un trabajador, pulse 2. Totales mensuales, pulse 3. Qué puede consultar, pulse 4. Agente, pulse 0.',
    short: 'Mora, 1. Un trabajador, 2. Totales, 3. Qué puede consultar, 4. Agente, 0.',
  },
  afterAnswer: {
    long: 'Para oírlo de nuevo, pulse 9. Las teclas del menú ya funcionan; asterisco, para oír el menú.',
    short: 'De nuevo, 9. Menú, asterisco. Terminar, almohadilla.',
    details: 'Para el detalle, pulse 5.',
  },
  staffLookupId: {
    long: 'Marque el número de identidad del trabajador y pulse almohadilla. Para la letra equis, pulse asterisco.',
    short: 'Marque el número de identidad del trabajador y pulse almohadilla. Asterisco solo, para volver.',
  },
  callback: {
    offer: {
      long: 'Para que le llamemos a este número, pulse 1. Para volver, pulse asterisco. Para terminar, pulse almohadilla.',
      short: 'Que le llamemos, 1. Volver, asterisco. Terminar, almohadilla.',
    },
    done: {
      long: 'Para oír de nuevo la referencia, pulse 9. Para volver, pulse asterisco. Para terminar, pulse almohadilla.',
      short: 'Referencia, 9. Volver, asterisco. Terminar, almohadilla.',
    },
    received: (ref) => [
      'Su solicitud de llamada queda registrada. Le llamaremos a este número. Su referencia es ',
      ...ref,
      '.',
    ],
    recordReceived: (ref) => [
      'Su solicitud de revisión del registro queda registrada. La agencia le llamará a este número. Su referencia es ',
      ...ref,
      '.',
    ],
    recordDescription: 'Solicitud de llamada por teléfono: revisen mi registro, por favor.',
    noNumber:
      'Su número está oculto y no podemos devolverle la llamada. Llame desde un número visible o acuda a una oficina de la agencia.',
    failed: 'Lo sentimos: ahora no podemos registrar su solicitud. Vuelva a llamar más tarde.',
  },
  apiDown: 'Lo sentimos: el servicio de registros no responde en este momento.',
  rateLimited: 'Lo sentimos: la línea está muy ocupada en este momento.',
  sessionExpired: 'Por su seguridad, su sesión ha terminado.',
  transferring: 'Un momento, por favor: le paso con un agente.',
  noAgentNow: 'Ahora mismo ningún agente puede atender su llamada.',
  goodbye: 'Gracias por su llamada. Adiós.',
  asOf: (date) => `Datos a fecha de ${date}.`,
  personStatus: {
    working: 'en activo',
    unemployed: 'en situación de desempleo',
    retired: 'en situación de jubilación',
    flexible: 'con empleo flexible',
  },
  enrolmentStatus: { active: 'en alta', suspended: 'suspendido', ended: 'de baja' },
  staffStatus: {
    paid: 'al corriente de pago',
    arrears: 'en mora',
    late: 'al corriente de pago, con algún mes pagado con retraso',
  },
  registration: {
    registeredOn: (date) => `Consta en el registro del seguro social desde el ${date}.`,
    status: (status) => `Su situación es: ${status}.`,
    enrolment: (insurance, status, since) => `${insurance}: ${status} desde ${since}.`,
    noEnrolment: 'No consta ninguna afiliación.',
  },
  contributions: {
    latestPaid: (month) => `Último mes pagado: ${month}.`,
    nonePaid: 'No consta ninguna cotización pagada.',
    month: (month, yours, employers, status) =>
      `${month}: aportación individual ${yours}, aportación del empleador ${employers}, ${status}.`,
    arrears: (months, amount) => `En mora: ${months}, ${amount}.`,
    arrearsMonths: (months, more) =>
      `Meses en mora: ${list(months, 'y')}${more > 0 ? `, y ${more} más` : ''}.`,
    noArrears: 'No tiene cotizaciones en mora.',
  },
  benefits: {
    receiving: (benefit, since, monthly) =>
      `Recibe ${benefit}${monthly ? `, ${monthly} al mes` : ''}${since ? `, desde el ${since}` : ''}.`,
    covered: (benefits) => `Su seguro cubre ${benefits} si las necesita.`,
    noEligibility: 'No consta ningún derecho a prestación.',
    lastPayment: (benefit, period, amount, paidOn) =>
      `Último pago: ${benefit} de ${period}, ${amount}, pagado el ${paidOn}.`,
    noPayments: 'No consta ningún pago de prestaciones.',
  },
  accounts: {
    period: (insurance, period) => `${insurance}: ${period}.`,
    noPeriods: 'No consta ningún período de cotización.',
    balance: (account, amount) => `El saldo de su ${account} es de ${amount}.`,
    year: (year, accrual, interest) =>
      accrual
        ? `En ${year} recibió ${accrual}, y ${interest} de intereses.`
        : `En ${year} recibió ${interest} de intereses.`,
  },
  other: {
    transfers: (count) =>
      count === 1
        ? 'Su seguro social se ha trasladado una vez.'
        : `Su seguro social se ha trasladado ${count} veces.`,
    transfer: (date, from, to, months, funds) => [
      `El ${date}, de `,
      ...from,
      ' a ',
      ...to,
      `, con ${months} y ${funds} trasladados.`,
    ],
    noTransfers: 'No consta ningún traslado de su seguro social.',
    corrections: (count, latest, category) =>
      `${count === 1 ? 'Consta 1 corrección' : `Constan ${count} correcciones`} en su registro; la última, el ${latest}, en ${category}.`,
    noCorrections: 'No consta ninguna corrección en su registro.',
  },
  statement: {
    paid: (year, months, amount) => `En ${year} pagó ${months}, ${amount} en total.`,
    arrears: (months, amount) => `De ese año, ${months} en mora, ${amount}.`,
    noArrears: 'Ningún mes de ese año está en mora.',
    balances: (year, pension, medical) =>
      `Al final de ${year}, su cuenta de pensiones tenía ${pension} y su cuenta médica ${medical}.`,
    none: 'Todavía no hay ningún extracto anual.',
  },
  accessLog: {
    intro: (count) =>
      count === 1 ? 'La última consulta de su registro:' : `Las últimas ${count} consultas de su registro:`,
    none: 'Nadie ha consultado su registro en el último año.',
    entry: (date, channel, who, what, refused) => [
      `El ${date}, ${channel}: `,
      ...who,
      refused ? `, denegada, ${what}.` : `, ${what}.`,
    ],
    channel: { kiosk: 'en un terminal', web: 'en la web', phone: 'por teléfono', counter: 'en ventanilla' },
    who: {
      self: 'usted',
      agency: 'personal de la agencia',
      public: 'alguien que comprobaba un documento suyo',
      unknown: 'alguien que no llegó a entrar',
      delegate: (ending) =>
        ending ? ['su representante, con identidad terminada en ', ...ending] : ['su representante'],
      employer: (unit) => (unit ? `el empleador ${unit}` : 'un empleador'),
    },
    login: 'un acceso',
    otherWhat: 'su registro',
  },
  disclosure: {
    canCheck: (categories) => `Por teléfono puede consultar: ${list(categories, 'y')}.`,
    insuredCanCheck: (categories) =>
      `Las personas aseguradas pueden consultar por teléfono: ${list(categories, 'y')}.`,
    employerCanCheck:
      'Los empleadores pueden consultar por teléfono: los trabajadores en mora y el importe, la situación de un trabajador y los totales de los últimos meses.',
    withheld:
      'Por su privacidad, el teléfono nunca lee un número de identidad completo, una dirección ni el nombre de otra persona.',
    elsewhere:
      'Puede ver su registro completo en un terminal de autoservicio de cualquier oficina de la agencia de seguro social, con su documento de identidad y su contraseña de consulta.',
    elsewhereEmployer:
      'La lista de su plantilla y los meses de cada trabajador en su unidad se consultan en un terminal de autoservicio o en la web, con el número de empleador y la contraseña.',
  },
  employer: {
    staffCount: (people) => `Su unidad tiene ${people} en plantilla.`,
    arrears: (people, amount) => `En mora: ${people}, por un total de ${amount}.`,
    noArrears: 'Nadie de su plantilla está en mora.',
    month: (month, people, paid, arrears) =>
      `${month}: ${people}, ${paid} pagados${arrears ? `, ${arrears} en mora` : ', nada en mora'}.`,
    noMonths: 'No consta ninguna cotización de su unidad.',
    member: (ending, status) => [
      'El trabajador con número de identidad terminado en ',
      ...ending,
      ` está ${status}.`,
    ],
    memberArrears: (months, amount) => `${months} en mora, por ${amount}.`,
    memberLatestPaid: (month) => `Último mes pagado: ${month}.`,
    memberPeriod: (from, to) =>
      to ? `En su unidad desde ${from} hasta ${to}.` : `En su unidad desde ${from}.`,
    notFound: 'Nadie con ese número de identidad trabaja ni ha trabajado en su unidad.',
  },
};

const zh: IvrMessages = {
  list: (items) =>
    items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join('、')}和${items.at(-1) ?? ''}`,
  categoryNames: {
    registration: '社会保险登记',
    contributions: '缴费',
    benefits: '社会保险待遇',
    accounts: '缴费年限和个人账户余额',
    other: '关系转移接续和更正',
  },
  region: (code) => ['地区', ...code],
  languageOption: '中文服务请按3。',
  words: {
    language: {
      es: ['西班牙语', '西语'],
      en: ['英语', '英文'],
      'zh-CN': ['中文', '普通话', '汉语', '国语'],
    },
    who: {
      insured: ['参保', '个人', '本人', '社保'],
      employer: ['单位', '用人单位', '企业', '公司'],
      disclosure: ['可查询', '查询内容', '能查什么'],
    },
    confirm: {
      yes: ['是', '对', '正确', '没错'],
      no: ['不', '不是', '不对', '不正确', '错了', '重新'],
    },
    insuredMenu: {
      contributions: ['缴费', '交费', '欠费', '社保费'],
      benefits: ['待遇', '养老金', '退休金'],
      accounts: ['账户', '余额', '年限'],
      more: ['更多', '其他', '其它'],
    },
    moreMenu: {
      registration: ['登记', '参保状态'],
      other: ['转移', '更正'],
      statement: ['权益记录单', '对账单', '年度'],
      accessLog: ['谁查', '查询记录', '访问记录'],
      callback: ['回电', '回拨', '核查'],
    },
    employerMenu: {
      arrears: ['欠费'],
      lookup: ['职工', '员工', '查询职工'],
      months: ['月份', '合计', '最近'],
      disclosure: ['可查询', '查询内容'],
    },
    common: {
      repeat: ['重听', '再听', '重复', '帮助'],
      agent: ['人工', '客服', '转人工'],
      menu: ['菜单', '主菜单', '返回'],
      end: ['结束', '再见', '挂断'],
      details: ['明细', '详细', '逐月'],
    },
    callback: { yes: ['是', '好', '回电', '需要'] },
  },
  keys: {
    '0': ['零', '〇'],
    '1': ['一', '幺'],
    '2': ['二', '两'],
    '3': ['三'],
    '4': ['四'],
    '5': ['五'],
    '6': ['六'],
    '7': ['七'],
    '8': ['八'],
    '9': ['九'],
    '*': ['星号', '星'],
    '#': ['井号', '井'],
  },
  keyFillers: ['按', '选', '号', '键', '第', '请'],
  noInput: '没有收到您的输入。',
  invalid: '对不起，没有听清。',
  tooManyFailures: '对不起，仍然无法识别您的输入。',
  who: {
    long: '参保人员请按1，用人单位请按2，了解电话可查询的内容请按3，人工服务请按0。',
    short: '参保人员按1，单位按2，可查询内容按3，人工按0。',
  },
  nationalId: {
    long: '请输入公民身份号码，以井号键结束。字母X请按星号键。',
    short: '请输入公民身份号码，以井号键结束。只按星号键返回。',
    invalid: '您输入的公民身份号码无效。',
  },
  confirmId: {
    long: (ending) => ['您的公民身份号码尾号为', ...ending, '。正确请按1，重新输入请按2。'],
    short: (ending) => ['尾号', ...ending, '。正确按1，重新输入按2。'],
  },
  pin: {
    long: '请输入6位查询密码，以井号键结束。',
    short: '请输入6位查询密码，以井号键结束；重新输入身份号码请按星号键。',
    invalid: '查询密码为6位数字。',
    forgot: '忘记密码？请携带身份证到任何社会保险经办机构重新设置。',
  },
  unitNumber: {
    long: '请输入单位编号，以井号键结束。',
    short:
      '请输入单位编号，以井号键结束。如有字母，请按星号键、字母所在的数字键和它在该键上的位置，例如M请按星号、6、1。',
    invalid: '您输入的单位编号无效。',
  },
  employerPin: {
    long: '请输入单位的6位电话查询密码，以井号键结束。重新输入单位编号请按星号键。',
    short: '请输入6位电话查询密码，以井号键结束；单位编号请按星号键。',
    invalid: '电话查询密码为6位数字。',
  },
  wrongCredentials: (left) =>
    left === null ? '号码或密码不正确。' : `号码或密码不正确。您还可以尝试${left}次，之后将暂时锁定。`,
  locked: (wait) =>
    wait === null
      ? '为保护您的安全，该号码已被暂时锁定。'
      : `为保护您的安全，该号码已被锁定，请${wait}后再试。`,
  oneTimePin: '您的密码是一次性密码。请先在自助终端或网站上设置您自己的密码，然后再拨打本热线。',
  loggedIn: '谢谢。',
  insuredMenu: {
    long: '缴费和欠费请按1，养老金和待遇请按2，账户请按3，登记、记录单等更多服务请按4，人工服务请按0。',
    short: '缴费按1，待遇按2，账户按3，更多按4，人工按0。',
  },
  moreMenu: {
    long: '社会保险登记请按1；转移和更正请按2；年度权益记录单请按3；谁查询过您的记录请按4；申请回电核查记录请按5。',
    short: '登记按1，转移按2，记录单按3，查询记录按4，回电按5，主菜单按星号键。',
  },
  employerMenu: {
    long: '欠费职工请按1，查询职工请按2，月度合计请按3，可查询内容请按4，人工服务请按0。',
    short: '欠费按1，查询职工按2，月度合计按3，可查询内容按4，人工按0。',
  },
  afterAnswer: {
    long: '重听请按9。菜单按键可直接使用；按星号键收听菜单。',
    short: '重听按9，菜单按星号键，结束按井号键。',
    details: '收听明细请按5。',
  },
  staffLookupId: {
    long: '请输入职工的公民身份号码，以井号键结束。字母X请按星号键。',
    short: '请输入职工的公民身份号码，以井号键结束。只按星号键返回。',
  },
  callback: {
    offer: {
      long: '需要我们回电到本号码，请按1；返回请按星号键；结束通话请按井号键。',
      short: '回电按1，返回按星号键，结束按井号键。',
    },
    done: {
      long: '重听受理编号请按9；返回请按星号键；结束通话请按井号键。',
      short: '重听编号按9，返回按星号键，结束按井号键。',
    },
    received: (ref) => ['您的回电申请已登记，我们将回电到本号码。受理编号为', ...ref, '。'],
    recordReceived: (ref) => ['您的记录核查申请已登记，经办机构将回电到本号码。受理编号为', ...ref, '。'],
    recordDescription: '电话申请回电：请核查我的记录。',
    noNumber: '您的号码未显示，无法回电。请用显示号码的电话再拨，或前往经办机构办理。',
    failed: '对不起，目前无法登记您的申请，请稍后再拨。',
  },
  apiDown: '对不起，记录查询服务暂时无法响应。',
  rateLimited: '对不起，线路正忙。',
  sessionExpired: '为保护您的安全，本次查询已结束。',
  transferring: '请稍候，正在为您转接人工服务。',
  noAgentNow: '对不起，目前没有人工服务可以接听。',
  goodbye: '感谢您的来电，再见。',
  asOf: (date) => `数据截至${date}。`,
  personStatus: { working: '在职', unemployed: '失业', retired: '退休', flexible: '灵活就业' },
  enrolmentStatus: { active: '正常参保', suspended: '暂停参保', ended: '终止参保' },
  staffStatus: { paid: '正常缴费', arrears: '欠费', late: '正常缴费，有补缴月份' },
  registration: {
    registeredOn: (date) => `您于${date}办理社会保险登记。`,
    status: (status) => `您目前的状态是：${status}。`,
    enrolment: (insurance, status, since) => `${insurance}：${status}，自${since}起。`,
    noEnrolment: '没有参保记录。',
  },
  contributions: {
    latestPaid: (month) => `最近缴费月份：${month}。`,
    nonePaid: '没有已缴费记录。',
    month: (month, yours, employers, status) =>
      `${month}：个人缴费${yours}，单位缴费${employers}，${status}。`,
    arrears: (months, amount) => `欠费${months}，合计${amount}。`,
    arrearsMonths: (months, more) => `欠费月份：${months.join('、')}${more > 0 ? `，另有${more}个月` : ''}。`,
    noArrears: '您没有欠费。',
  },
  benefits: {
    receiving: (benefit, since, monthly) =>
      `您${since ? `自${since}起` : ''}领取${benefit}${monthly ? `，每月${monthly}` : ''}。`,
    covered: (benefits) => `您参保的险种在需要时可按规定申领：${benefits}。`,
    noEligibility: '没有待遇资格记录。',
    lastPayment: (benefit, period, amount, paidOn) =>
      `最近一次发放：${period}的${benefit}，${amount}，于${paidOn}发放。`,
    noPayments: '没有待遇发放记录。',
  },
  accounts: {
    period: (insurance, period) => `${insurance}：累计缴费${period}。`,
    noPeriods: '没有缴费年限记录。',
    balance: (account, amount) => `您的${account}余额为${amount}。`,
    year: (year, accrual, interest) =>
      accrual ? `${year}年记入${accrual}，利息${interest}。` : `${year}年记入利息${interest}。`,
  },
  other: {
    transfers: (count) => `您的社会保险关系共转移接续${count}次。`,
    transfer: (date, from, to, months, funds) => [
      `${date}，从`,
      ...from,
      '转入',
      ...to,
      `，转移缴费${months}，资金${funds}。`,
    ],
    noTransfers: '没有社会保险关系转移接续记录。',
    corrections: (count, latest, category) =>
      `您的记录共有${count}次更正，最近一次于${latest}，涉及${category}。`,
    noCorrections: '您的记录没有更正。',
  },
  statement: {
    paid: (year, months, amount) => `${year}年您缴费${months}，合计${amount}。`,
    arrears: (months, amount) => `当年欠费${months}，合计${amount}。`,
    noArrears: '当年没有欠费。',
    balances: (year, pension, medical) =>
      `${year}年末，您的养老保险个人账户余额为${pension}，医疗保险个人账户余额为${medical}。`,
    none: '目前还没有年度权益记录单。',
  },
  accessLog: {
    intro: (count) => `最近${count}次查询您的记录：`,
    none: '最近一年没有人查询过您的记录。',
    entry: (date, channel, who, what, refused) => [
      `${date}，${channel}，`,
      ...who,
      refused ? `，查询${what}被拒绝。` : `，查询${what}。`,
    ],
    channel: { kiosk: '自助终端', web: '网站', phone: '电话', counter: '经办窗口' },
    who: {
      self: '您本人',
      agency: '经办机构工作人员',
      public: '核验您的文件的人',
      unknown: '未能登录的人',
      delegate: (ending) => (ending ? ['您的代办人，身份号码尾号', ...ending] : ['您的代办人']),
      employer: (unit) => (unit ? `用人单位${unit}` : '用人单位'),
    },
    login: '登录',
    otherWhat: '您的记录',
  },
  disclosure: {
    canCheck: (categories) => `通过电话可以查询：${categories.join('、')}。`,
    insuredCanCheck: (categories) => `参保人员通过电话可以查询：${categories.join('、')}。`,
    employerCanCheck:
      '用人单位通过电话可以查询：欠费职工人数和金额、一名职工的缴费状态、最近几个月的单位缴费合计。',
    withheld: '为保护您的隐私，电话查询不会读出完整的公民身份号码、地址或他人姓名。',
    elsewhere: '您可以携带身份证和查询密码，在任何社会保险经办机构的自助终端查询完整记录。',
    elsewhereEmployer: '职工名单和每名职工在贵单位的缴费月份，可凭单位编号和密码在自助终端或网上查询。',
  },
  employer: {
    staffCount: (people) => `贵单位目前有职工${people}。`,
    arrears: (people, amount) => `欠费职工${people}，合计${amount}。`,
    noArrears: '贵单位没有欠费职工。',
    month: (month, people, paid, arrears) =>
      `${month}：${people}，已缴${paid}${arrears ? `，欠费${arrears}` : '，无欠费'}。`,
    noMonths: '贵单位没有缴费记录。',
    member: (ending, status) => ['公民身份号码尾号为', ...ending, `的职工：${status}。`],
    memberArrears: (months, amount) => `欠费${months}，合计${amount}。`,
    memberLatestPaid: (month) => `最近已缴费月份：${month}。`,
    memberPeriod: (from, to) => (to ? `在贵单位工作时间：${from}至${to}。` : `自${from}起在贵单位工作。`),
    notFound: '贵单位没有使用该公民身份号码的现职或离职职工。',
  },
};

export const IVR: Record<Language, IvrMessages> = { en, es, 'zh-CN': zh };
