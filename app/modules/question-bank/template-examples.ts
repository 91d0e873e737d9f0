import type { QuestionDraft } from "./question";

/**
 * The 示例 rows of the Excel template, one per question type, copied from the content bank
 * (`content/questions/*.json`; a test checks they still match). Their slugs are in the comments.
 */
export const TEMPLATE_EXAMPLES: readonly QuestionDraft[] = [
  // practice-0001
  {
    type: "single",
    stem: "按照《中国共产党支部工作条例（试行）》，党支部党员大会一般每（ ）召开1次。",
    options: ["月", "季度", "半年", "年"],
    answer: "B",
    explanation: "支部工作条例规定：党员大会一般每季度召开1次，党支部委员会会议一般每月召开1次，党小组会一般每月召开1次。",
    difficulty: 1,
    knowledgePoint: "三会一课",
    area: "practice",
  },
  // basics-0040
  {
    type: "multiple",
    stem: "下列属于党章规定的党员权利的有（ ）。",
    options: ["参加党的有关会议，阅读党的有关文件，接受党的教育和培训", "对党的工作提出建议和倡议", "行使表决权、选举权，有被选举权", "向党的上级组织直至中央提出请求、申诉和控告", "要求组织优先安排本人晋升职务"],
    answer: "ABCD",
    explanation: "党章第四条规定了党员的八项权利，A、B、C、D均在其中。要求优先晋升不是党员权利，党员除了法律和政策规定范围内的个人利益和工作职权以外，不得谋求任何私利和特权。",
    difficulty: 2,
    knowledgePoint: "党员权利",
    area: "basics",
  },
  // basics-0056
  {
    type: "truefalse",
    stem: "预备党员的义务同正式党员一样。",
    answer: true,
    explanation: "党章第七条规定，预备党员的义务同正式党员一样；预备党员没有表决权、选举权和被选举权。",
    difficulty: 1,
    knowledgePoint: "预备党员",
    area: "basics",
  },
  // practice-0076
  {
    type: "fill",
    stem: "按照发展党员工作细则，发展党员工作分为____个阶段、____个步骤。",
    answer: [["五", "5"], ["二十五", "25"]],
    explanation: "五个阶段是申请入党、入党积极分子的确定和教育培养、发展对象的确定和考察、预备党员的接收、预备党员的教育考察和转正。",
    difficulty: 1,
    knowledgePoint: "发展党员程序",
    area: "practice",
  },
  // basics-0084
  {
    type: "short",
    stem: "请列举党章规定的党员权利（至少五项）。",
    answer: "党章规定党员享有以下权利：（一）参加党的有关会议，阅读党的有关文件，接受党的教育和培训；（二）在党的会议上和党报党刊上参加关于党的政策问题的讨论；（三）对党的工作提出建议和倡议；（四）在党的会议上有根据地批评党的任何组织和任何党员，揭发检举违法乱纪事实；（五）行使表决权、选举权，有被选举权；（六）受处分时参加和进行申辩；（七）对决议有不同意见，在坚决执行前提下可以声明保留；（八）向上级组织直至中央提出请求、申诉和控告。",
    markingPoints: ["答出五项及以上权利，每项1分，最多5分（5分）", "表述准确，未将义务误作权利（2分）", "说明预备党员没有表决权、选举权和被选举权（1分）", "说明“声明保留”须以坚决执行为前提（2分）"],
    explanation: "共八项权利，列举任意五项即可得要点一满分。",
    difficulty: 2,
    knowledgePoint: "党员权利",
    area: "basics",
  },
  // practice-0094
  {
    type: "matching",
    area: "practice",
    knowledgePoint: "发展党员程序",
    difficulty: 2,
    stem: "按照《中国共产党发展党员工作细则》，将下列发展党员工作环节与其时间要求连线。",
    pairs: [
      {
        premise: "党组织收到入党申请书后派人同入党申请人谈话",
        response: "一个月内"
      },
      {
        premise: "入党积极分子列为发展对象前接受培养教育和考察",
        response: "一年以上"
      },
      {
        premise: "发展对象参加集中培训",
        response: "一般不少于3天（或不少于24个学时）"
      },
      {
        premise: "预备党员的预备期",
        response: "一年"
      }
    ],
    distractors: [
      "半年"
    ],
    explanation: "发展党员工作细则规定：党组织收到入党申请书后，应当在一个月内派人同入党申请人谈话；对经过一年以上培养教育和考察、基本具备党员条件的入党积极分子，可列为发展对象；发展对象须参加集中培训，时间一般不少于3天（或不少于24个学时）；预备党员的预备期为一年。"
  },
  // practice-0095
  {
    type: "numeric",
    area: "practice",
    knowledgePoint: "党支部设置",
    difficulty: 1,
    stem: "按照《中国共产党支部工作条例（试行）》，有正式党员多少人以上的党支部，应当设立党支部委员会？",
    answer: [
      {
        kind: "tolerance",
        value: 7,
        tolerance: 0,
        percent: 100
      }
    ],
    units: [
      "人",
      "名"
    ],
    explanation: "支部工作条例规定：有正式党员7人以上的党支部，设立党支部委员会；正式党员不足7人的党支部，不设委员会，设1名书记，必要时可以设1名副书记。"
  },
];
