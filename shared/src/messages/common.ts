// The domain's words in the three languages (from GLOSSARY.md), shared by the kiosk, the phone and certificates.
// Surface-specific texts live beside this file: kiosk.ts (screens), ivr.ts (phone prompts).
import type {
  AccountKind,
  BenefitKind,
  ContributionStatus,
  InsuranceType,
  RecordCategory,
  StaffStatus,
} from '../domain.ts';
import type { Language } from '../i18n.ts';

export interface CommonMessages {
  insuranceType: Record<InsuranceType, string>;
  category: Record<RecordCategory, string>;
  contributionStatus: Record<ContributionStatus, string>;
  staffStatus: Record<StaffStatus, string>;
  benefit: Record<BenefitKind, string>;
  account: Record<AccountKind, string>;
  asOf: string;
  record: string;
  agency: string;
  certificate: string;
  checkCode: string;
  disclosure: string;
}

export const COMMON: Record<Language, CommonMessages> = {
  en: {
    insuranceType: {
      pension: 'pension insurance',
      medical: 'medical insurance',
      unemployment: 'unemployment insurance',
      work_injury: 'work injury insurance',
      maternity: 'maternity insurance',
    },
    category: {
      registration: 'Registration',
      contributions: 'Contributions',
      benefits: 'Benefits',
      accounts: 'Months of contributions and individual accounts',
      other: 'Other: transfers and corrections',
    },
    contributionStatus: { paid: 'paid', arrears: 'unpaid (in arrears)', late: 'paid late' },
    staffStatus: { paid: 'paid up', arrears: 'in arrears', late: 'paid late' },
    benefit: {
      pension: 'pension',
      unemployment_benefit: 'unemployment benefit',
      medical_reimbursement: 'medical reimbursement',
      work_injury_benefit: 'work injury benefit',
      maternity_benefit: 'maternity benefit',
    },
    account: { pension: 'pension individual account', medical: 'medical individual account' },
    asOf: 'Information as of',
    record: 'social insurance record',
    agency: 'social insurance agency',
    certificate: 'certificate of contributions',
    checkCode: 'verification code',
    disclosure: 'what you can check',
  },
  es: {
    insuranceType: {
      pension: 'seguro de pensiones',
      medical: 'seguro médico',
      unemployment: 'seguro de desempleo',
      work_injury: 'seguro de accidentes de trabajo',
      maternity: 'seguro de maternidad',
    },
    category: {
      registration: 'Registro del seguro social',
      contributions: 'Cotizaciones',
      benefits: 'Prestaciones',
      accounts: 'Período de cotización y cuentas personales',
      other: 'Otros: traslados y correcciones',
    },
    contributionStatus: { paid: 'pagada', arrears: 'impagada (en mora)', late: 'pagada con retraso' },
    staffStatus: { paid: 'al corriente', arrears: 'en mora', late: 'pagada con retraso' },
    benefit: {
      pension: 'pensión',
      unemployment_benefit: 'prestación por desempleo',
      medical_reimbursement: 'reembolso médico',
      work_injury_benefit: 'prestación por accidente de trabajo',
      maternity_benefit: 'prestación por maternidad',
    },
    account: { pension: 'cuenta personal de pensiones', medical: 'cuenta personal médica' },
    asOf: 'Datos a fecha de',
    record: 'registro de derechos e intereses personales del seguro social',
    agency: 'agencia de seguro social',
    certificate: 'certificado de cotizaciones',
    checkCode: 'código de verificación',
    disclosure: 'contenido consultable',
  },
  'zh-CN': {
    insuranceType: {
      pension: '基本养老保险',
      medical: '基本医疗保险',
      unemployment: '失业保险',
      work_injury: '工伤保险',
      maternity: '生育保险',
    },
    category: {
      registration: '社会保险登记',
      contributions: '缴费（社会保险费）',
      benefits: '社会保险待遇',
      accounts: '缴费年限和个人账户',
      other: '其他：关系转移接续和更正',
    },
    contributionStatus: { paid: '已缴', arrears: '欠费', late: '补缴' },
    staffStatus: { paid: '正常缴费', arrears: '欠费', late: '补缴' },
    benefit: {
      pension: '养老金',
      unemployment_benefit: '失业保险金',
      medical_reimbursement: '医疗费用报销',
      work_injury_benefit: '工伤保险待遇',
      maternity_benefit: '生育保险待遇',
    },
    account: { pension: '基本养老保险个人账户', medical: '基本医疗保险个人账户' },
    asOf: '数据截至',
    record: '社会保险个人权益记录',
    agency: '社会保险经办机构',
    certificate: '参保缴费证明',
    checkCode: '校验码',
    disclosure: '可供查询的内容',
  },
};
