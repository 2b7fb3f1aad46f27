// The kiosk's and the web version's texts for the person's rights beyond reading, in es, en and zh-CN: the yearly
// statement, "something is wrong here" and the list of requests, who looked at my record, the PIN change (also
// the forced one after a one-time PIN from the counter) and checking a document. Imported only by the lazily loaded
// screens, so the start page does not carry them; the start button and what to do when the PIN is forgotten are in
// kiosk.ts (`start.checkDocument`, `login.forgotPin`), the document words in documents.ts.
import type { RecordCategory } from '../domain.ts';
import type { Language } from '../i18n.ts';
import type { PinWeakness, RequestStatus } from '../rights.ts';

/** Why a person asks for the record to be checked: offered as choices, so nobody has to type on a keypad. */
export const REQUEST_REASONS = ['missing', 'amount', 'unpaid', 'details', 'employer', 'other'] as const;
export type RequestReason = (typeof REQUEST_REASONS)[number];

/** The access log's `category` values the screens put in words (anything else is "your record"). */
export type AccessWhat =
  | RecordCategory
  | 'summary'
  | 'certificate'
  | 'statement'
  | 'request'
  | 'access-log'
  | 'pin'
  | 'check'
  | 'login';

export interface KioskRightsMessages {
  menu: { title: string; statement: string; requests: string; accessLog: string; changePin: string };
  /** Above a list whose times leave out the zone: the zone, named once. */
  timesIn: (zone: string) => string;
  /** The button on every record screen. */
  reportProblem: string;
  checkDocument: { serialHelp: string; codeHelp: string; again: string; next: string };
  statement: {
    title: string;
    intro: string;
    chooseYear: string;
    yearButton: (year: number) => string;
    titleYear: (year: number) => string;
    none: string;
    otherYear: string;
    print: string;
    download: string;
    preparing: string;
    printed: string;
    printFailed: string;
    downloaded: string;
    noMonths: string;
    qrAlt: string;
    checkHow: string;
  };
  request: {
    title: string;
    intro: string;
    categoryLabel: string;
    monthsLabel: (year: number) => string;
    monthsHelp: string;
    reasonLabel: string;
    reasons: Record<RequestReason, string>;
    chooseCategory: string;
    chooseReason: string;
    detailsLabel: string;
    detailsHelp: string;
    send: string;
    sending: string;
    sentTitle: string;
    /** The receipt's own title, printed with it. */
    receiptTitle: string;
    sentText: string;
    reference: string;
    printReceipt: string;
    printed: string;
    rateLimited: string;
    answerLater: string;
    toList: string;
  };
  requests: {
    title: string;
    intro: string;
    none: string;
    newRequest: string;
    reference: string;
    date: string;
    part: string;
    months: string;
    status: string;
    answer: string;
    noAnswer: string;
    statusName: Record<RequestStatus, string>;
  };
  accessLog: {
    title: string;
    intro: string;
    none: string;
    when: string;
    where: string;
    who: string;
    what: string;
    result: string;
    caption: (count: number) => string;
    channel: { kiosk: string; web: string; phone: string; counter: string };
    whoName: {
      self: string;
      delegate: (maskedId: string | undefined) => string;
      employer: (unit: string | undefined) => string;
      agency: string;
      public: string;
      unknown: string;
    };
    whatName: Record<AccessWhat, string>;
    /** Anything the log names that has no word here. */
    whatElse: string;
    outcome: {
      ok: string;
      refused: string;
      wrong_pin: string;
      locked: string;
      not_found: string;
      other: string;
    };
  };
  pin: {
    title: string;
    forcedTitle: string;
    forcedIntro: string;
    rulesTitle: string;
    rules: string[];
    currentLabel: string;
    newLabel: string;
    repeatLabel: string;
    next: string;
    change: string;
    changing: string;
    mismatch: string;
    weakness: Record<PinWeakness, string>;
    wrongCurrent: string;
    changedTitle: string;
    changed: string;
    continue: string;
    startOver: string;
  };
}

const en: KioskRightsMessages = {
  menu: {
    title: 'More about your rights',
    statement: 'Yearly statement',
    requests: 'My requests to check the record',
    accessLog: 'Who looked at my record',
    changePin: 'Change my PIN',
  },
  timesIn: (zone) => `Times are in ${zone}.`,
  reportProblem: 'Something is wrong here',
  checkDocument: {
    serialHelp: 'It is printed on the document, beside the QR code.',
    codeHelp: 'Letters and digits, printed under the serial number.',
    again: 'Check another document',
    next: 'Next',
  },
  statement: {
    title: 'Yearly statement',
    intro:
      'Your record for one calendar year: contributions month by month, the totals, months of contributions and your individual accounts.',
    chooseYear: 'Choose a year',
    yearButton: (y) => `Statement ${y}`,
    titleYear: (y) => `Yearly statement ${y}`,
    none: 'There is no yearly statement yet.',
    otherYear: 'Another year',
    print: 'Print the statement',
    download: 'Download as PDF',
    preparing: 'Preparing…',
    printed: 'The statement has been sent to the printer.',
    printFailed: 'The statement could not be printed. Please ask at the counter.',
    downloaded: 'The statement has been saved as a PDF file.',
    noMonths: 'No contribution is recorded for this year.',
    qrAlt: 'QR code: scan it to open the check of this statement',
    checkHow:
      'Anyone can check this statement with the serial number and the check code, on the agency\'s website (page "Check a document") or at a self-service terminal.',
  },
  request: {
    title: 'Report something wrong',
    intro:
      'Tell the agency what is wrong in your record. Staff will check it and answer you; you will see the answer under "My requests to check the record".',
    categoryLabel: 'Which part of the record?',
    monthsLabel: (y) => `Which months of ${y}? (you may leave this out)`,
    monthsHelp: 'Touch a month to choose it; touch it again to remove it.',
    reasonLabel: 'What is wrong?',
    reasons: {
      missing: 'A month is missing',
      amount: 'An amount is wrong',
      unpaid: 'A month shows unpaid, but it was paid',
      details: 'My personal details are wrong',
      employer: 'The employer is wrong',
      other: 'Something else',
    },
    chooseCategory: 'Choose the part of the record.',
    chooseReason: 'Choose what is wrong.',
    detailsLabel: 'More details (you may leave this out)',
    detailsHelp: 'For example, the amount you expected or the name of the employer.',
    send: 'Send the request',
    sending: 'Sending…',
    sentTitle: 'Request received',
    receiptTitle: 'Receipt of your request to check the record',
    sentText:
      'Your request has been received. Keep the reference number: staff at the counter can find your request with it.',
    reference: 'Reference number',
    printReceipt: 'Print the receipt',
    printed: 'The receipt has been sent to the printer.',
    rateLimited:
      'You have already sent the most requests allowed for one day. You can send another one tomorrow, or ask at the counter.',
    answerLater: 'The answer will appear under "My requests to check the record".',
    toList: 'See my requests',
  },
  requests: {
    title: 'My requests to check the record',
    intro: "The requests you sent, newest first, with the agency's answer once there is one.",
    none: 'You have not sent any request yet.',
    newRequest: 'Report something wrong',
    reference: 'Reference',
    date: 'Sent on',
    part: 'Part of the record',
    months: 'Months',
    status: 'Status',
    answer: "Agency's answer",
    noAnswer: 'No answer yet',
    statusName: {
      received: 'Received',
      in_review: 'Being checked',
      corrected: 'Corrected',
      rejected: 'Not corrected',
    },
  },
  accessLog: {
    title: 'Who looked at my record',
    intro:
      'Every time your record was shown, and every time someone tried to open it, newest first. This look is recorded too.',
    none: 'No one has looked at your record yet.',
    when: 'When',
    where: 'Where',
    who: 'Who',
    what: 'What',
    result: 'Result',
    caption: (n) => (n === 1 ? '1 time' : `${n} times`),
    channel: {
      kiosk: 'Self-service terminal',
      web: 'Website',
      phone: 'Phone',
      counter: 'Agency counter',
    },
    whoName: {
      self: 'You',
      delegate: (id) => (id ? `Your representative (ID ${id})` : 'Your representative'),
      employer: (unit) => (unit ? `Employer: ${unit}` : 'An employer'),
      agency: 'Agency staff',
      public: 'Someone checking a document of yours',
      unknown: 'Someone who did not log in',
    },
    whatName: {
      registration: 'Registration',
      contributions: 'Contributions',
      benefits: 'Benefits',
      accounts: 'Individual accounts',
      other: 'Transfers and corrections',
      summary: 'Summary',
      certificate: 'Certificate',
      statement: 'Yearly statement',
      request: 'Request to check the record',
      'access-log': 'This list',
      pin: 'PIN',
      check: 'Check of a document',
      login: 'Login',
    },
    whatElse: 'Your record',
    outcome: {
      ok: 'Done',
      refused: 'Refused',
      wrong_pin: 'Wrong PIN',
      locked: 'Locked',
      not_found: 'Not found',
      other: 'Not completed',
    },
  },
  pin: {
    title: 'Change my PIN',
    forcedTitle: 'Choose your own PIN',
    forcedIntro:
      'You logged in with a one-time PIN from the counter. Choose your own PIN now: it replaces the one-time PIN at once, at the terminal, on the website and by phone.',
    rulesTitle: 'Your new PIN must be',
    rules: [
      '6 digits',
      'not six equal digits, such as 111111',
      'not a run up or down, such as 123456 or 987654',
      'not your birth date as written in your ID, such as 850317 or 170385',
      'different from your current PIN',
    ],
    currentLabel: 'Your current PIN',
    newLabel: 'Your new PIN',
    repeatLabel: 'Your new PIN again',
    next: 'Next',
    change: 'Change the PIN',
    changing: 'Changing…',
    mismatch: 'The two new PINs are not the same. Type the new PIN again.',
    weakness: {
      equal_digits: 'This PIN is six equal digits. Choose another one.',
      run: 'This PIN is a run of digits. Choose another one.',
      birth_date: 'This PIN is your birth date. Choose another one.',
      same_as_current: 'This PIN is your current PIN. Choose another one.',
    },
    wrongCurrent: 'The current PIN is not correct.',
    changedTitle: 'PIN changed',
    changed:
      'Your PIN has been changed. From now on use the new PIN at the terminal, on the website and by phone.',
    continue: 'Continue to my record',
    startOver: 'Start again',
  },
};

const es: KioskRightsMessages = {
  menu: {
    title: 'Más sobre sus derechos',
    statement: 'Estado anual',
    requests: 'Mis solicitudes de revisión',
    accessLog: 'Quién ha consultado mi registro',
    changePin: 'Cambiar mi PIN',
  },
  timesIn: (zone) => `Horario: ${zone}.`,
  reportProblem: 'Aquí hay algo mal',
  checkDocument: {
    serialHelp: 'Está impreso en el documento, junto al código QR.',
    codeHelp: 'Letras y cifras, impresas debajo del número de serie.',
    again: 'Comprobar otro documento',
    next: 'Siguiente',
  },
  statement: {
    title: 'Estado anual',
    intro:
      'Su registro de un año natural: cotizaciones mes a mes, los totales, los meses cotizados y sus cuentas individuales.',
    chooseYear: 'Elija un año',
    yearButton: (y) => `Estado ${y}`,
    titleYear: (y) => `Estado anual ${y}`,
    none: 'Todavía no hay ningún estado anual.',
    otherYear: 'Otro año',
    print: 'Imprimir el estado',
    download: 'Descargar en PDF',
    preparing: 'Preparando…',
    printed: 'El estado se ha enviado a la impresora.',
    printFailed: 'No se ha podido imprimir el estado. Pregunte en la ventanilla.',
    downloaded: 'El estado se ha guardado como archivo PDF.',
    noMonths: 'No hay cotizaciones registradas este año.',
    qrAlt: 'Código QR: escanéelo para abrir la comprobación de este estado',
    checkHow:
      'Cualquiera puede comprobar este estado con el número de serie y el código de verificación, en la web de la agencia (página «Comprobar un documento») o en un terminal de autoservicio.',
  },
  request: {
    title: 'Avisar de un error',
    intro:
      'Indique a la agencia qué está mal en su registro. El personal lo revisará y le responderá; verá la respuesta en «Mis solicitudes de revisión».',
    categoryLabel: '¿Qué parte del registro?',
    monthsLabel: (y) => `¿Qué meses de ${y}? (puede dejarlo en blanco)`,
    monthsHelp: 'Toque un mes para elegirlo; tóquelo otra vez para quitarlo.',
    reasonLabel: '¿Qué está mal?',
    reasons: {
      missing: 'Falta un mes',
      amount: 'Un importe no es correcto',
      unpaid: 'Un mes aparece sin pagar, pero se pagó',
      details: 'Mis datos personales no son correctos',
      employer: 'El empleador no es correcto',
      other: 'Otra cosa',
    },
    chooseCategory: 'Elija la parte del registro.',
    chooseReason: 'Elija qué está mal.',
    detailsLabel: 'Más detalles (puede dejarlo en blanco)',
    detailsHelp: 'Por ejemplo, el importe que esperaba o el nombre del empleador.',
    send: 'Enviar la solicitud',
    sending: 'Enviando…',
    sentTitle: 'Solicitud recibida',
    receiptTitle: 'Justificante de su solicitud de revisión',
    sentText:
      'Hemos recibido su solicitud. Guarde el número de referencia: con él, el personal de ventanilla puede encontrar su solicitud.',
    reference: 'Número de referencia',
    printReceipt: 'Imprimir el justificante',
    printed: 'El justificante se ha enviado a la impresora.',
    rateLimited:
      'Ya ha enviado el máximo de solicitudes permitido en un día. Puede enviar otra mañana o preguntar en la ventanilla.',
    answerLater: 'La respuesta aparecerá en «Mis solicitudes de revisión».',
    toList: 'Ver mis solicitudes',
  },
  requests: {
    title: 'Mis solicitudes de revisión',
    intro:
      'Las solicitudes que ha enviado, de la más reciente a la más antigua, con la respuesta de la agencia cuando la haya.',
    none: 'Todavía no ha enviado ninguna solicitud.',
    newRequest: 'Avisar de un error',
    reference: 'Referencia',
    date: 'Enviada el',
    part: 'Parte del registro',
    months: 'Meses',
    status: 'Estado',
    answer: 'Respuesta de la agencia',
    noAnswer: 'Todavía sin respuesta',
    statusName: {
      received: 'Recibida',
      in_review: 'En revisión',
      corrected: 'Corregida',
      rejected: 'No corregida',
    },
  },
  accessLog: {
    title: 'Quién ha consultado mi registro',
    intro:
      'Cada vez que se mostró su registro, y cada vez que alguien intentó abrirlo, de lo más reciente a lo más antiguo. Esta consulta también queda registrada.',
    none: 'Nadie ha consultado todavía su registro.',
    when: 'Cuándo',
    where: 'Dónde',
    who: 'Quién',
    what: 'Qué',
    result: 'Resultado',
    caption: (n) => (n === 1 ? '1 vez' : `${n} veces`),
    channel: {
      kiosk: 'Terminal de autoservicio',
      web: 'Web',
      phone: 'Teléfono',
      counter: 'Ventanilla de la agencia',
    },
    whoName: {
      self: 'Usted',
      delegate: (id) => (id ? `Su representante (documento ${id})` : 'Su representante'),
      employer: (unit) => (unit ? `Empleador: ${unit}` : 'Un empleador'),
      agency: 'Personal de la agencia',
      public: 'Alguien que comprobó un documento suyo',
      unknown: 'Alguien que no llegó a entrar',
    },
    whatName: {
      registration: 'Afiliación',
      contributions: 'Cotizaciones',
      benefits: 'Prestaciones',
      accounts: 'Cuentas individuales',
      other: 'Traslados y correcciones',
      summary: 'Resumen',
      certificate: 'Certificado',
      statement: 'Estado anual',
      request: 'Solicitud de revisión',
      'access-log': 'Esta lista',
      pin: 'PIN',
      check: 'Comprobación de un documento',
      login: 'Entrada',
    },
    whatElse: 'Su registro',
    outcome: {
      ok: 'Hecho',
      refused: 'Denegado',
      wrong_pin: 'PIN incorrecto',
      locked: 'Bloqueado',
      not_found: 'No encontrado',
      other: 'No completado',
    },
  },
  pin: {
    title: 'Cambiar mi PIN',
    forcedTitle: 'Elija su propio PIN',
    forcedIntro:
      'Ha entrado con un PIN de un solo uso de la ventanilla. Elija ahora su propio PIN: sustituye al de un solo uso al momento, en el terminal, en la web y por teléfono.',
    rulesTitle: 'Reglas del nuevo PIN',
    rules: [
      'tiene 6 cifras',
      'no puede tener seis cifras iguales, como 111111',
      'no puede ser una serie ascendente o descendente, como 123456 o 987654',
      'no puede ser su fecha de nacimiento tal como figura en su documento, como 850317 o 170385',
      'debe ser distinto de su PIN actual',
    ],
    currentLabel: 'Su PIN actual',
    newLabel: 'Su nuevo PIN',
    repeatLabel: 'Su nuevo PIN otra vez',
    next: 'Siguiente',
    change: 'Cambiar el PIN',
    changing: 'Cambiando…',
    mismatch: 'Los dos PIN nuevos no coinciden. Escriba otra vez el nuevo PIN.',
    weakness: {
      equal_digits: 'Este PIN son seis cifras iguales. Elija otro.',
      run: 'Este PIN es una serie de cifras seguidas. Elija otro.',
      birth_date: 'Este PIN es su fecha de nacimiento. Elija otro.',
      same_as_current: 'Este PIN es su PIN actual. Elija otro.',
    },
    wrongCurrent: 'El PIN actual no es correcto.',
    changedTitle: 'PIN cambiado',
    changed:
      'Su PIN se ha cambiado. A partir de ahora use el nuevo PIN en el terminal, en la web y por teléfono.',
    continue: 'Continuar a mi registro',
    startOver: 'Empezar de nuevo',
  },
};

const zh: KioskRightsMessages = {
  menu: {
    title: '更多权益服务',
    statement: '年度权益记录单',
    requests: '我的核查申请',
    accessLog: '谁查询了我的记录',
    changePin: '修改查询密码',
  },
  timesIn: (zone) => `时间均为${zone}。`,
  reportProblem: '这里有错误',
  checkDocument: {
    serialHelp: '印在文件上二维码旁边。',
    codeHelp: '由字母和数字组成，印在编号下方。',
    again: '核验其他文件',
    next: '下一步',
  },
  statement: {
    title: '年度权益记录单',
    intro: '您一个自然年度的记录：逐月缴费、合计、缴费月数和个人账户。',
    chooseYear: '请选择年份',
    yearButton: (y) => `${y}年记录单`,
    titleYear: (y) => `${y}年度权益记录单`,
    none: '目前还没有年度权益记录单。',
    otherYear: '其他年份',
    print: '打印记录单',
    download: '下载PDF',
    preparing: '正在准备…',
    printed: '记录单已发送到打印机。',
    printFailed: '记录单无法打印，请到服务窗口咨询。',
    downloaded: '记录单已保存为PDF文件。',
    noMonths: '本年度没有缴费记录。',
    qrAlt: '二维码：扫描即可打开本记录单的核验页面',
    checkHow: '任何人都可以凭编号和校验码核验本记录单：在经办机构网站的“核验文件”页面，或在自助终端上。',
  },
  request: {
    title: '报告记录有误',
    intro: '请告诉经办机构您的记录哪里有误。工作人员会核查并答复您；答复会显示在“我的核查申请”中。',
    categoryLabel: '记录的哪一部分？',
    monthsLabel: (y) => `${y}年的哪些月份？（可不选）`,
    monthsHelp: '点一下选中月份，再点一下取消。',
    reasonLabel: '哪里有误？',
    reasons: {
      missing: '缺少某个月',
      amount: '金额不对',
      unpaid: '某月显示欠缴，但已缴纳',
      details: '个人信息不对',
      employer: '单位不对',
      other: '其他问题',
    },
    chooseCategory: '请选择记录的部分。',
    chooseReason: '请选择哪里有误。',
    detailsLabel: '补充说明（可不填）',
    detailsHelp: '例如您认为应有的金额，或单位名称。',
    send: '提交申请',
    sending: '正在提交…',
    sentTitle: '申请已受理',
    receiptTitle: '核查申请回执',
    sentText: '您的申请已受理。请保留受理编号：窗口工作人员可凭此编号查到您的申请。',
    reference: '受理编号',
    printReceipt: '打印回执',
    printed: '回执已发送到打印机。',
    rateLimited: '您今天提交的申请已达上限。您可以明天再提交，或到服务窗口咨询。',
    answerLater: '答复会显示在“我的核查申请”中。',
    toList: '查看我的申请',
  },
  requests: {
    title: '我的核查申请',
    intro: '您提交的申请，最新的在前；经办机构答复后会显示答复。',
    none: '您还没有提交过申请。',
    newRequest: '报告记录有误',
    reference: '受理编号',
    date: '提交日期',
    part: '记录部分',
    months: '月份',
    status: '状态',
    answer: '经办机构答复',
    noAnswer: '尚未答复',
    statusName: {
      received: '已受理',
      in_review: '核查中',
      corrected: '已更正',
      rejected: '未更正',
    },
  },
  accessLog: {
    title: '谁查询了我的记录',
    intro: '您的记录每次被查看、每次有人尝试打开时都会列在这里，最新的在前。本次查看也会被记录。',
    none: '还没有人查询过您的记录。',
    when: '时间',
    where: '渠道',
    who: '查询人',
    what: '内容',
    result: '结果',
    caption: (n) => `共${n}次`,
    channel: {
      kiosk: '自助终端',
      web: '网站',
      phone: '电话',
      counter: '经办窗口',
    },
    whoName: {
      self: '您本人',
      delegate: (id) => (id ? `您的代理人（证件 ${id}）` : '您的代理人'),
      employer: (unit) => (unit ? `单位：${unit}` : '某单位'),
      agency: '经办机构工作人员',
      public: '有人核验您的文件',
      unknown: '未登录成功的人',
    },
    whatName: {
      registration: '参保登记',
      contributions: '缴费',
      benefits: '待遇',
      accounts: '个人账户',
      other: '转移和更正',
      summary: '概要',
      certificate: '证明',
      statement: '年度权益记录单',
      request: '核查申请',
      'access-log': '本列表',
      pin: '查询密码',
      check: '文件核验',
      login: '登录',
    },
    whatElse: '您的记录',
    outcome: {
      ok: '完成',
      refused: '被拒绝',
      wrong_pin: '密码错误',
      locked: '已锁定',
      not_found: '未找到',
      other: '未完成',
    },
  },
  pin: {
    title: '修改查询密码',
    forcedTitle: '设置您自己的密码',
    forcedIntro:
      '您使用的是窗口给的一次性密码。请现在设置您自己的密码：新密码立即取代一次性密码，在自助终端、网站和电话上都生效。',
    rulesTitle: '新密码要求',
    rules: [
      '6位数字',
      '不能是6个相同的数字，如111111',
      '不能是连续递增或递减的数字，如123456或987654',
      '不能是身份证上的出生日期，如850317或170385',
      '不能与当前密码相同',
    ],
    currentLabel: '当前密码',
    newLabel: '新密码',
    repeatLabel: '再次输入新密码',
    next: '下一步',
    change: '修改密码',
    changing: '正在修改…',
    mismatch: '两次输入的新密码不一致，请重新输入新密码。',
    weakness: {
      equal_digits: '该密码是6个相同的数字，请另选一个。',
      run: '该密码是连续的数字，请另选一个。',
      birth_date: '该密码是您的出生日期，请另选一个。',
      same_as_current: '该密码与当前密码相同，请另选一个。',
    },
    wrongCurrent: '当前密码不正确。',
    changedTitle: '密码已修改',
    changed: '您的密码已修改。今后请在自助终端、网站和电话上使用新密码。',
    continue: '继续查看我的记录',
    startOver: '重新开始',
  },
};

export const KIOSK_RIGHTS_MESSAGES: Record<Language, KioskRightsMessages> = { en, es, 'zh-CN': zh };
