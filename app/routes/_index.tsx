import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n/use-locale";
import { publicAccess, type Role } from "~/modules/auth/access";
import { open } from "~/modules/auth/guard.server";
import { listApplicationsForReview } from "~/modules/navigators/applications.server";
import { myClasses } from "~/modules/classes/classes.server";
import { listUnreadNotifications } from "~/modules/notifications/notifications.server";
import { noticeLink, noticeMessageKey, noticeValues } from "~/modules/notifications/notices";
import { Form } from "@remix-run/react";
import { cardTextKey, navFor } from "~/navigation";
import { routeAllows, requires } from "~/modules/auth/access";

export const access = publicAccess;
export const meta: MetaFunction = () => [
  { title: "红帆 · 红帆领航员培训认证平台" },
  { name: "description", content: "“两新”组织党务工作者红帆领航员的学习、考试、认证与动态档案平台。" },
];

export const loader = open(async ({ actor }) => {
  if (!actor) return { user: null, pendingReviews: 0, notifications: [], classes: [] };
  const roles = [...new Set(actor.grants.map((g) => g.role))] as Role[];
  const pendingReviews = routeAllows(requires("review:application"), roles)
    ? (await listApplicationsForReview(actor, { status: "pending", page: 1 })).pending
    : 0;
  // 我的班级: the training classes the person is a member of (learners only)
  const classes = routeAllows(requires("study:lesson"), roles) ? await myClasses(actor) : [];
  return { user: { name: actor.name, roles }, pendingReviews, notifications: await listUnreadNotifications(actor), classes };
});

export default function Home() {
  const { t } = useT();
  const { user, pendingReviews, notifications, classes } = useLoaderData<typeof loader>();
  if (!user) {
    return (
      <div className="space-y-6">
        <section className="overflow-hidden rounded-xl bg-gradient-to-br from-brand-700 to-brand-800 p-6 text-white sm:p-10">
          <h1 className="text-2xl font-bold sm:text-3xl">{t("app.fullName")}</h1>
          <p className="mt-3 max-w-2xl text-white/90">{t("app.tagline")}</p>
          <div className="mt-6 flex flex-wrap gap-3">
            <Link to="/register" className="btn bg-gold-400 text-stone-900 hover:bg-amber-300">
              {t("home.publicCta")}
            </Link>
            <Link to="/login" className="btn border border-white/60 text-white hover:bg-white/10">
              {t("home.loginCta")}
            </Link>
          </div>
        </section>
        <section className="card space-y-3">
          <p>{t("home.intro")}</p>
          <p className="rounded-md bg-brand-50 p-3 text-brand-800">{t("home.steps")}</p>
        </section>
      </div>
    );
  }
  const items = navFor(user.roles);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("home.welcome", { name: user.name })}</h1>
        <p className="mt-1 text-stone-600">
          {t("home.yourRoles")}：{user.roles.map((r) => t(`roles.${r}`)).join("、")}
        </p>
      </div>
      {notifications.length ? (
        <section aria-labelledby="notifications" className="space-y-2">
          <h2 id="notifications" className="text-lg font-semibold">
            {t("notifications.title")}
          </h2>
          {notifications.map((n) => (
            <Form
              key={n.id}
              method="post"
              action="/notifications/read"
              className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2"
              data-testid="notification"
            >
              <span>
                {t(
                  noticeMessageKey(n.kind, n.params),
                  noticeValues(n.kind, n.params, (key) => t(key)),
                )}
                {noticeLink(n.kind, n.params) ? (
                  <>
                    {" "}
                    <Link to={noticeLink(n.kind, n.params)!}>{t("notifications.open")}</Link>
                  </>
                ) : null}
              </span>
              <input type="hidden" name="id" value={n.id} />
              <input type="hidden" name="redirectTo" value="/" />
              <button type="submit" className="btn-secondary min-h-9 py-1">
                {t("notifications.markRead")}
              </button>
            </Form>
          ))}
        </section>
      ) : null}
      {classes.length ? (
        <section aria-labelledby="my-classes" className="space-y-2" data-testid="my-classes">
          <h2 id="my-classes" className="text-lg font-semibold">
            {t("classes.mine.title")}
          </h2>
          <ul className="grid gap-3 sm:grid-cols-2">
            {classes.map((c) => (
              <li key={c.id} className="card space-y-1">
                <p className="flex flex-wrap items-baseline justify-between gap-2">
                  <Link to={`/classes/${c.id}`} className="font-semibold">
                    {c.title}
                  </Link>
                  <span className="badge">{t(`classes.states.${c.state}`)}</span>
                </p>
                <p className="text-sm text-stone-700">
                  {t("classes.mine.line", { year: c.year, hours: c.hours, content: c.contentHours, percent: c.percent })}
                </p>
                <div className="h-2 w-full overflow-hidden rounded bg-stone-200" aria-hidden="true">
                  <div className="h-2 bg-brand-600" style={{ width: `${c.percent}%` }} />
                </div>
                <p className="text-sm text-stone-700">{t("classes.mine.test", { state: t(`classes.testStates.${c.test}`) })}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="quick-links">
        <h2 id="quick-links" className="mb-3 text-lg font-semibold">
          {t("home.quickLinks")}
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {items.map((item) => (
            <li key={item.to}>
              <Link to={item.to} className="card block h-full text-stone-900 no-underline hover:border-brand-600 hover:no-underline">
                <span className="block font-semibold text-brand-700">{t(item.label)}</span>
                <span className="mt-1 block text-sm text-stone-600">{t(cardTextKey(item.to, user.roles) ?? "")}</span>
                {item.to === "/review/applications" && pendingReviews > 0 ? (
                  <span className="badge mt-2 bg-amber-100 text-amber-900">{t("home.reviewPending", { count: pendingReviews })}</span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
