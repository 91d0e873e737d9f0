import type { QuestionDraft } from "../../app/modules/question-bank/question";

/** The demo county bank of 嘉祥县: one question of each type, one proposal waiting for review. */
export const DEMO_BANK: {
  slug: string;
  title: string;
  county: string;
  adminPhone: string;
  lecturerPhone: string;
  questions: { status: "draft" | "submitted" | "active"; byLecturer?: boolean; draft: QuestionDraft }[];
} = {
  slug: "demo-jiaxiang-county",
  title: "嘉祥县红帆领航员自建题库",
  county: "370829",
  adminPhone: "13800000002",
  lecturerPhone: "13800000005",
  questions: [
    {
      status: "active",
      draft: {
        type: "single",
        stem: "嘉祥县规定，红帆领航员年度考核为“一般”及以下等次的，属于初级红帆领航员的应当（ ）。",
        options: ["调降一级", "取消等级", "保留等级并限期整改", "暂停培训一年"],
        answer: "B",
        explanation: "年度考核“一般”及以下的，中级、高级调降至下一等级，初级取消等级。",
        area: "experience",
        knowledgePoint: "红帆领航员动态管理",
        difficulty: 2,
      },
    },
    {
      status: "active",
      draft: {
        type: "multiple",
        stem: "下列人员中，可以申请成为红帆领航员的有（ ）。",
        options: ["“两新”组织党组织书记", "“两新”组织党组织委员", "专职从事党务工作的正式党员", "“两新”组织中的预备党员"],
        answer: "ABC",
        explanation: "申请人须为“两新”组织中担任党组织书记、副书记、委员或专职从事党务工作的正式党员。",
        area: "experience",
        knowledgePoint: "红帆领航员申请条件",
        difficulty: 2,
      },
    },
    {
      status: "active",
      draft: {
        type: "truefalse",
        stem: "党支部委员会一般每月召开一次。",
        answer: true,
        explanation: "《中国共产党支部工作条例（试行）》规定，支部委员会会议一般每月召开1次。",
        area: "practice",
        knowledgePoint: "三会一课",
        difficulty: 1,
      },
    },
    {
      status: "active",
      draft: {
        type: "fill",
        stem: "预备党员的预备期为____。",
        answer: [["一年", "1年"]],
        explanation: "党章规定，预备党员的预备期为一年。",
        area: "practice",
        knowledgePoint: "发展党员",
        difficulty: 1,
      },
    },
    {
      status: "active",
      draft: {
        type: "matching",
        stem: "按照《中国共产党支部工作条例（试行）》，将下列会议与其一般召开频次连线。",
        pairs: [
          { premise: "党支部党员大会", response: "每季度召开1次" },
          { premise: "党支部委员会会议", response: "每月召开1次" },
          { premise: "党小组会", response: "每月召开1次" },
        ],
        distractors: ["每半年召开1次"],
        explanation: "支部工作条例规定：党员大会一般每季度召开1次，党支部委员会会议一般每月召开1次，党小组会一般每月召开1次。",
        area: "practice",
        knowledgePoint: "三会一课",
        difficulty: 2,
      },
    },
    {
      status: "active",
      draft: {
        type: "numeric",
        stem: "按照党章规定，党员如果没有正当理由，连续几个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党？",
        answer: [{ kind: "tolerance", value: 6, tolerance: 0, percent: 100 }],
        units: ["个月", "月"],
        explanation:
          "党章第九条规定：党员如果没有正当理由，连续六个月不参加党的组织生活，或不交纳党费，或不做党所分配的工作，就被认为是自行脱党。",
        area: "basics",
        knowledgePoint: "党员管理",
        difficulty: 1,
      },
    },
    {
      status: "draft",
      draft: {
        type: "short",
        stem: "简述“两新”组织党组织在企业发展中发挥作用的主要途径。",
        answer:
          "围绕生产经营开展党建工作，把党建活动与企业发展目标结合起来；推动党员在岗位上创先争优；联系服务职工群众；引导企业依法经营。",
        markingPoints: ["围绕生产经营（2分）", "党员岗位作用（2分）", "服务职工群众（1分）"],
        explanation: "参考《中国共产党章程》关于非公有制经济组织中党的基层组织职责的规定作答。",
        area: "basics",
        knowledgePoint: "党组织作用发挥",
        difficulty: 3,
      },
    },
    {
      status: "submitted",
      byLecturer: true,
      draft: {
        type: "single",
        stem: "党员因工作调动需要转移组织关系的，一般应当由（ ）开具组织关系介绍信。",
        options: ["本人所在单位人事部门", "党员所在党组织或其上级党组织", "接收单位工会", "户籍所在地派出所"],
        answer: "B",
        explanation: "党员组织关系介绍信由党员所在党组织或其上级党组织按规定开具。",
        area: "practice",
        knowledgePoint: "组织关系转接",
        difficulty: 2,
      },
    },
  ],
};
