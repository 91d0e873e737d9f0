import {
  useEffect,
  useRef,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { useTranslation } from "~/i18n/use-locale";

type Common = { name: string; label: string; hint?: string; error?: string };

function describedBy(name: string, hint?: string, error?: string) {
  return [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
}

function Messages({ name, hint, error }: Omit<Common, "label">) {
  const { t } = useTranslation();
  return (
    <>
      {hint ? (
        <p id={`${name}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="field-error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </>
  );
}

export function TextField({ name, label, hint, error, id, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const key = id ?? name;
  return (
    <div>
      <label htmlFor={key} className="field-label">
        {label}
      </label>
      <input
        id={key}
        name={name}
        className="field-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(key, hint, error)}
        {...input}
      />
      <Messages name={key} hint={hint} error={error} />
    </div>
  );
}

/**
 * A password input with a "显示密码" toggle (ASVS 2.1.12): a real toggle button (aria-pressed,
 * aria-controls; its name stays the same while its state changes, as toggle buttons should). The
 * button appears only once the page's JavaScript runs — without it the field is a plain password
 * input and the form works as before. The password is hidden again when the form is submitted.
 */
export function PasswordField({ name, label, hint, error, id, ...input }: Common & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  const { t } = useTranslation();
  const key = id ?? name;
  const [shown, setShown] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    setHydrated(true);
    const form = ref.current?.form;
    if (!form) return;
    const hide = () => setShown(false);
    form.addEventListener("submit", hide);
    return () => form.removeEventListener("submit", hide);
  }, []);
  return (
    <div>
      <label htmlFor={key} className="field-label">
        {label}
      </label>
      <div className="flex items-stretch gap-2">
        <input
          ref={ref}
          id={key}
          name={name}
          type={shown ? "text" : "password"}
          className="field-input min-w-0 flex-1"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(key, hint, error)}
          {...input}
        />
        {hydrated ? (
          <button
            type="button"
            className="btn-secondary shrink-0 px-3 text-sm"
            aria-pressed={shown}
            aria-controls={key}
            onClick={() => setShown((v) => !v)}
          >
            {t("common.showPassword")}
          </button>
        ) : null}
      </div>
      <Messages name={key} hint={hint} error={error} />
    </div>
  );
}

export function TextArea({ name, label, hint, error, id, ...input }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const key = id ?? name;
  return (
    <div>
      <label htmlFor={key} className="field-label">
        {label}
      </label>
      <textarea
        id={key}
        name={name}
        className="field-input"
        rows={4}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(key, hint, error)}
        {...input}
      />
      <Messages name={key} hint={hint} error={error} />
    </div>
  );
}

export function SelectField({
  name,
  label,
  hint,
  error,
  options,
  placeholder,
  id,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string | number; label: string }[]; placeholder?: string }) {
  const key = id ?? name;
  return (
    <div>
      <label htmlFor={key} className="field-label">
        {label}
      </label>
      <select
        id={key}
        name={name}
        className="field-input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(key, hint, error)}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Messages name={key} hint={hint} error={error} />
    </div>
  );
}

export function Alert({ tone = "error", children }: { tone?: "error" | "success" | "info"; children: ReactNode }) {
  const styles = {
    error: "border-red-300 bg-red-50 text-red-900",
    success: "border-green-300 bg-green-50 text-green-900",
    info: "border-amber-300 bg-amber-50 text-amber-900",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-4 py-3 ${styles}`}>
      {children}
    </div>
  );
}

export function PageTitle({ children, actions }: { children: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
      <h1 className="text-2xl font-bold text-stone-900">{children}</h1>
      {actions}
    </div>
  );
}

export function Pager({ page, hasMore, params }: { page: number; hasMore: boolean; params?: Record<string, string> }) {
  const { t } = useTranslation();
  const href = (p: number) => `?${new URLSearchParams({ ...params, page: String(p) })}`;
  if (page <= 1 && !hasMore) return null;
  return (
    <nav className="mt-4 flex gap-2" aria-label="pagination">
      {page > 1 ? (
        <a className="btn-secondary" href={href(page - 1)}>
          {t("common.previous")}
        </a>
      ) : null}
      {hasMore ? (
        <a className="btn-secondary" href={href(page + 1)}>
          {t("common.next")}
        </a>
      ) : null}
    </nav>
  );
}

/** Wide tables scroll sideways inside their card on a 360 px phone instead of widening the page. */
export function TableScroll({ children, label }: { children: ReactNode; label?: string }) {
  const { t } = useTranslation();
  // Focusable so keyboard users can scroll it too.
  return (
    <div className="-mx-4 overflow-x-auto px-4 sm:mx-0 sm:px-0" tabIndex={0} role="region" aria-label={label ?? t("common.table")}>
      {children}
    </div>
  );
}
