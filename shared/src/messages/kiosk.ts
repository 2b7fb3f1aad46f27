// The kiosk's and the web version's screen texts in es, en and zh-CN. Domain words come from common.ts;
// every text a person sees or hears on the kiosk lives here (the renderer holds no user-facing strings).
import type { ProblemCode } from '../api.ts';
import type { SubsidyKind, WithheldField } from '../domain.ts';
import type { Language } from '../i18n.ts';

export interface KioskMessages {
  languageName: string;
  appTitle: string;
  skipToContent: string;
  access: { toolbar: string; highContrast: string; largeText: string; speech: string; language: string };
  nav: {
    logout: string;
    back: string;
    backToStart: string;
    menu: string;
    previousPage: string;
    nextPage: string;
    pageOf: (page: number, pages: number) => string;
  };
  start: {
    title: string;
    intro: string;
    insertCard: string;
    typeId: string;
    employer: string;
    delegate: string;
    disclosure: string;
    /** To the check of a certificate or statement (no login needed). */
    checkDocument: string;
  };
  keypad: {
    label: string;
    delete: string;
    clear: string;
    shift: string;
    space: string;
    letters: string;
    digits: string;
  };
  login: {
    idTitle: string;
    idLabel: string;
    idHelp: string;
    idInvalid: string;
    pinTitle: string;
    pinLabel: string;
    pinHelp: string;
    pinInvalid: string;
    cardRead: string;
    employerTitle: string;
    unitLabel: string;
    unitHelp: string;
    unitInvalid: string;
    passwordLabel: string;
    delegateTitle: string;
    delegateIdLabel: string;
    codeLabel: string;
    codeHelp: string;
    codeInvalid: string;
    next: string;
    submit: string;
    checking: string;
    wrong: string;
    attemptsLeft: (n: number) => string;
    rateLimited: string;
    forID: (maskedId: string) => string;
    changeId: string;
    /** What to do when the PIN is forgotten: where to go, when, and what to bring. */
    forgotPin: { button: string; title: string; text: string; bring: string };
  };
  errors: {
    /** One title and text per problem code the API can return, and for an unreachable service. */
    problems: Record<ProblemCode | 'network', { title: string; text: string }>;
    lockedText: (when: string | null) => string;
    forbiddenText: string;
  };
  idle: { title: string; text: (seconds: number) => string; continue: string };
  loading: string;
  menu: {
    title: string;
    titleDelegate: string;
    intro: string;
    delegateIntro: (validUntil: string) => string;
    notInAuthorisation: string;
    summaryTitle: string;
    latestPaidMonth: string;
    monthsInArrears: string;
    noArrears: string;
    certificate: string;
    lastBenefit: string;
    lastBenefitValue: (benefit: string, month: string, amount: string, paidOn: string) => string;
  };
  registration: {
    person: string;
    name: string;
    nationalId: string;
    sex: string;
    sexes: { F: string; M: string };
    birthDate: string;
    address: string;
    registeredOn: string;
    region: string;
    status: string;
    personStatus: { working: string; unemployed: string; retired: string; flexible: string };
    enrolments: string;
    insuranceType: string;
    since: string;
    until: string;
    enrolmentStatus: { active: string; suspended: string; ended: string };
    employment: string;
    employer: string;
    unitNumber: string;
    firstMonth: string;
    lastMonth: string;
    current: string;
  };
  contributions: {
    years: string;
    yearsHelp: string;
    chartTitle: string;
    chartDescription: (years: number, first: string, last: string) => string;
    year: string;
    months: string;
    employerPart: string;
    individualPart: string;
    /** The individual part named for someone else's record (delegate, employer). */
    individualPartOther: string;
    arrears: string;
    openYear: (year: number) => string;
    monthsOf: (year: number) => string;
    month: string;
    base: string;
    status: string;
    paidDate: string;
    arrearsMark: string;
    subsidies: string;
    subsidy: string;
    subsidyKind: Record<SubsidyKind, string>;
    amount: string;
    none: string;
    allYears: string;
  };
  benefits: {
    eligibility: string;
    benefit: string;
    eligible: string;
    yes: string;
    no: string;
    since: string;
    until: string;
    monthlyAmount: string;
    payments: string;
    period: string;
    amount: string;
    paidDate: string;
    none: string;
  };
  accounts: {
    periods: string;
    insuranceType: string;
    months: string;
    balances: string;
    balance: string;
    chartTitle: string;
    chartDescription: (first: string, last: string) => string;
    year: string;
    accrual: string;
    interest: string;
    closingBalance: string;
    movements: string;
    date: string;
    kind: string;
    amount: string;
    balanceAfter: string;
    movementKind: {
      contribution: string;
      interest: string;
      payout: string;
      transfer_in: string;
      transfer_out: string;
    };
  };
  other: {
    transfers: string;
    date: string;
    fromRegion: string;
    toRegion: string;
    months: string;
    funds: string;
    corrections: string;
    category: string;
    field: string;
    reason: string;
    none: string;
    /** A corrected field by its record name: `address`, `name`, `base:YYYY-MM` (the month already worded). */
    fieldName: { address: string; name: string; base: (month: string) => string; other: string };
    reasonName: {
      applicant_request: string;
      identity_document_update: string;
      employer_declaration_corrected: string;
      other: string;
    };
  };
  certificate: {
    title: string;
    intro: string;
    issue: string;
    preview: string;
    serial: string;
    checkCode: string;
    issuedAt: string;
    validUntil: string;
    holder: string;
    period: (from: string, to: string) => string;
    insuranceType: string;
    months: string;
    employerPart: string;
    individualPart: string;
    arrearsMonths: string;
    verifyHow: string;
    /** The QR code's text alternative. */
    qrAlt: string;
    print: string;
    printed: string;
    printFailed: string;
  };
  employer: {
    menuTitle: string;
    summary: string;
    staff: string;
    staffCount: string;
    staffInArrears: string;
    arrearsAmount: string;
    chartTitle: string;
    chartDescription: string;
    month: string;
    headcount: string;
    base: string;
    employerPart: string;
    individualPart: string;
    paidAmount: string;
    filter: string;
    all: string;
    ref: string;
    nationalId: string;
    name: string;
    status: string;
    period: string;
    monthsInArrears: string;
    latestPaidMonth: string;
    open: string;
    none: string;
    memberTitle: (maskedId: string) => string;
    memberIntro: string;
  };
  chart: { legendPaid: string; legendArrears: string; legendBalance: string; withArrears: string };
  disclosure: {
    title: string;
    intro: string;
    role: { insured: string; delegate: string; employer: string };
    channel: { kiosk: string; phone: string; web: string };
    allowed: string;
    notAllowed: string;
    withheld: string;
    withheldField: Record<WithheldField, string>;
    category: string;
  };
  speech: {
    start: string;
    pin: string;
    digitEntered: string;
  };
}

const en: KioskMessages = {
  languageName: 'English',
  appTitle: 'Social insurance record',
  skipToContent: 'Skip to content',
  access: {
    toolbar: 'Display and language',
    highContrast: 'High contrast',
    largeText: 'Large text',
    speech: 'Spoken guidance',
    language: 'Language',
  },
  nav: {
    logout: 'Log out',
    back: 'Back',
    backToStart: 'Back to the start',
    menu: 'Main menu',
    previousPage: 'Previous page',
    nextPage: 'Next page',
    pageOf: (page, pages) => `Page ${page} of ${pages}`,
  },
  start: {
    title: 'Check your social insurance record',
    intro:
      'See your registration, contributions, benefits and individual accounts, and print a certificate of contributions.',
    insertCard: 'Insert your ID card in the reader, or',
    typeId: 'Type my ID number',
    employer: 'I am an employer',
    delegate: 'I have an authorisation',
    disclosure: 'What can I check here?',
    checkDocument: 'Check a document',
  },
  keypad: {
    label: 'Keypad',
    delete: 'Delete',
    clear: 'Clear',
    shift: 'Capitals',
    space: 'Space',
    letters: 'Letters',
    digits: 'Digits',
  },
  login: {
    idTitle: 'Your ID number',
    idLabel: 'ID number (18 characters)',
    idHelp: 'Type the 18 characters of your ID number. The last one may be X.',
    idInvalid: 'This is not a valid ID number. Please check it and try again.',
    pinTitle: 'Your query PIN',
    pinLabel: 'Query PIN (6 digits)',
    pinHelp: 'Type your 6-digit query PIN. Nobody else can see it.',
    pinInvalid: 'The query PIN has 6 digits.',
    cardRead: 'Your card has been read.',
    employerTitle: 'Employer login',
    unitLabel: 'Employer number',
    unitHelp: 'Type your employer number (9 to 18 digits or capital letters) and your password.',
    unitInvalid: 'The employer number has 9 to 18 digits or capital letters.',
    passwordLabel: 'Password',
    delegateTitle: 'Authorised representative',
    delegateIdLabel: 'Your own ID number',
    codeLabel: 'Authorisation code',
    codeHelp: 'Type your own ID number and the authorisation code you received at the counter.',
    codeInvalid: 'The authorisation code has at least 4 characters.',
    next: 'Next',
    submit: 'Log in',
    checking: 'Checking…',
    wrong: 'The details you typed do not match our records. Please try again.',
    attemptsLeft: (n) =>
      n === 1
        ? 'You have 1 attempt left before access is locked.'
        : `You have ${n} attempts left before access is locked.`,
    rateLimited: 'Too many attempts from this terminal. Please wait a moment and try again.',
    forID: (id) => `ID number ${id}`,
    changeId: 'Change ID number',
    forgotPin: {
      button: 'Forgot your PIN?',
      title: 'If you forgot your PIN',
      text: 'Go to the counter of any social insurance office during its opening hours. Staff will give you a one-time PIN. The first time you log in with it, here or on the website, you choose your own PIN.',
      bring:
        'Bring your ID card (or another official identity document). Nobody can give you a PIN by phone.',
    },
  },
  errors: {
    problems: {
      network: {
        title: 'No connection to the records',
        text: 'This terminal cannot reach the records service right now. Nothing of yours has been kept. Please try again later or ask at the counter.',
      },
      bad_request: {
        title: 'Please check what you typed',
        text: 'Something typed was not in the expected form. Please start again and check each field.',
      },
      unauthenticated: {
        title: 'Please log in again',
        text: 'For your privacy this page needs a valid login. Please start again.',
      },
      invalid_credentials: {
        title: 'The details do not match',
        text: 'The details you typed do not match our records. Please start again.',
      },
      locked: {
        title: 'Access locked',
        text: 'Too many wrong attempts. For your security access is locked for a while. You can also ask at the counter.',
      },
      forbidden: {
        title: 'Not available',
        text: 'This is not included in what you may see. You can ask at the counter.',
      },
      not_found: {
        title: 'Not found',
        text: 'What you asked for could not be found. Please start again.',
      },
      rate_limited: {
        title: 'Too many requests',
        text: 'Too many requests in a short time. Please wait a moment and try again.',
      },
      unknown_client: {
        title: 'This terminal is not registered',
        text: 'This terminal may not query records at the moment. Please use another one or ask at the counter.',
      },
      session_expired: {
        title: 'Your session has ended',
        text: 'For your privacy the session ended. Please start again.',
      },
      authorization_expired: {
        title: 'The authorisation has expired',
        text: 'The authorisation you received at the counter is no longer valid. The person you represent can give you a new one at the counter.',
      },
      log_unavailable: {
        title: 'Queries are paused',
        text: 'Records are shown only when each query can be recorded, and that is not possible right now. Nothing was shown. Please try again later or ask at the counter.',
      },
      store_unavailable: {
        title: 'The service is not available',
        text: 'The records cannot be read right now. Nothing of yours has been kept. Please try again later or ask at the counter.',
      },
      pin_change_required: {
        title: 'Choose a new PIN first',
        text: 'The PIN you used can be used only once. Choose your own new PIN before looking at the record.',
      },
      internal: {
        title: 'Something went wrong',
        text: 'The request could not be completed. Please start again or ask at the counter.',
      },
    },
    lockedText: (when) =>
      when
        ? `Too many wrong attempts. For your security access is locked until ${when}. You can also ask at the counter.`
        : 'Too many wrong attempts. For your security access is locked for a while. You can also ask at the counter.',
    forbiddenText: 'This part of the record is not included in what you may see.',
  },
  idle: {
    title: 'Are you still there?',
    text: (s) => `For your privacy you will be logged out in ${s} ${s === 1 ? 'second' : 'seconds'}.`,
    continue: 'Continue',
  },
  loading: 'Loading…',
  menu: {
    title: 'Your record',
    titleDelegate: 'Record of the person who authorised you',
    intro: 'Choose what you want to see.',
    delegateIntro: (d) => `You are viewing the record of the person who authorised you, until ${d}.`,
    notInAuthorisation: 'not included in your authorisation',
    summaryTitle: 'At a glance',
    latestPaidMonth: 'Latest month paid',
    monthsInArrears: 'Months unpaid (in arrears)',
    noArrears: 'No months in arrears',
    certificate: 'Print a certificate of contributions',
    lastBenefit: 'Latest benefit payment',
    lastBenefitValue: (b, mo, a, d) => `${b}, ${mo}: ${a} (paid on ${d})`,
  },
  registration: {
    person: 'Insured person',
    name: 'Name',
    nationalId: 'ID number',
    sex: 'Sex',
    sexes: { F: 'female', M: 'male' },
    birthDate: 'Date of birth',
    address: 'Address',
    registeredOn: 'Registered on',
    region: 'Region',
    status: 'Status',
    personStatus: {
      working: 'working',
      unemployed: 'unemployed',
      retired: 'retired',
      flexible: 'flexible employment',
    },
    enrolments: 'Enrolment',
    insuranceType: 'Insurance',
    since: 'Since',
    until: 'Until',
    enrolmentStatus: { active: 'active', suspended: 'suspended', ended: 'ended' },
    employment: 'Employers',
    employer: 'Employer',
    unitNumber: 'Employer number',
    firstMonth: 'From',
    lastMonth: 'To',
    current: 'now',
  },
  contributions: {
    years: 'Contributions per year',
    yearsHelp: 'Choose a year to see its months.',
    chartTitle: 'Contributions per year',
    chartDescription: (n, a, b) =>
      `Bar chart of ${n} years of contributions, from ${a} to ${b}. The same figures are in the table below.`,
    year: 'Year',
    months: 'Months',
    employerPart: "Employer's part",
    individualPart: 'Your part',
    individualPartOther: 'Individual part',
    arrears: 'Unpaid (in arrears)',
    openYear: (y) => `Months of ${y}`,
    monthsOf: (y) => `Contributions in ${y}`,
    month: 'Month',
    base: 'Contribution base',
    status: 'Status',
    paidDate: 'Paid on',
    arrearsMark: 'Unpaid',
    subsidies: 'Subsidies',
    subsidy: 'Subsidy',
    subsidyKind: { flexible_employment: 'contribution subsidy for flexible employment' },
    amount: 'Amount',
    none: 'No contributions recorded.',
    allYears: 'All years',
  },
  benefits: {
    eligibility: 'Entitlement',
    benefit: 'Benefit',
    eligible: 'Entitled',
    yes: 'yes',
    no: 'no',
    since: 'Since',
    until: 'Until',
    monthlyAmount: 'Per month',
    payments: 'Payments received',
    period: 'For',
    amount: 'Amount',
    paidDate: 'Paid on',
    none: 'No payments recorded.',
  },
  accounts: {
    periods: 'Months of contributions',
    insuranceType: 'Insurance',
    months: 'Months',
    balances: 'Individual accounts',
    balance: 'Balance',
    chartTitle: 'Growth of the pension individual account',
    chartDescription: (a, b) =>
      `Line chart of the pension individual account's balance at the end of each year, from ${a} to ${b}. The same figures are in the table below.`,
    year: 'Year',
    accrual: 'Paid in',
    interest: 'Interest',
    closingBalance: 'Balance at year end',
    movements: 'Latest movements',
    date: 'Date',
    kind: 'Movement',
    amount: 'Amount',
    balanceAfter: 'Balance after',
    movementKind: {
      contribution: 'contribution',
      interest: 'interest',
      payout: 'payment out',
      transfer_in: 'transfer in',
      transfer_out: 'transfer out',
    },
  },
  other: {
    transfers: 'Transfers of your insurance',
    date: 'Date',
    fromRegion: 'From',
    toRegion: 'To',
    months: 'Months',
    funds: 'Funds transferred',
    corrections: 'Corrections',
    category: 'Part of the record',
    field: 'What',
    reason: 'Reason',
    none: 'Nothing recorded.',
    fieldName: {
      address: 'address',
      name: 'name',
      base: (mo) => `contribution base, ${mo}`,
      other: 'a detail of the record',
    },
    reasonName: {
      applicant_request: "at the insured person's request",
      identity_document_update: 'identity document updated',
      employer_declaration_corrected: "employer's declaration corrected",
      other: 'correction by the agency',
    },
  },
  certificate: {
    title: 'Certificate of contributions',
    intro:
      'The certificate lists your contribution months and amounts per insurance. Anyone can check it for 30 days with its serial number and verification code.',
    issue: 'Prepare the certificate',
    preview: 'Preview',
    serial: 'Serial number',
    checkCode: 'Verification code',
    issuedAt: 'Issued',
    validUntil: 'Can be verified until',
    holder: 'Insured person',
    period: (a, b) => `Period: ${a} to ${b}`,
    insuranceType: 'Insurance',
    months: 'Months',
    employerPart: "Employer's part",
    individualPart: 'Individual part',
    arrearsMonths: 'Months unpaid (in arrears) in the period',
    verifyHow:
      'Anyone can check this certificate on the agency\'s website, page "Check a document", or at any social insurance office, with the serial number and the verification code.',
    qrAlt: 'QR code: scan it to open the check of this certificate',
    print: 'Print',
    printed: 'The certificate has been sent to the printer.',
    printFailed: 'The certificate could not be printed. Please ask at the counter.',
  },
  employer: {
    menuTitle: 'Your unit',
    summary: 'Totals per month',
    staff: 'Staff',
    staffCount: 'Current staff',
    staffInArrears: 'Staff with unpaid months',
    arrearsAmount: 'Amount unpaid (in arrears)',
    chartTitle: 'Contributions paid per month',
    chartDescription: 'Bar chart of the amount paid each month. The same figures are in the table below.',
    month: 'Month',
    headcount: 'Staff',
    base: 'Contribution base',
    employerPart: "Employer's part",
    individualPart: 'Individual part',
    paidAmount: 'Paid',
    filter: 'Show',
    all: 'everyone',
    ref: 'Reference',
    nationalId: 'ID number',
    name: 'Name',
    status: 'Status',
    period: 'With this unit',
    monthsInArrears: 'Months unpaid',
    latestPaidMonth: 'Latest paid',
    open: 'Months',
    none: 'Nobody in this list.',
    memberTitle: (id) => `Employee ${id}`,
    memberIntro: 'Only the months this person worked for your unit.',
  },
  chart: {
    legendPaid: 'paid',
    legendArrears: 'with unpaid months (in arrears)',
    legendBalance: 'balance at year end',
    withArrears: 'with unpaid months',
  },
  disclosure: {
    title: 'What you can check here',
    intro:
      'Published by the social insurance agency: which part of the record each person may see, and through which channel.',
    role: { insured: 'Insured person', delegate: 'Authorised representative', employer: 'Employer' },
    channel: { kiosk: 'Self-service terminal', phone: 'Phone', web: 'Website' },
    allowed: 'yes',
    notAllowed: 'no',
    withheld: 'withheld',
    withheldField: {
      fullNationalId: 'full ID number (a masked form is shown)',
      address: 'address',
      name: 'name',
      otherPersonsNames: "other persons' names",
    },
    category: 'Part of the record',
  },
  speech: {
    start: 'Welcome. Choose a language, then touch "Type my ID number", or insert your ID card.',
    pin: 'Type your 6-digit query PIN on the keypad. It will not be read aloud.',
    digitEntered: 'digit entered',
  },
};

const es: KioskMessages = {
  languageName: 'Español',
  appTitle: 'Registro del seguro social',
  skipToContent: 'Ir al contenido',
  access: {
    toolbar: 'Pantalla e idioma',
    highContrast: 'Alto contraste',
    largeText: 'Letra grande',
    speech: 'Guía hablada',
    language: 'Idioma',
  },
  nav: {
    logout: 'Salir',
    back: 'Volver',
    backToStart: 'Volver al inicio',
    menu: 'Menú principal',
    previousPage: 'Página anterior',
    nextPage: 'Página siguiente',
    pageOf: (page, pages) => `Página ${page} de ${pages}`,
  },
  start: {
    title: 'Consulte su registro del seguro social',
    intro:
      'Vea su registro, cotizaciones, prestaciones y cuentas personales, e imprima un certificado de cotizaciones.',
    insertCard: 'Introduzca su documento de identidad en el lector, o',
    typeId: 'Escribir mi número de identidad',
    employer: 'Soy empleador',
    delegate: 'Tengo una autorización',
    disclosure: '¿Qué puedo consultar aquí?',
    checkDocument: 'Comprobar un documento',
  },
  keypad: {
    label: 'Teclado',
    delete: 'Borrar',
    clear: 'Borrar todo',
    shift: 'Mayúsculas',
    space: 'Espacio',
    letters: 'Letras',
    digits: 'Números',
  },
  login: {
    idTitle: 'Su número de identidad',
    idLabel: 'Número de identidad (18 caracteres)',
    idHelp: 'Escriba los 18 caracteres de su número de identidad. El último puede ser X.',
    idInvalid: 'Este número de identidad no es válido. Revíselo e inténtelo de nuevo.',
    pinTitle: 'Su contraseña de consulta',
    pinLabel: 'Contraseña de consulta (PIN de 6 cifras)',
    pinHelp: 'Escriba su PIN de 6 cifras. Nadie más puede verlo.',
    pinInvalid: 'El PIN tiene 6 cifras.',
    cardRead: 'Se ha leído su documento.',
    employerTitle: 'Acceso de empleadores',
    unitLabel: 'Número de empleador',
    unitHelp: 'Escriba su número de empleador (de 9 a 18 cifras o letras mayúsculas) y su contraseña.',
    unitInvalid: 'El número de empleador tiene de 9 a 18 cifras o letras mayúsculas.',
    passwordLabel: 'Contraseña',
    delegateTitle: 'Persona autorizada',
    delegateIdLabel: 'Su propio número de identidad',
    codeLabel: 'Código de autorización',
    codeHelp:
      'Escriba su propio número de identidad y el código de autorización que recibió en la ventanilla.',
    codeInvalid: 'El código de autorización tiene al menos 4 caracteres.',
    next: 'Siguiente',
    submit: 'Entrar',
    checking: 'Comprobando…',
    wrong: 'Los datos escritos no coinciden con nuestros registros. Inténtelo de nuevo.',
    attemptsLeft: (n) =>
      n === 1
        ? 'Le queda 1 intento antes de que se bloquee el acceso.'
        : `Le quedan ${n} intentos antes de que se bloquee el acceso.`,
    rateLimited: 'Demasiados intentos desde este terminal. Espere un momento e inténtelo de nuevo.',
    forID: (id) => `Número de identidad ${id}`,
    changeId: 'Cambiar el número de identidad',
    forgotPin: {
      button: '¿Ha olvidado su PIN?',
      title: 'Si ha olvidado su PIN',
      text: 'Acuda a la ventanilla de cualquier oficina del seguro social en su horario de atención. Le darán un PIN de un solo uso. La primera vez que entre con él, aquí o en la web, elegirá su propio PIN.',
      bring:
        'Lleve su documento de identidad (u otro documento oficial de identidad). Nadie puede darle un PIN por teléfono.',
    },
  },
  errors: {
    problems: {
      network: {
        title: 'Sin conexión con los registros',
        text: 'Este terminal no puede comunicarse ahora con el servicio de registros. No se ha guardado nada suyo. Inténtelo más tarde o pregunte en la ventanilla.',
      },
      bad_request: {
        title: 'Revise lo que ha escrito',
        text: 'Algún dato no tiene la forma esperada. Vuelva a empezar y revise cada campo.',
      },
      unauthenticated: {
        title: 'Vuelva a identificarse',
        text: 'Por su privacidad, esta página necesita una identificación válida. Vuelva a empezar, por favor.',
      },
      invalid_credentials: {
        title: 'Los datos no coinciden',
        text: 'Los datos que ha escrito no coinciden con nuestros registros. Vuelva a empezar, por favor.',
      },
      locked: {
        title: 'Acceso bloqueado',
        text: 'Demasiados intentos fallidos. Por su seguridad el acceso queda bloqueado durante un tiempo. También puede preguntar en la ventanilla.',
      },
      forbidden: {
        title: 'No disponible',
        text: 'Esto no está incluido en lo que usted puede consultar. Puede preguntar en la ventanilla.',
      },
      not_found: {
        title: 'No encontrado',
        text: 'No se ha encontrado lo que ha pedido. Vuelva a empezar, por favor.',
      },
      rate_limited: {
        title: 'Demasiadas consultas',
        text: 'Demasiadas consultas en poco tiempo. Espere un momento e inténtelo de nuevo.',
      },
      unknown_client: {
        title: 'Terminal no registrado',
        text: 'Este terminal no puede consultar registros en este momento. Use otro o pregunte en la ventanilla.',
      },
      session_expired: {
        title: 'Su sesión ha terminado',
        text: 'Por su privacidad la sesión ha terminado. Vuelva a empezar, por favor.',
      },
      authorization_expired: {
        title: 'La autorización ha caducado',
        text: 'La autorización que recibió en la ventanilla ya no es válida. La persona a la que representa puede darle una nueva en la ventanilla.',
      },
      log_unavailable: {
        title: 'Consultas en pausa',
        text: 'Los registros solo se muestran si cada consulta queda anotada, y ahora no es posible. No se ha mostrado nada. Inténtelo más tarde o pregunte en la ventanilla.',
      },
      store_unavailable: {
        title: 'El servicio no está disponible',
        text: 'Ahora no se pueden leer los registros. No se ha guardado nada suyo. Inténtelo más tarde o pregunte en la ventanilla.',
      },
      pin_change_required: {
        title: 'Elija primero un PIN nuevo',
        text: 'El PIN que ha usado solo sirve una vez. Elija su propio PIN nuevo antes de consultar el registro.',
      },
      internal: {
        title: 'Algo no ha funcionado',
        text: 'No se ha podido completar la consulta. Vuelva a empezar o pregunte en la ventanilla.',
      },
    },
    lockedText: (when) =>
      when
        ? `Demasiados intentos fallidos. Por su seguridad el acceso queda bloqueado hasta ${when}. También puede preguntar en la ventanilla.`
        : 'Demasiados intentos fallidos. Por su seguridad el acceso queda bloqueado durante un tiempo. También puede preguntar en la ventanilla.',
    forbiddenText: 'Esta parte del registro no está incluida en lo que usted puede consultar.',
  },
  idle: {
    title: '¿Sigue ahí?',
    text: (s) => `Por su privacidad la sesión se cerrará en ${s} segundos.`,
    continue: 'Continuar',
  },
  loading: 'Cargando…',
  menu: {
    title: 'Su registro',
    titleDelegate: 'Registro de la persona que le autorizó',
    intro: 'Elija lo que desea consultar.',
    delegateIntro: (d) => `Está consultando el registro de la persona que le autorizó, hasta el ${d}.`,
    notInAuthorisation: 'no incluido en su autorización',
    summaryTitle: 'Resumen',
    latestPaidMonth: 'Último mes pagado',
    monthsInArrears: 'Meses impagados (en mora)',
    noArrears: 'Ningún mes en mora',
    certificate: 'Imprimir un certificado de cotizaciones',
    lastBenefit: 'Último pago de prestación',
    lastBenefitValue: (b, mo, a, d) => `${b}, ${mo}: ${a} (pagado el ${d})`,
  },
  registration: {
    person: 'Persona asegurada',
    name: 'Nombre',
    nationalId: 'Número de identidad',
    sex: 'Sexo',
    sexes: { F: 'mujer', M: 'hombre' },
    birthDate: 'Fecha de nacimiento',
    address: 'Domicilio',
    registeredOn: 'Registrada el',
    region: 'Región',
    status: 'Situación',
    personStatus: {
      working: 'en activo',
      unemployed: 'en desempleo',
      retired: 'jubilada',
      flexible: 'empleo flexible',
    },
    enrolments: 'Afiliación',
    insuranceType: 'Seguro',
    since: 'Desde',
    until: 'Hasta',
    enrolmentStatus: { active: 'activa', suspended: 'suspendida', ended: 'terminada' },
    employment: 'Empleadores',
    employer: 'Empleador',
    unitNumber: 'Número de empleador',
    firstMonth: 'Desde',
    lastMonth: 'Hasta',
    current: 'actualidad',
  },
  contributions: {
    years: 'Cotizaciones por año',
    yearsHelp: 'Elija un año para ver sus meses.',
    chartTitle: 'Cotizaciones por año',
    chartDescription: (n, a, b) =>
      `Gráfico de barras de ${n} años de cotizaciones, de ${a} a ${b}. Las mismas cifras están en la tabla de abajo.`,
    year: 'Año',
    months: 'Meses',
    employerPart: 'Aportación del empleador',
    individualPart: 'Aportación individual',
    individualPartOther: 'Aportación individual',
    arrears: 'Impagada (en mora)',
    openYear: (y) => `Meses de ${y}`,
    monthsOf: (y) => `Cotizaciones de ${y}`,
    month: 'Mes',
    base: 'Base de cotización',
    status: 'Estado',
    paidDate: 'Pagada el',
    arrearsMark: 'Impagada',
    subsidies: 'Subsidios',
    subsidy: 'Subsidio',
    subsidyKind: { flexible_employment: 'subsidio de cotización por empleo flexible' },
    amount: 'Importe',
    none: 'No hay cotizaciones registradas.',
    allYears: 'Todos los años',
  },
  benefits: {
    eligibility: 'Derecho a la prestación',
    benefit: 'Prestación',
    eligible: 'Con derecho',
    yes: 'sí',
    no: 'no',
    since: 'Desde',
    until: 'Hasta',
    monthlyAmount: 'Al mes',
    payments: 'Pagos recibidos',
    period: 'Período',
    amount: 'Importe',
    paidDate: 'Pagado el',
    none: 'No hay pagos registrados.',
  },
  accounts: {
    periods: 'Período de cotización',
    insuranceType: 'Seguro',
    months: 'Meses',
    balances: 'Cuentas personales',
    balance: 'Saldo',
    chartTitle: 'Evolución de la cuenta personal de pensiones',
    chartDescription: (a, b) =>
      `Gráfico de líneas del saldo de la cuenta personal de pensiones al final de cada año, de ${a} a ${b}. Las mismas cifras están en la tabla de abajo.`,
    year: 'Año',
    accrual: 'Ingresado',
    interest: 'Intereses',
    closingBalance: 'Saldo a fin de año',
    movements: 'Últimos movimientos',
    date: 'Fecha',
    kind: 'Movimiento',
    amount: 'Importe',
    balanceAfter: 'Saldo después',
    movementKind: {
      contribution: 'cotización',
      interest: 'intereses',
      payout: 'pago',
      transfer_in: 'traslado recibido',
      transfer_out: 'traslado enviado',
    },
  },
  other: {
    transfers: 'Traslados del seguro social',
    date: 'Fecha',
    fromRegion: 'Desde',
    toRegion: 'Hacia',
    months: 'Meses',
    funds: 'Fondos trasladados',
    corrections: 'Correcciones',
    category: 'Parte del registro',
    field: 'Dato',
    reason: 'Motivo',
    none: 'No hay nada registrado.',
    fieldName: {
      address: 'domicilio',
      name: 'nombre',
      base: (mo) => `base de cotización, ${mo}`,
      other: 'un dato del registro',
    },
    reasonName: {
      applicant_request: 'a petición de la persona asegurada',
      identity_document_update: 'actualización del documento de identidad',
      employer_declaration_corrected: 'corrección de la declaración del empleador',
      other: 'corrección de la agencia',
    },
  },
  certificate: {
    title: 'Certificado de cotizaciones',
    intro:
      'El certificado recoge sus meses e importes cotizados por seguro. Cualquiera puede comprobarlo durante 30 días con su número de serie y su código de verificación.',
    issue: 'Preparar el certificado',
    preview: 'Vista previa',
    serial: 'Número de serie',
    checkCode: 'Código de verificación',
    issuedAt: 'Emitido',
    validUntil: 'Comprobable hasta',
    holder: 'Persona asegurada',
    period: (a, b) => `Período: de ${a} a ${b}`,
    insuranceType: 'Seguro',
    months: 'Meses',
    employerPart: 'Aportación del empleador',
    individualPart: 'Aportación individual',
    arrearsMonths: 'Meses impagados (en mora) en el período',
    verifyHow:
      'Cualquiera puede comprobar este certificado en la web de la agencia, página «Comprobar un documento», o en cualquier oficina del seguro social, con el número de serie y el código de verificación.',
    qrAlt: 'Código QR: escanéelo para abrir la comprobación de este certificado',
    print: 'Imprimir',
    printed: 'El certificado se ha enviado a la impresora.',
    printFailed: 'No se ha podido imprimir el certificado. Pregunte en la ventanilla.',
  },
  employer: {
    menuTitle: 'Su unidad empleadora',
    summary: 'Totales por mes',
    staff: 'Plantilla',
    staffCount: 'Plantilla actual',
    staffInArrears: 'Personas con meses impagados',
    arrearsAmount: 'Importe impagado (en mora)',
    chartTitle: 'Cotizaciones pagadas por mes',
    chartDescription:
      'Gráfico de barras del importe pagado cada mes. Las mismas cifras están en la tabla de abajo.',
    month: 'Mes',
    headcount: 'Personas',
    base: 'Base de cotización',
    employerPart: 'Aportación del empleador',
    individualPart: 'Aportación individual',
    paidAmount: 'Pagado',
    filter: 'Mostrar',
    all: 'todos',
    ref: 'Referencia',
    nationalId: 'Número de identidad',
    name: 'Nombre',
    status: 'Estado',
    period: 'En esta unidad',
    monthsInArrears: 'Meses impagados',
    latestPaidMonth: 'Último pagado',
    open: 'Meses',
    none: 'No hay nadie en esta lista.',
    memberTitle: (id) => `Persona ${id}`,
    memberIntro: 'Solo los meses en que esta persona trabajó para su unidad.',
  },
  chart: {
    legendPaid: 'pagado',
    legendArrears: 'con meses impagados (en mora)',
    legendBalance: 'saldo a fin de año',
    withArrears: 'con meses impagados',
  },
  disclosure: {
    title: 'Qué puede consultar aquí',
    intro:
      'Publicado por la agencia de seguro social: qué parte del registro puede ver cada persona y por qué canal.',
    role: { insured: 'Persona asegurada', delegate: 'Persona autorizada', employer: 'Empleador' },
    channel: { kiosk: 'Terminal de autoservicio', phone: 'Teléfono', web: 'Sitio web' },
    allowed: 'sí',
    notAllowed: 'no',
    withheld: 'no se muestra',
    withheldField: {
      fullNationalId: 'número de identidad completo (se muestra enmascarado)',
      address: 'domicilio',
      name: 'nombre',
      otherPersonsNames: 'nombres de otras personas',
    },
    category: 'Parte del registro',
  },
  speech: {
    start:
      'Bienvenido. Elija un idioma y toque «Escribir mi número de identidad», o introduzca su documento.',
    pin: 'Escriba su PIN de 6 cifras en el teclado. No se leerá en voz alta.',
    digitEntered: 'cifra escrita',
  },
};

const zh: KioskMessages = {
  languageName: '中文',
  appTitle: '社会保险个人权益记录',
  skipToContent: '跳到正文',
  access: {
    toolbar: '显示和语言',
    highContrast: '高对比度',
    largeText: '大字体',
    speech: '语音引导',
    language: '语言',
  },
  nav: {
    logout: '退出',
    back: '返回',
    backToStart: '返回首页',
    menu: '主菜单',
    previousPage: '上一页',
    nextPage: '下一页',
    pageOf: (page, pages) => `第 ${page} 页，共 ${pages} 页`,
  },
  start: {
    title: '查询社会保险个人权益记录',
    intro: '查看您的社会保险登记、缴费、待遇和个人账户，并打印参保缴费证明。',
    insertCard: '请将身份证放在读卡器上，或',
    typeId: '输入公民身份号码',
    employer: '我是用人单位',
    delegate: '我受人委托查询',
    disclosure: '这里可以查询什么？',
    checkDocument: '核验文件',
  },
  keypad: {
    label: '键盘',
    delete: '删除',
    clear: '清空',
    shift: '大写',
    space: '空格',
    letters: '字母',
    digits: '数字',
  },
  login: {
    idTitle: '公民身份号码',
    idLabel: '公民身份号码（18 位）',
    idHelp: '请输入 18 位公民身份号码，最后一位可能是 X。',
    idInvalid: '公民身份号码无效，请核对后重新输入。',
    pinTitle: '查询密码',
    pinLabel: '查询密码（6 位数字）',
    pinHelp: '请输入 6 位查询密码，他人看不到。',
    pinInvalid: '查询密码为 6 位数字。',
    cardRead: '已读取您的身份证。',
    employerTitle: '用人单位登录',
    unitLabel: '单位编号',
    unitHelp: '请输入单位编号（9 至 18 位数字或大写字母）和密码。',
    unitInvalid: '单位编号为 9 至 18 位数字或大写字母。',
    passwordLabel: '密码',
    delegateTitle: '受委托人',
    delegateIdLabel: '您本人的公民身份号码',
    codeLabel: '授权码',
    codeHelp: '请输入您本人的公民身份号码和在窗口领取的授权码。',
    codeInvalid: '授权码至少 4 位。',
    next: '下一步',
    submit: '登录',
    checking: '正在核对…',
    wrong: '您输入的信息与记录不符，请重新输入。',
    attemptsLeft: (n) => `还可尝试 ${n} 次，之后将锁定。`,
    rateLimited: '本终端尝试次数过多，请稍后再试。',
    forID: (id) => `公民身份号码 ${id}`,
    changeId: '更改身份号码',
    forgotPin: {
      button: '忘记密码？',
      title: '忘记查询密码怎么办',
      text: '请在办公时间到任何社会保险经办机构的服务窗口办理。工作人员会给您一个一次性密码。您第一次用它登录（在这里或网站上）时，需要设置自己的新密码。',
      bring: '请携带本人身份证（或其他有效身份证件）。任何人都不会通过电话告诉您密码。',
    },
  },
  errors: {
    problems: {
      network: {
        title: '无法连接记录服务',
        text: '本终端目前无法连接记录服务，您的信息未被保留。请稍后再试或到窗口咨询。',
      },
      bad_request: { title: '请检查输入内容', text: '输入的内容格式不正确。请重新开始并检查每一项。' },
      unauthenticated: { title: '请重新登录', text: '为保护您的隐私，此页面需要有效登录。请重新开始。' },
      invalid_credentials: { title: '信息不匹配', text: '您输入的信息与记录不符。请重新开始。' },
      locked: {
        title: '已锁定',
        text: '错误次数过多。为了您的安全，已暂时锁定。您也可以到窗口咨询。',
      },
      forbidden: { title: '无法查看', text: '此内容不在您可查看的范围内。您可以到窗口咨询。' },
      not_found: { title: '未找到', text: '未找到您要查询的内容。请重新开始。' },
      rate_limited: { title: '请求过多', text: '短时间内请求过多。请稍候再试。' },
      unknown_client: { title: '终端未登记', text: '本终端目前不能查询记录。请使用其他终端或到窗口咨询。' },
      session_expired: { title: '会话已结束', text: '为保护您的隐私，会话已结束，请重新开始。' },
      authorization_expired: {
        title: '授权已过期',
        text: '您在窗口取得的授权已失效。委托人可以到窗口为您办理新的授权。',
      },
      log_unavailable: {
        title: '查询暂停',
        text: '只有在每次查询都能被记录时才显示记录，目前无法记录，因此未显示任何内容。请稍后再试或到窗口咨询。',
      },
      store_unavailable: {
        title: '服务暂不可用',
        text: '目前无法读取记录，您的信息未被保留。请稍后再试或到窗口咨询。',
      },
      pin_change_required: {
        title: '请先设置新密码',
        text: '您使用的密码只能使用一次。查看记录前，请先设置您自己的新密码。',
      },
      internal: { title: '出现问题', text: '查询未能完成，请重新开始或到窗口咨询。' },
    },
    lockedText: (when) =>
      when
        ? `错误次数过多。为了您的安全，已锁定至 ${when}。您也可以到窗口咨询。`
        : '错误次数过多。为了您的安全，已暂时锁定。您也可以到窗口咨询。',
    forbiddenText: '这部分记录不在您可查看的范围内。',
  },
  idle: { title: '您还在吗？', text: (s) => `为保护您的隐私，将在 ${s} 秒后退出。`, continue: '继续' },
  loading: '正在加载…',
  menu: {
    title: '您的记录',
    titleDelegate: '委托人的记录',
    intro: '请选择要查看的内容。',
    delegateIntro: (d) => `您正在查看委托人的记录，有效期至 ${d}。`,
    notInAuthorisation: '不在授权范围内',
    summaryTitle: '概况',
    latestPaidMonth: '最近已缴月份',
    monthsInArrears: '欠费月数',
    noArrears: '无欠费',
    certificate: '打印参保缴费证明',
    lastBenefit: '最近一次待遇发放',
    lastBenefitValue: (b, mo, a, d) => `${b}，${mo}：${a}（${d}发放）`,
  },
  registration: {
    person: '参保人员',
    name: '姓名',
    nationalId: '公民身份号码',
    sex: '性别',
    sexes: { F: '女', M: '男' },
    birthDate: '出生日期',
    address: '地址',
    registeredOn: '登记日期',
    region: '参保地',
    status: '状态',
    personStatus: { working: '在职', unemployed: '失业', retired: '退休', flexible: '灵活就业' },
    enrolments: '参保',
    insuranceType: '险种',
    since: '起始',
    until: '终止',
    enrolmentStatus: { active: '参保缴费', suspended: '暂停缴费', ended: '终止' },
    employment: '用人单位',
    employer: '用人单位',
    unitNumber: '单位编号',
    firstMonth: '起始',
    lastMonth: '终止',
    current: '至今',
  },
  contributions: {
    years: '年度缴费',
    yearsHelp: '选择年份查看各月明细。',
    chartTitle: '年度缴费',
    chartDescription: (n, a, b) => `柱状图：${a} 至 ${b} 共 ${n} 年的缴费。下表有相同数据。`,
    year: '年份',
    months: '月数',
    employerPart: '单位缴费',
    individualPart: '个人缴费',
    individualPartOther: '个人缴费',
    arrears: '欠费',
    openYear: (y) => `${y} 年各月`,
    monthsOf: (y) => `${y} 年缴费明细`,
    month: '月份',
    base: '缴费基数',
    status: '状态',
    paidDate: '缴费日期',
    arrearsMark: '欠费',
    subsidies: '补贴',
    subsidy: '补贴',
    subsidyKind: { flexible_employment: '灵活就业人员社会保险补贴' },
    amount: '金额',
    none: '没有缴费记录。',
    allYears: '全部年份',
  },
  benefits: {
    eligibility: '待遇资格',
    benefit: '待遇',
    eligible: '有资格',
    yes: '是',
    no: '否',
    since: '起始',
    until: '终止',
    monthlyAmount: '每月',
    payments: '已领取待遇',
    period: '所属期',
    amount: '金额',
    paidDate: '发放日期',
    none: '没有领取记录。',
  },
  accounts: {
    periods: '缴费年限（月数）',
    insuranceType: '险种',
    months: '月数',
    balances: '个人账户',
    balance: '余额',
    chartTitle: '基本养老保险个人账户增长',
    chartDescription: (a, b) => `折线图：${a} 至 ${b} 每年年末基本养老保险个人账户余额。下表有相同数据。`,
    year: '年份',
    accrual: '记入',
    interest: '利息',
    closingBalance: '年末余额',
    movements: '最近变动',
    date: '日期',
    kind: '类型',
    amount: '金额',
    balanceAfter: '变动后余额',
    movementKind: {
      contribution: '缴费记入',
      interest: '利息',
      payout: '支付',
      transfer_in: '转入',
      transfer_out: '转出',
    },
  },
  other: {
    transfers: '社会保险关系转移接续',
    date: '日期',
    fromRegion: '转出地',
    toRegion: '转入地',
    months: '月数',
    funds: '转移资金',
    corrections: '更正',
    category: '记录类别',
    field: '项目',
    reason: '原因',
    none: '没有记录。',
    fieldName: {
      address: '住址',
      name: '姓名',
      base: (mo) => `缴费基数（${mo}）`,
      other: '记录中的一项信息',
    },
    reasonName: {
      applicant_request: '参保人申请',
      identity_document_update: '身份证件更新',
      employer_declaration_corrected: '单位申报更正',
      other: '经办机构更正',
    },
  },
  certificate: {
    title: '参保缴费证明',
    intro: '证明列出各险种的缴费月数和金额。任何人可在 30 天内凭编号和校验码核验。',
    issue: '生成证明',
    preview: '预览',
    serial: '证明编号',
    checkCode: '校验码',
    issuedAt: '出具时间',
    validUntil: '可核验至',
    holder: '参保人员',
    period: (a, b) => `期间：${a} 至 ${b}`,
    insuranceType: '险种',
    months: '月数',
    employerPart: '单位缴费',
    individualPart: '个人缴费',
    arrearsMonths: '期间内欠费月数',
    verifyHow:
      '任何人都可以在经办机构网站的“核验文件”页面，或到任一社会保险经办机构，凭证明编号和校验码核验本证明。',
    qrAlt: '二维码：扫描即可查验本证明',
    print: '打印',
    printed: '证明已发送到打印机。',
    printFailed: '证明未能打印，请到窗口咨询。',
  },
  employer: {
    menuTitle: '您的单位',
    summary: '月度合计',
    staff: '职工',
    staffCount: '在职职工',
    staffInArrears: '有欠费的职工',
    arrearsAmount: '欠费金额',
    chartTitle: '每月已缴金额',
    chartDescription: '柱状图：每月已缴金额。下表有相同数据。',
    month: '月份',
    headcount: '人数',
    base: '缴费基数',
    employerPart: '单位缴费',
    individualPart: '个人缴费',
    paidAmount: '已缴',
    filter: '显示',
    all: '全部',
    ref: '编号',
    nationalId: '公民身份号码',
    name: '姓名',
    status: '状态',
    period: '在本单位期间',
    monthsInArrears: '欠费月数',
    latestPaidMonth: '最近已缴',
    open: '明细',
    none: '列表为空。',
    memberTitle: (id) => `职工 ${id}`,
    memberIntro: '仅显示此人在本单位工作的月份。',
  },
  chart: {
    legendPaid: '已缴',
    legendArrears: '有欠费月份',
    legendBalance: '年末余额',
    withArrears: '有欠费月份',
  },
  disclosure: {
    title: '可供查询的内容',
    intro: '社会保险经办机构公布：各类人员可通过哪些渠道查询哪些记录。',
    role: { insured: '参保人员', delegate: '受委托人', employer: '用人单位' },
    channel: { kiosk: '自助终端', phone: '电话', web: '网站' },
    allowed: '可以',
    notAllowed: '不可以',
    withheld: '不显示',
    withheldField: {
      fullNationalId: '完整身份号码（显示部分隐藏的号码）',
      address: '住址',
      name: '姓名',
      otherPersonsNames: '他人姓名',
    },
    category: '记录类别',
  },
  speech: {
    start: '欢迎。请选择语言，然后点击“输入公民身份号码”，或将身份证放在读卡器上。',
    pin: '请在键盘上输入 6 位查询密码，密码不会被读出。',
    digitEntered: '已输入一位',
  },
};

export const KIOSK_MESSAGES: Record<Language, KioskMessages> = { en, es, 'zh-CN': zh };

/** The `lang` attribute and speech language for each of the kiosk's languages. */
export const KIOSK_LANG_TAG: Record<Language, string> = { es: 'es', en: 'en', 'zh-CN': 'zh-CN' };
