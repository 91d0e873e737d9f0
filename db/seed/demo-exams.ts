import type { Blueprint } from "../../app/modules/exams/types";

/**
 * The demo exam of 嘉祥县: a junior certification exam drawn from the official banks, 100 points,
 * with two short answers so that the grading queue has work. Its sitting opens a day before the demo
 * data is loaded and stays open for 90 days.
 */
export const DEMO_EXAM = {
  county: "370829",
  title: "2026年嘉祥县初级红帆领航员认证考试（演示）",
  kind: "certification" as const,
  level: "junior" as const,
  bankSlugs: ["theory", "basics", "practice", "experience"],
  blueprint: {
    sections: [
      { area: "theory", type: "single", count: 10, pointsTenths: 30, difficultyMin: 1, difficultyMax: 5 },
      { area: "basics", type: "multiple", count: 5, pointsTenths: 40, difficultyMin: 1, difficultyMax: 5 },
      { area: "practice", type: "truefalse", count: 10, pointsTenths: 20, difficultyMin: 1, difficultyMax: 5 },
      { area: "experience", type: "fill", count: 2, pointsTenths: 50, difficultyMin: 1, difficultyMax: 5 },
      { area: "practice", type: "short", count: 2, pointsTenths: 100, difficultyMin: 1, difficultyMax: 5 },
    ],
  } satisfies Blueprint,
  durationMinutes: 60,
  passMarkTenths: 600,
  attemptsAllowed: 2,
  reviewPolicy: "after_release" as const,
  partialCredit: true,
  instructions:
    "本场考试共29题，满分100分，60分及格，限时60分钟。\n\n- 作答会自动保存；网络中断时答案暂存在本机，恢复联网后自动补传。\n- 倒计时以服务器时间为准，刷新页面或更换设备不会重置。\n- 时间到系统自动交卷。离开考试页面会被记录。",
  sitting: { title: "第一场（演示）", capacity: 1000, location: "线上考试" },
};
