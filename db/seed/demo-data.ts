/**
 * Demo data: three real counties of Jining with some of their real towns and streets; the
 * organizations and people are fictional. Credit codes and ID numbers are built to pass their
 * check characters. README lists the accounts.
 */
export const DEMO_PASSWORD = "hongfan-demo-2026";

export const DEMO_COUNTIES = [
  { code: "370829", name: "嘉祥县", towns: ["嘉祥街道", "卧龙山街道", "纸坊镇", "梁宝寺镇", "马村镇"] },
  { code: "370881", name: "曲阜市", towns: ["鲁城街道", "书院街道", "时庄街道", "尼山镇"] },
  { code: "370828", name: "金乡县", towns: ["金乡街道", "高河街道", "羊山镇", "鸡黍镇"] },
] as const;

/** [county code, town, name, type, 9-character organization code] */
export const DEMO_ORGANIZATIONS: [string, string, string, "enterprise" | "social", string][] = [
  ["370829", "嘉祥街道", "嘉祥县鲁锦纺织有限公司", "enterprise", "MA3C00001"],
  ["370829", "嘉祥街道", "嘉祥县石雕文化促进会", "social", "MJD000010"],
  ["370829", "卧龙山街道", "山东卧龙山机械制造有限公司", "enterprise", "MA3C00002"],
  ["370829", "纸坊镇", "嘉祥县惠民物流有限公司", "enterprise", "MA3C00003"],
  ["370829", "梁宝寺镇", "嘉祥县梁宝寺镇社会工作服务中心", "social", "MJD000011"],
  ["370881", "鲁城街道", "曲阜市三孔文化创意有限公司", "enterprise", "MA3D00001"],
  ["370881", "书院街道", "曲阜市书院社区志愿服务协会", "social", "MJD000020"],
  ["370881", "时庄街道", "曲阜市时庄电子科技有限公司", "enterprise", "MA3D00002"],
  ["370881", "尼山镇", "曲阜市尼山研学旅行服务中心", "social", "MJD000021"],
  ["370828", "金乡街道", "金乡县大蒜产业协会", "social", "MJD000030"],
  ["370828", "金乡街道", "金乡县金蒜食品有限公司", "enterprise", "MA3E00001"],
  ["370828", "高河街道", "金乡县高河新材料有限公司", "enterprise", "MA3E00002"],
  ["370828", "羊山镇", "金乡县羊山红色教育服务中心", "social", "MJD000031"],
  ["370828", "鸡黍镇", "金乡县鸡黍冷链物流有限公司", "enterprise", "MA3E00003"],
];

type DemoRole =
  | { role: "system_admin" }
  | { role: "county_admin"; county: string }
  | { role: "lecturer"; county: string }
  | { role: "town_officer"; county: string; town: string }
  | { role: "candidate" };

export interface DemoPerson {
  name: string;
  phone: string;
  /** birth date YYYYMMDD and 3-digit sequence: the ID number is built from the organization's county */
  birth: string;
  seq: string;
  organization: string;
  partyStatus: "full" | "probationary";
  partyPost: "secretary" | "deputy_secretary" | "committee_member" | "full_time_worker" | "other";
  roles: DemoRole[];
  /** a demo application waiting for review */
  pendingApplication?: string;
  /** an application approved by the county admin, and the year's 学时 from the demo offline class: ready to sit the demo exam */
  readyForExam?: string;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    name: "周志远",
    phone: "13800000001",
    birth: "19800512",
    seq: "031",
    organization: "嘉祥县鲁锦纺织有限公司",
    partyStatus: "full",
    partyPost: "other",
    roles: [{ role: "system_admin" }],
  },
  {
    name: "王建国",
    phone: "13800000002",
    birth: "19781103",
    seq: "052",
    organization: "嘉祥县石雕文化促进会",
    partyStatus: "full",
    partyPost: "committee_member",
    roles: [{ role: "county_admin", county: "370829" }],
  },
  {
    name: "孔令华",
    phone: "13800000003",
    birth: "19820220",
    seq: "064",
    organization: "曲阜市三孔文化创意有限公司",
    partyStatus: "full",
    partyPost: "committee_member",
    roles: [{ role: "county_admin", county: "370881" }],
  },
  {
    name: "李秀梅",
    phone: "13800000004",
    birth: "19850918",
    seq: "128",
    organization: "嘉祥县鲁锦纺织有限公司",
    partyStatus: "full",
    partyPost: "full_time_worker",
    roles: [{ role: "town_officer", county: "370829", town: "嘉祥街道" }],
  },
  {
    name: "赵文博",
    phone: "13800000005",
    birth: "19760707",
    seq: "015",
    organization: "嘉祥县石雕文化促进会",
    partyStatus: "full",
    partyPost: "secretary",
    roles: [{ role: "lecturer", county: "370829" }, { role: "candidate" }],
  },
  {
    name: "张明远",
    phone: "13800000006",
    birth: "19900307",
    seq: "113",
    organization: "嘉祥县鲁锦纺织有限公司",
    partyStatus: "full",
    partyPost: "secretary",
    roles: [{ role: "candidate" }],
  },
  {
    name: "刘思雨",
    phone: "13800000007",
    birth: "19930415",
    seq: "226",
    organization: "嘉祥县鲁锦纺织有限公司",
    partyStatus: "full",
    partyPost: "deputy_secretary",
    roles: [{ role: "candidate" }],
    pendingApplication: "本人在公司党支部担任副书记三年，希望系统提升党务工作能力。",
  },
  {
    name: "陈晓",
    phone: "13800000008",
    birth: "19980621",
    seq: "042",
    organization: "山东卧龙山机械制造有限公司",
    partyStatus: "probationary",
    partyPost: "committee_member",
    roles: [{ role: "candidate" }],
  },
  {
    name: "孟凡强",
    phone: "13800000009",
    birth: "19870130",
    seq: "075",
    organization: "金乡县金蒜食品有限公司",
    partyStatus: "full",
    partyPost: "other",
    roles: [{ role: "county_admin", county: "370828" }],
  },
  {
    name: "颜丽娟",
    phone: "13800000010",
    birth: "19910826",
    seq: "184",
    organization: "曲阜市书院社区志愿服务协会",
    partyStatus: "full",
    partyPost: "secretary",
    roles: [{ role: "candidate" }],
    pendingApplication: "协会党支部书记，申请参加红帆领航员资格认证。",
  },
  {
    name: "李红梅",
    phone: "13800000011",
    birth: "19890512",
    seq: "248",
    organization: "嘉祥县鲁锦纺织有限公司",
    partyStatus: "full",
    partyPost: "secretary",
    roles: [{ role: "candidate" }],
    readyForExam: "公司党支部书记，已完成年度32学时学习，申请参加初级认证考试。",
  },
  {
    name: "孙立新",
    phone: "13800000012",
    birth: "19860923",
    seq: "157",
    organization: "嘉祥县惠民物流有限公司",
    partyStatus: "full",
    partyPost: "full_time_worker",
    roles: [{ role: "candidate" }],
    readyForExam: "专职党务工作者，申请参加红帆领航员初级认证。",
  },
  {
    name: "周海燕",
    phone: "13800000013",
    birth: "19920304",
    seq: "366",
    organization: "嘉祥县梁宝寺镇社会工作服务中心",
    partyStatus: "full",
    partyPost: "deputy_secretary",
    roles: [{ role: "candidate" }],
    readyForExam: "中心党支部副书记，申请参加红帆领航员初级认证。",
  },
  {
    name: "冯雪梅",
    phone: "13800000018",
    birth: "19870614",
    seq: "274",
    organization: "嘉祥县石雕文化促进会",
    partyStatus: "full",
    partyPost: "secretary",
    roles: [{ role: "candidate" }],
    readyForExam: "促进会党支部书记，申请参加红帆领航员初级认证。",
  },
  // 红帆领航员 holding each level (certificates in db/seed/demo-certificates.ts); 高晓燕's junior certificate was upgraded.
  {
    name: "韩卫东",
    phone: "13800000014",
    birth: "19880716",
    seq: "213",
    organization: "嘉祥县惠民物流有限公司",
    partyStatus: "full",
    partyPost: "secretary",
    roles: [{ role: "candidate" }],
    readyForExam: "公司党支部书记，初级红帆领航员。",
  },
  {
    name: "高晓燕",
    phone: "13800000015",
    birth: "19840209",
    seq: "322",
    organization: "嘉祥县石雕文化促进会",
    partyStatus: "full",
    partyPost: "deputy_secretary",
    roles: [{ role: "candidate" }],
    readyForExam: "促进会党支部副书记，中级红帆领航员。",
  },
  {
    name: "田志刚",
    phone: "13800000016",
    birth: "19790921",
    seq: "017",
    organization: "嘉祥县鲁锦纺织有限公司",
    partyStatus: "full",
    partyPost: "full_time_worker",
    roles: [{ role: "candidate" }],
    readyForExam: "专职党务工作者，高级红帆领航员。",
  },
  {
    name: "马建军",
    phone: "13800000017",
    birth: "19750314",
    seq: "096",
    organization: "嘉祥县惠民物流有限公司",
    partyStatus: "full",
    partyPost: "secretary",
    roles: [{ role: "candidate" }],
    readyForExam: "公司党支部书记，原高级红帆领航员，上一年度考核为一般，现为中级。",
  },
  // 微党课 (decision 023): a second lecturer with a lesson in review, and a learner who rated lessons
  {
    name: "苏文静",
    phone: "13800000019",
    birth: "19830518",
    seq: "146",
    organization: "嘉祥县石雕文化促进会",
    partyStatus: "full",
    partyPost: "committee_member",
    roles: [{ role: "lecturer", county: "370829" }, { role: "candidate" }],
  },
  {
    name: "何建平",
    phone: "13800000020",
    birth: "19940823",
    seq: "193",
    organization: "嘉祥县鲁锦纺织有限公司",
    partyStatus: "full",
    partyPost: "committee_member",
    roles: [{ role: "candidate" }],
  },
];

/** The demo offline class that gives the ready candidates this year's 学时. */
export const DEMO_OFFLINE_CLASS = {
  county: "370829",
  title: "红帆领航员年度集中培训（演示）",
  location: "嘉祥县委党校",
  creditTenths: 320,
  organizer: "中共嘉祥县委组织部",
} as const;
