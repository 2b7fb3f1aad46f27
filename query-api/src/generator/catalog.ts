// Fixed reference data the generator draws from: insuring regions, name lists, employer name parts, and the
// yearly parameters of the scheme (contribution rates, average wage, account interest, pension adjustment).
// Values are realistic for a Chinese prefecture-level scheme 2016-2026; they are synthetic, not official.
import type { InsuranceType } from '../../../shared/src/domain.ts';

export interface County {
  code: string;
  name: string;
}

export interface City {
  /** Region code stored in person.region / employer.region (prefecture level, 6 digits). */
  code: string;
  name: string;
  nameEn: string;
  /** Relative share of insured persons and employers. */
  weight: number;
  counties: readonly County[];
}

export const CITIES: readonly City[] = [
  {
    code: '110100',
    name: '北京市',
    nameEn: 'Beijing',
    weight: 10,
    counties: [
      { code: '110101', name: '东城区' },
      { code: '110105', name: '朝阳区' },
      { code: '110108', name: '海淀区' },
    ],
  },
  {
    code: '310100',
    name: '上海市',
    nameEn: 'Shanghai',
    weight: 10,
    counties: [
      { code: '310101', name: '黄浦区' },
      { code: '310104', name: '徐汇区' },
      { code: '310115', name: '浦东新区' },
    ],
  },
  {
    code: '440100',
    name: '广州市',
    nameEn: 'Guangzhou',
    weight: 9,
    counties: [
      { code: '440103', name: '荔湾区' },
      { code: '440106', name: '天河区' },
      { code: '440111', name: '白云区' },
    ],
  },
  {
    code: '440300',
    name: '深圳市',
    nameEn: 'Shenzhen',
    weight: 9,
    counties: [
      { code: '440303', name: '罗湖区' },
      { code: '440304', name: '福田区' },
      { code: '440305', name: '南山区' },
    ],
  },
  {
    code: '510100',
    name: '成都市',
    nameEn: 'Chengdu',
    weight: 8,
    counties: [
      { code: '510104', name: '锦江区' },
      { code: '510107', name: '武侯区' },
      { code: '510108', name: '成华区' },
    ],
  },
  {
    code: '330100',
    name: '杭州市',
    nameEn: 'Hangzhou',
    weight: 7,
    counties: [
      { code: '330102', name: '上城区' },
      { code: '330106', name: '西湖区' },
      { code: '330108', name: '滨江区' },
    ],
  },
  {
    code: '420100',
    name: '武汉市',
    nameEn: 'Wuhan',
    weight: 7,
    counties: [
      { code: '420102', name: '江岸区' },
      { code: '420106', name: '武昌区' },
      { code: '420111', name: '洪山区' },
    ],
  },
  {
    code: '320100',
    name: '南京市',
    nameEn: 'Nanjing',
    weight: 6,
    counties: [
      { code: '320102', name: '玄武区' },
      { code: '320104', name: '秦淮区' },
      { code: '320106', name: '鼓楼区' },
    ],
  },
  {
    code: '610100',
    name: '西安市',
    nameEn: "Xi'an",
    weight: 6,
    counties: [
      { code: '610102', name: '新城区' },
      { code: '610103', name: '碑林区' },
      { code: '610113', name: '雁塔区' },
    ],
  },
  {
    code: '500100',
    name: '重庆市',
    nameEn: 'Chongqing',
    weight: 8,
    counties: [
      { code: '500103', name: '渝中区' },
      { code: '500106', name: '沙坪坝区' },
      { code: '500112', name: '渝北区' },
    ],
  },
  {
    code: '430100',
    name: '长沙市',
    nameEn: 'Changsha',
    weight: 5,
    counties: [
      { code: '430102', name: '芙蓉区' },
      { code: '430103', name: '天心区' },
      { code: '430104', name: '岳麓区' },
    ],
  },
  {
    code: '410100',
    name: '郑州市',
    nameEn: 'Zhengzhou',
    weight: 5,
    counties: [
      { code: '410102', name: '中原区' },
      { code: '410103', name: '二七区' },
      { code: '410105', name: '金水区' },
    ],
  },
];

/** Rural counties of birth for persons who moved to a city for work (their ID starts with these codes). */
export const BIRTH_COUNTIES: readonly string[] = [
  '411621',
  '431121',
  '510722',
  '362421',
  '341222',
  '452123',
  '130527',
  '371326',
];

/** Surnames with rough relative frequencies (the most common first). */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72],
  ['李', 70],
  ['张', 66],
  ['刘', 53],
  ['陈', 45],
  ['杨', 31],
  ['黄', 24],
  ['赵', 20],
  ['吴', 19],
  ['周', 18],
  ['徐', 15],
  ['孙', 14],
  ['马', 13],
  ['朱', 12],
  ['胡', 11],
  ['郭', 11],
  ['何', 10],
  ['高', 9],
  ['林', 9],
  ['罗', 9],
  ['郑', 8],
  ['梁', 8],
  ['谢', 7],
  ['宋', 6],
  ['唐', 6],
  ['许', 6],
  ['韩', 6],
  ['冯', 6],
  ['邓', 6],
  ['曹', 5],
  ['彭', 5],
  ['曾', 5],
  ['肖', 5],
  ['田', 5],
  ['董', 4],
  ['袁', 4],
  ['潘', 4],
  ['于', 4],
  ['蒋', 4],
  ['蔡', 4],
  ['余', 4],
  ['杜', 4],
  ['叶', 4],
  ['程', 3],
  ['苏', 3],
  ['魏', 3],
  ['吕', 3],
  ['丁', 3],
  ['任', 3],
  ['沈', 3],
  ['姚', 3],
  ['卢', 3],
  ['姜', 3],
  ['崔', 2],
  ['钟', 2],
  ['谭', 2],
  ['陆', 2],
  ['汪', 2],
  ['范', 2],
  ['金', 2],
  ['石', 2],
  ['廖', 2],
  ['贾', 2],
  ['夏', 2],
  ['韦', 2],
  ['付', 2],
  ['方', 2],
  ['白', 2],
  ['邹', 2],
  ['孟', 2],
  ['欧阳', 1],
  ['上官', 1],
  ['司马', 1],
];

export const GIVEN_MALE: readonly string[] = [
  ...'伟强磊军勇杰涛明超斌刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国志海峰亮成松',
];
export const GIVEN_FEMALE: readonly string[] = [
  ...'芳娜敏静丽艳娟霞秀燕玲桂丹萍红玉兰琳雪梅婷慧莹颖倩洁佳琴云凤晶璐欣悦',
];
export const GIVEN_ANY: readonly string[] = [...'文晓思子嘉雨欣一佳梓博晨安宏永立德春秋'];

export const STREETS: readonly string[] = [
  '人民路',
  '解放路',
  '中山路',
  '建设路',
  '和平路',
  '新华路',
  '胜利路',
  '长江路',
  '黄河路',
  '光明街',
  '文化路',
  '朝阳路',
  '幸福路',
  '青年路',
  '学府路',
  '滨江路',
  '花园街',
  '东风路',
  '团结路',
  '工业路',
];

export const EMPLOYER_WORDS: readonly string[] = [
  '华信',
  '恒达',
  '中联',
  '鑫源',
  '宏图',
  '远航',
  '东方',
  '金桥',
  '正泰',
  '安康',
  '瑞丰',
  '天成',
  '博雅',
  '新元',
  '长城',
  '海川',
  '明德',
  '盛世',
  '和信',
  '永安',
  '嘉禾',
  '富华',
  '通达',
  '荣昌',
  '锦程',
  '康泰',
  '星河',
  '宝利',
  '汇丰',
  '联创',
  '信诚',
  '凯旋',
];
export const EMPLOYER_TRADES: readonly string[] = [
  '电子科技',
  '机械制造',
  '建筑工程',
  '商贸',
  '物流',
  '餐饮管理',
  '软件技术',
  '医药',
  '纺织',
  '物业服务',
  '教育咨询',
  '汽车服务',
  '食品',
  '印刷',
  '家具',
  '环保科技',
  '酒店管理',
  '信息技术',
];
export const EMPLOYER_FORMS: readonly string[] = [
  '有限公司',
  '有限公司',
  '有限公司',
  '股份有限公司',
  '集团有限公司',
];

/** First and last year of monthly detail held in the records copy; earlier periods are summarised. */
export const FIRST_DETAIL_YEAR = 2016;
/** The last month the data set covers (contributions, benefits); the model's "now". */
export const DATA_THROUGH = '2026-10';

export interface YearParams {
  /** Average monthly wage of the scheme in fen: the reference for the contribution base (60 %-300 %). */
  averageWage: number;
  /** Employer and individual rates in basis points per insurance type. */
  rates: Record<InsuranceType, readonly [employer: number, individual: number]>;
  /** Interest credited to the pension individual account at year end, basis points. */
  pensionInterestBp: number;
  /** Interest credited to the medical individual account at year end, basis points. */
  medicalInterestBp: number;
  /** Pension increase from January, basis points. */
  pensionAdjustBp: number;
}

const PENSION_INTEREST: Record<number, number> = {
  2016: 831,
  2017: 712,
  2018: 829,
  2019: 761,
  2020: 604,
  2021: 669,
  2022: 612,
  2023: 397,
  2024: 262,
  2025: 250,
  2026: 230,
};
const PENSION_ADJUST: Record<number, number> = {
  2016: 650,
  2017: 550,
  2018: 500,
  2019: 500,
  2020: 500,
  2021: 450,
  2022: 400,
  2023: 380,
  2024: 300,
  2025: 200,
  2026: 200,
};

/** Scheme parameters for a year; years before the detail window reuse the first year's rates. */
export function yearParams(year: number): YearParams {
  const y = Math.max(year, 1990);
  // About 6 % a year before 2020, then about 4.5 %; 2016 ≈ 5,600 yuan.
  const averageWage = Math.round(
    560000 * Math.pow(y < 2020 ? 1.06 : 1.045, y - 2016) * (y >= 2020 ? 1.06 ** 4 / 1.045 ** 4 : 1),
  );
  const pensionEmployer = y < 2019 ? 1900 : 1600;
  return {
    averageWage: Math.round(averageWage / 100) * 100,
    rates: {
      pension: [pensionEmployer, 800],
      medical: [y < 2021 ? 800 : 750, 200],
      unemployment: [y < 2017 ? 100 : 50, y < 2017 ? 50 : 50],
      work_injury: [y < 2019 ? 50 : 40, 0],
      maternity: [y < 2019 ? 80 : 70, 0],
    },
    pensionInterestBp: PENSION_INTEREST[y] ?? 600,
    medicalInterestBp: 35,
    pensionAdjustBp: PENSION_ADJUST[y] ?? 500,
  };
}
