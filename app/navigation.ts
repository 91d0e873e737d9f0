import { requires, routeAllows, signedInAccess, type Role, type RouteAccess } from "./modules/auth/access";

/** The main navigation: each entry shows when the person's roles pass its route's gate. */
export interface NavItem {
  to: string;
  label: string;
  access: RouteAccess;
}

export const NAV_ITEMS: NavItem[] = [
  { to: "/learn", label: "nav.learn", access: requires("study:lesson") },
  { to: "/hours", label: "nav.hours", access: requires("study:lesson") },
  { to: "/apply", label: "nav.apply", access: requires("apply:application") },
  { to: "/exams", label: "nav.exams", access: requires("take:exam") },
  { to: "/certificates", label: "nav.certificates", access: requires("hold:certificate") },
  // 我的档案: every signed-in person reads their own; the menu shows it to learners (an officer's menu is long enough)
  { to: "/archive", label: "nav.archive", access: requires("hold:certificate") },
  { to: "/supervision", label: "nav.mySupervision", access: requires("hold:certificate") },
  { to: "/lecturers/apply", label: "nav.lecturerApply", access: requires("study:lesson") },
  { to: "/my/micro-lessons", label: "nav.myMicroLessons", access: requires("author:micro_lesson") },
  { to: "/review/applications", label: "nav.review", access: requires("review:application") },
  { to: "/review/micro-lessons", label: "nav.microReview", access: requires("review:micro_lesson") },
  { to: "/admin/micro-selection", label: "nav.microSelection", access: requires("select:micro_lesson") },
  { to: "/admin/hours", label: "nav.hoursDashboard", access: requires("read:hours") },
  { to: "/admin/offline-classes", label: "nav.offlineClasses", access: requires("manage:offline") },
  { to: "/admin/exams", label: "nav.examAdmin", access: requires("manage:exam", "proctor:exam") },
  { to: "/grading", label: "nav.grading", access: requires("grade:exam") },
  { to: "/admin/certificates", label: "nav.certificateAdmin", access: requires("issue:certificate") },
  { to: "/admin/navigators", label: "nav.roster", access: requires("read:roster") },
  { to: "/admin/assessments", label: "nav.assessments", access: requires("propose:assessment", "decide:assessment") },
  { to: "/admin/supervision", label: "nav.supervision", access: requires("record:supervision") },
  { to: "/admin/classes", label: "nav.classes", access: requires("manage:class") },
  { to: "/admin/lecturers", label: "nav.lecturerPool", access: requires("read:lecturers") },
  { to: "/admin/people", label: "nav.people", access: requires("read:person") },
  { to: "/admin/org-tree", label: "nav.orgTree", access: requires("manage:orgtree") },
  { to: "/question-banks", label: "nav.questionBanks", access: requires("manage:question", "propose:question") },
  { to: "/admin/audit", label: "nav.audit", access: requires("read:audit") },
  { to: "/admin/settings", label: "nav.settings", access: requires("manage:settings") },
  { to: "/account", label: "nav.account", access: signedInAccess },
];

export function navFor(roles: readonly Role[] | null): NavItem[] {
  return roles ? NAV_ITEMS.filter((item) => routeAllows(item.access, roles)) : [];
}

/** The sentence under each home-page card (a catalog key), by what the person does there. */
const CARD_TEXT: Record<string, string> = {
  "/learn": "home.learnCard",
  "/hours": "home.hoursCard",
  "/admin/hours": "home.hoursDashboardCard",
  "/admin/offline-classes": "home.offlineCard",
  "/admin/settings": "home.settingsCard",
  "/apply": "home.applyCard",
  "/exams": "home.examsCard",
  "/certificates": "home.certificatesCard",
  "/archive": "home.archiveCard",
  "/admin/certificates": "home.certificateAdminCard",
  "/admin/navigators": "home.rosterCard",
  "/admin/assessments": "home.assessmentsCard",
  "/admin/supervision": "home.supervisionCard",
  "/admin/classes": "home.classesCard",
  "/supervision": "home.mySupervisionCard",
  "/lecturers/apply": "home.lecturerApplyCard",
  "/admin/lecturers": "home.lecturerPoolCard",
  "/admin/exams": "home.examAdminCard",
  "/grading": "home.gradingCard",
  "/review/applications": "home.reviewCard",
  "/admin/people": "home.peopleCard",
  "/admin/org-tree": "home.orgTreeCard",
  "/question-banks": "home.questionBanksCard",
  "/admin/audit": "home.auditCard",
  "/account": "home.accountCard",
  "/my/micro-lessons": "home.myMicroLessonsCard",
  "/review/micro-lessons": "home.microReviewCard",
  "/admin/micro-selection": "home.microSelectionCard",
};

/**
 * The card text for a navigation entry: 题库 is described by the person's own work there (a
 * lecturer proposes questions; an admin maintains banks and reviews proposals).
 */
export function cardTextKey(to: string, roles: readonly Role[]): string | undefined {
  if (to === "/question-banks" && !routeAllows(requires("manage:question"), roles)) return "home.questionBanksLecturerCard";
  return CARD_TEXT[to];
}
