// The phone hotline's prompts and answers in es, en and zh-CN. Figures arrive already spoken (see ../speech.ts);
// the templates only place them in a sentence. Speech words are what a caller may say instead of pressing a key.
import type { EnrolmentStatus, PersonStatus, RecordCategory, StaffStatus } from '../domain.ts';
import type { Language } from '../i18n.ts';
import type { Spoken } from '../speech.ts';

export interface IvrPrompt {
  /** Said the first time and when the caller asks to hear it again. */
  long: string;
  /** Said after a wrong or missing answer. */
  short: string;
}

export interface IvrMessages {
  /** "a, b and c" in this language. */
  list: (items: string[]) => string;
  /** The record's categories as the phone names them mid-sentence. */
  categoryNames: Record<RecordCategory, string>;
  /** A region named by its code (the record holds codes): "region 4 4 0 3 0 0". */
  region: (code: Spoken) => Spoken;
  /** The line for this language in the multilingual language menu, said in this language's voice. */
  languageOption: string;
  languageWords: string[];
  noInput: string;
  invalid: string;
  tooManyFailures: string;
  who: IvrPrompt & { insuredWords: string[]; employerWords: string[] };
  nationalId: IvrPrompt & { invalid: string };
  confirmId: {
    long: (ending: Spoken) => Spoken;
    short: (ending: Spoken) => Spoken;
    yesWords: string[];
    noWords: string[];
  };
  pin: IvrPrompt & { invalid: string };
  unitNumber: IvrPrompt & { invalid: string };
  employerPin: IvrPrompt;
  wrongCredentials: (attemptsLeft: number | null) => string;
  locked: (wait: string | null) => string;
  loggedIn: string;
  insuredMenu: IvrPrompt & {
    words: Record<
      'registration' | 'contributions' | 'benefits' | 'accounts' | 'other' | 'disclosure',
      string[]
    >;
  };
  employerMenu: IvrPrompt & {
    words: Record<'staff' | 'arrears' | 'months' | 'lookup' | 'disclosure', string[]>;
  };
  /** Words shared by every menu after login. */
  commonWords: Record<'repeat' | 'agent' | 'menu' | 'end', string[]>;
  afterAnswer: IvrPrompt;
  staffLookupId: IvrPrompt;
  apiDown: string;
  rateLimited: string;
  sessionExpired: string;
  transferring: string;
  noAgent: string;
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
    eligible: (benefit: string, since: string | null, monthly: string | null) => string;
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
  disclosure: {
    canCheck: (categories: string[]) => string;
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
  languageOption: 'Welcome to the social insurance record hotline. For English, press 2.',
  languageWords: ['english', 'inglés', 'ingles'],
  noInput: "I didn't hear anything.",
  invalid: "Sorry, I didn't get that.",
  tooManyFailures: "Sorry, I still couldn't understand you.",
  who: {
    long: 'If you are an insured person calling about your own record, press 1 or say "insured". If you are calling for an employer, press 2 or say "employer".',
    short: 'Insured person, press 1. Employer, press 2.',
    insuredWords: ['insured', 'person', 'myself', 'my record'],
    employerWords: ['employer', 'company', 'unit', 'business'],
  },
  nationalId: {
    long: 'Please type your ID number on the keypad, then press the pound key. For the letter X, press the star key.',
    short: 'Type your ID number, then press pound.',
    invalid: 'That is not a valid ID number.',
  },
  confirmId: {
    long: (ending) => [
      'You entered an ID number ending in ',
      ...ending,
      '. If that is right, press 1 or say "yes". To type it again, press 2.',
    ],
    short: (ending) => ['ID number ending in ', ...ending, '. Correct, press 1. Type it again, press 2.'],
    yesWords: ['yes', 'right', 'correct'],
    noWords: ['no', 'again', 'wrong'],
  },
  pin: {
    long: 'Now type your 6-digit query PIN, then press the pound key. To type your ID number again, press star.',
    short: 'Type your 6-digit PIN, then press pound. Star to type the ID number again.',
    invalid: 'The query PIN has 6 digits.',
  },
  unitNumber: {
    long: 'Please type your employer number on the keypad, then press the pound key.',
    short:
      'Type your employer number, then press pound. If it has a letter, press star, the key that carries the letter, then its place on that key: for M, star, 6, 1.',
    invalid: 'That is not a valid employer number.',
  },
  employerPin: {
    long: "Now type the employer's 6-digit phone PIN, then press the pound key.",
    short: 'Type the 6-digit phone PIN, then press pound.',
  },
  wrongCredentials: (left) =>
    left === null
      ? 'The number or the PIN is not correct.'
      : `The number or the PIN is not correct. You have ${left} ${left === 1 ? 'attempt' : 'attempts'} left before access is locked for a while.`,
  locked: (wait) =>
    wait === null
      ? 'For your security, access with this number is locked for a while. Please try again later.'
      : `For your security, access with this number is locked. Please try again in ${wait}.`,
  loggedIn: 'Thank you.',
  insuredMenu: {
    long: 'Main menu. For your registration and enrolment, press 1. For your contributions and any arrears, press 2. For benefits, press 3. For your months of contributions and individual accounts, press 4. For transfers and corrections, press 5. To hear what you can check by phone, press 8. To hear this menu again, press 9. To speak to an agent, press 0. To end the call, press pound.',
    short:
      'Registration, 1. Contributions, 2. Benefits, 3. Months and accounts, 4. Transfers and corrections, 5. What you can check, 8. Agent, 0.',
    words: {
      registration: ['registration', 'enrolment', 'enrollment'],
      contributions: ['contribution', 'contributions', 'arrears', 'payments'],
      benefits: ['benefit', 'benefits', 'pension'],
      accounts: ['account', 'accounts', 'months', 'balance'],
      other: ['transfer', 'transfers', 'correction', 'corrections', 'other'],
      disclosure: ['what can i check', 'information', 'disclosure'],
    },
  },
  employerMenu: {
    long: 'Employer menu. For your number of staff, press 1. For staff in arrears and the amount, press 2. For your totals for the latest months, press 3. For one employee, by their ID number, press 4. To hear what you can check by phone, press 8. To hear this menu again, press 9. To speak to an agent, press 0. To end the call, press pound.',
    short: 'Staff, 1. Arrears, 2. Latest months, 3. One employee, 4. What you can check, 8. Agent, 0.',
    words: {
      staff: ['staff', 'how many', 'employees'],
      arrears: ['arrears', 'unpaid', 'owed'],
      months: ['months', 'totals', 'latest'],
      lookup: ['one employee', 'employee', 'person', 'look up'],
      disclosure: ['what can i check', 'information', 'disclosure'],
    },
  },
  commonWords: {
    repeat: ['repeat', 'again'],
    agent: ['agent', 'operator'],
    menu: ['menu', 'main menu', 'back'],
    end: ['goodbye', 'bye', 'end', 'hang up'],
  },
  afterAnswer: {
    long: 'To hear this again, press 9. For the main menu, press star. To speak to an agent, press 0. To end the call, press pound.',
    short: 'Again, 9. Main menu, star. Agent, 0. End, pound.',
  },
  staffLookupId: {
    long: "Type the employee's ID number on the keypad, then press the pound key. For the letter X, press star.",
    short: "Type the employee's ID number, then press pound.",
  },
  apiDown: "We're sorry: the records service isn't answering right now.",
  rateLimited: "We're sorry: the line is very busy right now.",
  sessionExpired: 'For your security, your session has ended.',
  transferring: 'Please hold while I transfer you to an agent.',
  noAgent:
    'No agent can take your call on this line at the moment. Please call again later or visit a social insurance agency office.',
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
    latestPaid: (month) => `Your latest paid month is ${month}.`,
    nonePaid: 'No paid contribution is on record.',
    month: (month, yours, employers, status) =>
      `${month}: your part ${yours}, the employer's part ${employers}, ${status}.`,
    arrears: (months, amount) => `You have ${months} in arrears, for a total of ${amount}.`,
    arrearsMonths: (months, more) =>
      `Months in arrears: ${list(months, 'and')}${more > 0 ? `, and ${more} more` : ''}.`,
    noArrears: 'You have no contributions in arrears.',
  },
  benefits: {
    eligible: (benefit, since, monthly) =>
      `You are entitled to ${benefit}${since ? ` since ${since}` : ''}${monthly ? `, ${monthly} a month` : ''}.`,
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
  disclosure: {
    canCheck: (categories) => `By phone you can check: ${list(categories, 'and')}.`,
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
  languageOption: 'Bienvenido a la consulta del registro del seguro social. Para español, pulse 1.',
  languageWords: ['español', 'espanol', 'castellano', 'spanish'],
  noInput: 'No he oído nada.',
  invalid: 'Perdone, no le he entendido.',
  tooManyFailures: 'Lo siento, sigo sin entenderle.',
  who: {
    long: 'Si es usted una persona asegurada y llama por su propio registro, pulse 1 o diga "asegurado". Si llama por un empleador, pulse 2 o diga "empleador".',
    short: 'Persona asegurada, pulse 1. Empleador, pulse 2.',
    insuredWords: ['asegurado', 'asegurada', 'persona', 'mi registro'],
    employerWords: ['empleador', 'empresa', 'unidad'],
  },
  nationalId: {
    long: 'Marque su número de identidad en el teclado y pulse la tecla almohadilla. Para la letra equis, pulse la tecla asterisco.',
    short: 'Marque su número de identidad y pulse almohadilla.',
    invalid: 'Ese número de identidad no es válido.',
  },
  confirmId: {
    long: (ending) => [
      'Ha marcado un número de identidad que termina en ',
      ...ending,
      '. Si es correcto, pulse 1 o diga "sí". Para marcarlo de nuevo, pulse 2.',
    ],
    short: (ending) => ['Número que termina en ', ...ending, '. Correcto, pulse 1. De nuevo, pulse 2.'],
    yesWords: ['sí', 'si', 'correcto', 'vale'],
    noWords: ['no', 'otra vez', 'de nuevo'],
  },
  pin: {
    long: 'Ahora marque su contraseña de consulta de 6 cifras y pulse almohadilla. Para marcar de nuevo su número de identidad, pulse asterisco.',
    short:
      'Marque su contraseña de 6 cifras y pulse almohadilla; asterisco para volver a marcar el número de identidad.',
    invalid: 'La contraseña de consulta tiene 6 cifras.',
  },
  unitNumber: {
    long: 'Marque su número de empleador en el teclado y pulse la tecla almohadilla.',
    short:
      'Marque su número de empleador y pulse almohadilla. Si tiene una letra, pulse asterisco, la tecla que la lleva y su posición en esa tecla: para la M, asterisco, 6, 1.',
    invalid: 'Ese número de empleador no es válido.',
  },
  employerPin: {
    long: 'Ahora marque la contraseña telefónica del empleador, de 6 cifras, y pulse almohadilla.',
    short: 'Marque la contraseña telefónica de 6 cifras y pulse almohadilla.',
  },
  wrongCredentials: (left) =>
    left === null
      ? 'El número o la contraseña no son correctos.'
      : `El número o la contraseña no son correctos. Le ${left === 1 ? 'queda 1 intento' : `quedan ${left} intentos`} antes de que el acceso se bloquee durante un tiempo.`,
  locked: (wait) =>
    wait === null
      ? 'Por su seguridad, el acceso con este número está bloqueado durante un tiempo. Inténtelo más tarde.'
      : `Por su seguridad, el acceso con este número está bloqueado. Vuelva a intentarlo dentro de ${wait}.`,
  loggedIn: 'Gracias.',
  insuredMenu: {
    long: 'Menú principal. Para su registro y afiliación, pulse 1. Para sus cotizaciones y posibles deudas, pulse 2. Para prestaciones, pulse 3. Para su período de cotización y cuentas personales, pulse 4. Para traslados y correcciones, pulse 5. Para saber qué puede consultar por teléfono, pulse 8. Para oír de nuevo este menú, pulse 9. Para hablar con un agente, pulse 0. Para terminar la llamada, pulse almohadilla.',
    short:
      'Registro, 1. Cotizaciones, 2. Prestaciones, 3. Período y cuentas, 4. Traslados y correcciones, 5. Qué puede consultar, 8. Agente, 0.',
    words: {
      registration: ['registro', 'afiliación', 'afiliacion'],
      contributions: ['cotización', 'cotizaciones', 'cotizacion', 'deudas', 'mora'],
      benefits: ['prestación', 'prestaciones', 'prestacion', 'pensión', 'pension'],
      accounts: ['cuenta', 'cuentas', 'período', 'periodo', 'saldo'],
      other: ['traslado', 'traslados', 'corrección', 'correcciones', 'otros'],
      disclosure: ['qué puedo consultar', 'que puedo consultar', 'información', 'informacion'],
    },
  },
  employerMenu: {
    long: 'Menú del empleador. Para el número de trabajadores, pulse 1. Para los trabajadores en mora y el importe, pulse 2. Para sus totales de los últimos meses, pulse 3. Para un trabajador, por su número de identidad, pulse 4. Para saber qué puede consultar por teléfono, pulse 8. Para oír de nuevo este menú, pulse 9. Para hablar con un agente, pulse 0. Para terminar la llamada, pulse almohadilla.',
    short: 'Plantilla, 1. Mora, 2. Últimos meses, 3. Un trabajador, 4. Qué puede consultar, 8. Agente, 0.',
    words: {
      staff: ['plantilla', 'trabajadores', 'cuántos', 'cuantos'],
      arrears: ['mora', 'deuda', 'impagadas'],
      months: ['meses', 'totales', 'últimos', 'ultimos'],
      lookup: ['un trabajador', 'trabajador', 'persona', 'buscar'],
      disclosure: ['qué puedo consultar', 'que puedo consultar', 'información', 'informacion'],
    },
  },
  commonWords: {
    repeat: ['repetir', 'otra vez'],
    agent: ['agente', 'operador'],
    menu: ['menú', 'menu', 'volver', 'principal'],
    end: ['adiós', 'adios', 'terminar', 'colgar'],
  },
  afterAnswer: {
    long: 'Para oírlo de nuevo, pulse 9. Para el menú principal, pulse asterisco. Para hablar con un agente, pulse 0. Para terminar la llamada, pulse almohadilla.',
    short: 'De nuevo, 9. Menú principal, asterisco. Agente, 0. Terminar, almohadilla.',
  },
  staffLookupId: {
    long: 'Marque el número de identidad del trabajador y pulse almohadilla. Para la letra equis, pulse asterisco.',
    short: 'Marque el número de identidad del trabajador y pulse almohadilla.',
  },
  apiDown: 'Lo sentimos: el servicio de registros no responde en este momento.',
  rateLimited: 'Lo sentimos: la línea está muy ocupada en este momento.',
  sessionExpired: 'Por su seguridad, su sesión ha terminado.',
  transferring: 'Un momento, por favor: le paso con un agente.',
  noAgent:
    'Ahora mismo ningún agente puede atender su llamada en esta línea. Vuelva a llamar más tarde o acuda a una oficina de la agencia de seguro social.',
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
    latestPaid: (month) => `Su último mes pagado es ${month}.`,
    nonePaid: 'No consta ninguna cotización pagada.',
    month: (month, yours, employers, status) =>
      `${month}: aportación individual ${yours}, aportación del empleador ${employers}, ${status}.`,
    arrears: (months, amount) => `Tiene ${months} en mora, por un total de ${amount}.`,
    arrearsMonths: (months, more) =>
      `Meses en mora: ${list(months, 'y')}${more > 0 ? `, y ${more} más` : ''}.`,
    noArrears: 'No tiene cotizaciones en mora.',
  },
  benefits: {
    eligible: (benefit, since, monthly) =>
      `Tiene derecho a ${benefit}${since ? ` desde el ${since}` : ''}${monthly ? `, ${monthly} al mes` : ''}.`,
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
  disclosure: {
    canCheck: (categories) => `Por teléfono puede consultar: ${list(categories, 'y')}.`,
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
  languageOption: '欢迎致电社会保险个人权益记录查询热线。中文服务请按3。',
  languageWords: ['中文', '普通话', '汉语', '国语'],
  noInput: '没有收到您的输入。',
  invalid: '对不起，没有听清。',
  tooManyFailures: '对不起，仍然无法识别您的输入。',
  who: {
    long: '参保人员查询本人记录，请按1或说“参保人员”；用人单位查询，请按2或说“用人单位”。',
    short: '参保人员请按1，用人单位请按2。',
    insuredWords: ['参保', '个人', '本人'],
    employerWords: ['单位', '用人单位', '企业', '公司'],
  },
  nationalId: {
    long: '请在键盘上输入您的公民身份号码，以井号键结束。字母X请按星号键。',
    short: '请输入公民身份号码，以井号键结束。',
    invalid: '您输入的公民身份号码无效。',
  },
  confirmId: {
    long: (ending) => ['您输入的公民身份号码尾号为', ...ending, '。正确请按1或说“是”，重新输入请按2。'],
    short: (ending) => ['尾号', ...ending, '。正确请按1，重新输入请按2。'],
    yesWords: ['是', '对', '正确'],
    noWords: ['不', '不是', '重新'],
  },
  pin: {
    long: '请输入6位查询密码，以井号键结束。重新输入公民身份号码请按星号键。',
    short: '请输入6位查询密码，以井号键结束；重新输入身份号码请按星号键。',
    invalid: '查询密码为6位数字。',
  },
  unitNumber: {
    long: '请在键盘上输入单位编号，以井号键结束。',
    short:
      '请输入单位编号，以井号键结束。如有字母，请按星号键、字母所在的数字键和它在该键上的位置，例如M请按星号、6、1。',
    invalid: '您输入的单位编号无效。',
  },
  employerPin: {
    long: '请输入单位的6位电话查询密码，以井号键结束。',
    short: '请输入6位电话查询密码，以井号键结束。',
  },
  wrongCredentials: (left) =>
    left === null ? '号码或密码不正确。' : `号码或密码不正确。您还可以尝试${left}次，之后将暂时锁定。`,
  locked: (wait) =>
    wait === null
      ? '为保护您的安全，该号码已被暂时锁定，请稍后再试。'
      : `为保护您的安全，该号码已被锁定，请${wait}后再试。`,
  loggedIn: '谢谢。',
  insuredMenu: {
    long: '主菜单。查询社会保险登记和参保状态请按1；查询缴费和欠费请按2；查询社会保险待遇请按3；查询缴费年限和个人账户请按4；查询关系转移接续和更正请按5；了解电话可查询的内容请按8；重听本菜单请按9；人工服务请按0；结束通话请按井号键。',
    short: '登记按1，缴费按2，待遇按3，年限和账户按4，转移和更正按5，可查询内容按8，人工服务按0。',
    words: {
      registration: ['登记', '参保状态'],
      contributions: ['缴费', '欠费'],
      benefits: ['待遇', '养老金'],
      accounts: ['账户', '年限', '余额'],
      other: ['转移', '更正', '其他'],
      disclosure: ['可查询', '查询内容'],
    },
  },
  employerMenu: {
    long: '单位菜单。查询职工人数请按1；查询欠费人数和金额请按2；查询最近几个月的单位缴费合计请按3；按公民身份号码查询一名职工请按4；了解电话可查询的内容请按8；重听本菜单请按9；人工服务请按0；结束通话请按井号键。',
    short: '职工人数按1，欠费按2，最近月份按3，查询职工按4，可查询内容按8，人工服务按0。',
    words: {
      staff: ['人数', '职工人数'],
      arrears: ['欠费'],
      months: ['月份', '合计', '最近'],
      lookup: ['查询职工', '职工', '一名'],
      disclosure: ['可查询', '查询内容'],
    },
  },
  commonWords: {
    repeat: ['重听', '再听', '重复'],
    agent: ['人工', '客服'],
    menu: ['菜单', '主菜单', '返回'],
    end: ['结束', '再见', '挂断'],
  },
  afterAnswer: {
    long: '重听请按9，返回主菜单请按星号键，人工服务请按0，结束通话请按井号键。',
    short: '重听按9，主菜单按星号键，人工按0，结束按井号键。',
  },
  staffLookupId: {
    long: '请输入职工的公民身份号码，以井号键结束。字母X请按星号键。',
    short: '请输入职工的公民身份号码，以井号键结束。',
  },
  apiDown: '对不起，记录查询服务暂时无法响应。',
  rateLimited: '对不起，线路正忙。',
  sessionExpired: '为保护您的安全，本次查询已结束。',
  transferring: '请稍候，正在为您转接人工服务。',
  noAgent: '对不起，目前没有人工服务可以接听。请稍后再拨，或前往社会保险经办机构办理。',
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
    latestPaid: (month) => `您最近一次已缴费的月份是${month}。`,
    nonePaid: '没有已缴费记录。',
    month: (month, yours, employers, status) =>
      `${month}：个人缴费${yours}，单位缴费${employers}，${status}。`,
    arrears: (months, amount) => `您有${months}欠费，合计${amount}。`,
    arrearsMonths: (months, more) => `欠费月份：${months.join('、')}${more > 0 ? `，另有${more}个月` : ''}。`,
    noArrears: '您没有欠费。',
  },
  benefits: {
    eligible: (benefit, since, monthly) =>
      `您${since ? `自${since}起` : ''}享受${benefit}${monthly ? `，每月${monthly}` : ''}。`,
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
  disclosure: {
    canCheck: (categories) => `通过电话可以查询：${categories.join('、')}。`,
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
