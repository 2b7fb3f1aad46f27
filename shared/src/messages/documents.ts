// Texts printed on documents anyone can check (the annual statement; the check page's answers), in es, en and
// zh-CN. No API words: a person reads these on paper or on the public check page.
import type { Language } from '../i18n.ts';

export interface DocumentMessages {
  statementTitle: (year: number) => string;
  statementIntro: string;
  person: string;
  name: string;
  nationalId: string;
  enrolments: string;
  since: string;
  months: string;
  month: string;
  unit: string;
  flexible: string;
  base: string;
  employerPart: string;
  individualPart: string;
  status: string;
  totals: string;
  monthsPaid: string;
  amountPaid: string;
  monthsInArrears: string;
  arrearsAmount: string;
  cumulativeMonths: string;
  accounts: string;
  openingBalance: string;
  accrual: string;
  interest: string;
  closingBalance: string;
  benefitsPaid: string;
  noBenefits: string;
  serial: string;
  checkCode: string;
  issuedOn: string;
  validUntil: string;
  asOf: string;
  howToCheck: (url: string) => string;
  page: (n: number, of: number) => string;
  // the check page (web and kiosk)
  verifyTitle: string;
  verifyIntro: string;
  verifyButton: string;
  verifyValid: string;
  verifyMustSay: string;
  verifyExpired: string;
  verifyUnknown: string;
  verifyThrottled: string;
  kind: { certificate: string; statement: string };
  documentKind: string;
  period: string;
}

export const DOCUMENTS: Record<Language, DocumentMessages> = {
  en: {
    statementTitle: (year) => `Annual statement of social insurance rights ${year}`,
    statementIntro:
      'This statement lists your social insurance record for the year: enrolment, contributions month by month, months of contributions, individual accounts and benefits paid.',
    person: 'Insured person',
    name: 'Name',
    nationalId: 'ID number',
    enrolments: 'Insurance enrolled',
    since: 'since',
    months: 'Contributions by month',
    month: 'Month',
    unit: 'Employer (unit number)',
    flexible: 'flexible employment',
    base: 'Base',
    employerPart: 'Employer part',
    individualPart: 'Your part',
    status: 'Status',
    totals: 'The year in total',
    monthsPaid: 'Months paid',
    amountPaid: 'Amount paid',
    monthsInArrears: 'Months in arrears',
    arrearsAmount: 'Amount in arrears',
    cumulativeMonths: 'Months of contributions at the end of the year',
    accounts: 'Individual accounts',
    openingBalance: 'Balance on 1 January',
    accrual: 'Paid in during the year',
    interest: 'Interest',
    closingBalance: 'Balance on 31 December',
    benefitsPaid: 'Benefits paid during the year',
    noBenefits: 'No benefits were paid this year.',
    serial: 'Serial number',
    checkCode: 'Check code',
    issuedOn: 'Issued on',
    validUntil: 'Can be checked until',
    asOf: 'Information as of',
    howToCheck: (url) =>
      `Anyone can check this document: scan the QR code, or go to ${url} and type the serial number and the check code. The check shows what this paper must say.`,
    page: (n, of) => `Page ${n} of ${of}`,
    verifyTitle: 'Check a document',
    verifyIntro: 'Type the serial number and the check code printed on the certificate or statement.',
    verifyButton: 'Check',
    verifyValid: 'This document is genuine.',
    verifyMustSay: 'The paper must say exactly this:',
    verifyExpired:
      'This document was genuine, but it can no longer be checked: its time has passed. Ask the person for a new one.',
    verifyUnknown:
      'No document has this serial number and check code. Check what you typed; if it is right, the paper is not genuine.',
    verifyThrottled: 'Too many checks in a short time. Please wait a minute and try again.',
    kind: { certificate: 'Certificate of contributions', statement: 'Annual statement' },
    documentKind: 'Document',
    period: 'Period',
  },
  es: {
    statementTitle: (year) => `Estado anual de derechos del seguro social ${year}`,
    statementIntro:
      'Este estado recoge su registro del seguro social del año: afiliación, cotizaciones mes a mes, meses cotizados, cuentas individuales y prestaciones pagadas.',
    person: 'Persona asegurada',
    name: 'Nombre',
    nationalId: 'Número de identidad',
    enrolments: 'Seguros en los que está afiliado',
    since: 'desde',
    months: 'Cotizaciones por mes',
    month: 'Mes',
    unit: 'Empleador (número de unidad)',
    flexible: 'empleo flexible',
    base: 'Base',
    employerPart: 'Parte del empleador',
    individualPart: 'Su parte',
    status: 'Estado',
    totals: 'Total del año',
    monthsPaid: 'Meses pagados',
    amountPaid: 'Importe pagado',
    monthsInArrears: 'Meses sin pagar',
    arrearsAmount: 'Importe sin pagar',
    cumulativeMonths: 'Meses cotizados al final del año',
    accounts: 'Cuentas individuales',
    openingBalance: 'Saldo al 1 de enero',
    accrual: 'Ingresado durante el año',
    interest: 'Intereses',
    closingBalance: 'Saldo al 31 de diciembre',
    benefitsPaid: 'Prestaciones pagadas durante el año',
    noBenefits: 'Este año no se pagaron prestaciones.',
    serial: 'Número de serie',
    checkCode: 'Código de verificación',
    issuedOn: 'Emitido el',
    validUntil: 'Se puede comprobar hasta',
    asOf: 'Información a fecha de',
    howToCheck: (url) =>
      `Cualquiera puede comprobar este documento: escanee el código QR o vaya a ${url} y escriba el número de serie y el código de verificación. La comprobación muestra lo que este papel debe decir.`,
    page: (n, of) => `Página ${n} de ${of}`,
    verifyTitle: 'Comprobar un documento',
    verifyIntro:
      'Escriba el número de serie y el código de verificación impresos en el certificado o el estado anual.',
    verifyButton: 'Comprobar',
    verifyValid: 'Este documento es auténtico.',
    verifyMustSay: 'El papel debe decir exactamente esto:',
    verifyExpired:
      'Este documento era auténtico, pero ya no se puede comprobar: su plazo ha pasado. Pida a la persona uno nuevo.',
    verifyUnknown:
      'Ningún documento tiene este número de serie y código. Revise lo que escribió; si es correcto, el papel no es auténtico.',
    verifyThrottled: 'Demasiadas comprobaciones en poco tiempo. Espere un minuto y vuelva a intentarlo.',
    kind: { certificate: 'Certificado de cotizaciones', statement: 'Estado anual' },
    documentKind: 'Documento',
    period: 'Periodo',
  },
  'zh-CN': {
    statementTitle: (year) => `${year}年度社会保险个人权益记录单`,
    statementIntro:
      '本记录单列出您本年度的社会保险记录：参保情况、逐月缴费、缴费月数、个人账户和领取的待遇。',
    person: '参保人',
    name: '姓名',
    nationalId: '身份证号码',
    enrolments: '参保险种',
    since: '起始',
    months: '逐月缴费',
    month: '月份',
    unit: '单位（单位编号）',
    flexible: '灵活就业',
    base: '缴费基数',
    employerPart: '单位缴纳',
    individualPart: '个人缴纳',
    status: '状态',
    totals: '全年合计',
    monthsPaid: '已缴月数',
    amountPaid: '已缴金额',
    monthsInArrears: '欠缴月数',
    arrearsAmount: '欠缴金额',
    cumulativeMonths: '年末累计缴费月数',
    accounts: '个人账户',
    openingBalance: '1月1日余额',
    accrual: '本年记入',
    interest: '利息',
    closingBalance: '12月31日余额',
    benefitsPaid: '本年领取的待遇',
    noBenefits: '本年未领取待遇。',
    serial: '编号',
    checkCode: '校验码',
    issuedOn: '出具日期',
    validUntil: '可核验至',
    asOf: '数据截至',
    howToCheck: (url) =>
      `任何人都可以核验本文件：扫描二维码，或访问 ${url} 输入编号和校验码。核验结果会显示本文件应有的内容。`,
    page: (n, of) => `第${n}页，共${of}页`,
    verifyTitle: '核验文件',
    verifyIntro: '请输入证明或记录单上印的编号和校验码。',
    verifyButton: '核验',
    verifyValid: '此文件真实有效。',
    verifyMustSay: '纸面内容必须与以下完全一致：',
    verifyExpired: '此文件曾经有效，但已超过核验期限。请向本人索取新的文件。',
    verifyUnknown: '没有与此编号和校验码相符的文件。请检查输入；如输入无误，则该文件不真实。',
    verifyThrottled: '短时间内核验次数过多，请稍等一分钟后再试。',
    kind: { certificate: '参保缴费证明', statement: '年度权益记录单' },
    documentKind: '文件',
    period: '期间',
  },
};
