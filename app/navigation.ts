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
  { to: "/review/applications", label: "nav.review", access: requires("review:application") },
  { to: "/admin/hours", label: "nav.hoursDashboard", access: requires("read:hours") },
  { to: "/admin/offline-classes", label: "nav.offlineClasses", access: requires("manage:offline") },
  { to: "/admin/exams", label: "nav.examAdmin", access: requires("manage:exam", "proctor:exam") },
  { to: "/grading", label: "nav.grading", access: requires("grade:exam") },
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
