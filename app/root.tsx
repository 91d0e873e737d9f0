import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { localeFromCookie } from "./i18n/i18n";
import { catalogUrl } from "./i18n/i18n.server";
import { useLocale, useTranslation } from "./i18n/use-locale";
import { publicAccess, type Role } from "./modules/auth/access";
import { open } from "./modules/auth/guard.server";
import { navFor } from "./navigation";
import { useNonce } from "./nonce";
import styles from "./styles/app.css?url";

export const access = publicAccess;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "红帆 · 红帆领航员培训认证平台" }];

export const loader = open(async ({ request, actor }) => {
  const locale = localeFromCookie(request.headers.get("Cookie"));
  const roles = actor ? ([...new Set(actor.grants.map((g) => g.role))] as Role[]) : null;
  // The page's catalog, fetched by entry.client.tsx before hydrating (see the preload link in Layout).
  return { catalog: catalogUrl(locale), user: actor ? { name: actor.name, roles: roles! } : null };
});

function Header({ user }: { user: { name: string; roles: Role[] } | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const items = navFor(user?.roles ?? null);
  const linkClass = ({ isActive }: { isActive: boolean }) =>
    `block whitespace-nowrap rounded px-3 py-2 text-white no-underline hover:bg-brand-800 hover:no-underline ${isActive ? "bg-brand-800 font-semibold" : ""}`;
  const navList = (
    <ul className="flex flex-col gap-1 md:flex-row md:flex-wrap md:items-center md:justify-end">
      {items.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} className={linkClass}>
            {t(item.label)}
          </NavLink>
        </li>
      ))}
      {user ? (
        <li>
          <Form method="post" action="/logout">
            <button type="submit" className="block w-full whitespace-nowrap rounded px-3 py-2 text-left text-white hover:bg-brand-800">
              {t("nav.logout")}
            </button>
          </Form>
        </li>
      ) : (
        <>
          <li>
            <NavLink to="/login" className={linkClass}>
              {t("nav.login")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/register" className={linkClass}>
              {t("nav.register")}
            </NavLink>
          </li>
        </>
      )}
    </ul>
  );
  return (
    <header className="bg-brand-700 text-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-2">
        <Link to="/" className="flex items-center gap-2 text-lg font-bold text-white no-underline hover:no-underline">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>{t("app.name")}</span>
        </Link>
        <nav aria-label={t("nav.menu")} className="hidden min-w-0 flex-1 md:block">
          {navList}
        </nav>
        <details className="md:hidden" key={location.pathname}>
          <summary className="cursor-pointer list-none rounded border border-white/40 px-3 py-2">{t("nav.menu")}</summary>
          <nav aria-label={t("nav.menu")} className="absolute right-2 left-2 z-10 mt-2 rounded-lg bg-brand-700 p-2 shadow-lg">
            {navList}
          </nav>
        </details>
      </div>
    </header>
  );
}

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const next = i18n.language === "en" ? "zh-CN" : "en";
  return (
    // A full page load: the browser holds only the current language's catalog.
    <Form method="post" action="/set-locale" reloadDocument className="inline">
      <input type="hidden" name="locale" value={next} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="text-stone-700 underline" aria-label={`${t("app.language")}: ${t("app.switchTo")}`}>
        {t("app.switchTo")}
      </button>
    </Form>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = useLocale();
  const { t } = useTranslation();
  const nonce = useNonce();
  return (
    <html lang={locale === "en" ? "en" : "zh-CN"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#a31515" />
        <Meta />
        <Links />
        {/* The catalog entry.client.tsx fetches before hydrating; preloaded beside the scripts. */}
        {data?.catalog ? <link rel="preload" as="fetch" href={data.catalog} crossOrigin="anonymous" data-catalog="" /> : null}
      </head>
      <body className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          {t("app.skipToContent")}
        </a>
        <Header user={data?.user ?? null} />
        <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-6">
          {children}
        </main>
        <footer className="border-t border-stone-200 bg-white">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm text-stone-600">
            <span>{t("app.footer")}</span>
            <span className="flex items-center gap-4">
              <Link to="/privacy">{t("privacy.title")}</Link>
              <LanguageSwitch />
            </span>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // <html data-hydrated="true"> once the page's script has hydrated it: what browser tests and
  // bench/exam-network.ts wait for before using the page as an application.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let title = t("errors.server");
  let hint = "";
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (status === 403) [title, hint] = [t("errors.forbidden"), t("errors.forbiddenHint")];
    else if (status === 404) [title, hint] = [t("errors.notFound"), t("errors.notFoundHint")];
    else if (status === 400) {
      title = t("errors.badRequest");
      // text PostgreSQL cannot store (typed into a search box or a link): say so
      if ((error.data as { reason?: unknown } | null)?.reason === "form.text.unstorable") hint = t("form.text.unstorable");
    } else if (status === 409) title = t("errors.conflict");
    else if (status === 429) title = t("errors.rateLimited");
  }
  return (
    <div className="card mx-auto max-w-lg text-center">
      <p className="text-5xl font-bold text-brand-700">{status}</p>
      <h1 className="mt-2 text-xl font-semibold">{title}</h1>
      {hint ? <p className="mt-2 text-stone-600">{hint}</p> : null}
      <Link to="/" className="btn-primary mt-6">
        {t("errors.goHome")}
      </Link>
    </div>
  );
}
