import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, type MouseEvent } from "react";
import { useTranslation } from "~/i18n/use-locale";

export type SummaryItem = {
  /** The id of the field the message is about; without one the message is shown as text. */
  target?: string;
  /** The field's label, shown before the message ("身份证号：校验位不正确"). */
  label?: string;
  /** Catalog key or already-worded text. */
  message: string;
  params?: Record<string, unknown>;
};

/** Field errors (field name → catalog key) as summary items; `_form` and unknown fields get no link. */
export function summaryItems(
  errors: Record<string, string> | undefined,
  labels: Record<string, string> = {},
  ids: Record<string, string> = {},
): SummaryItem[] {
  return Object.entries(errors ?? {}).map(([field, message]) => ({
    target: field === "_form" ? undefined : (ids[field] ?? field),
    label: labels[field],
    message,
  }));
}

/**
 * The GOV.UK error summary: after a failed submit, a box at the top of the form lists every
 * problem, each linked to its field, and takes the focus, so a phone user whose page stayed where
 * the button was sees what went wrong (and a screen reader announces it). One per form.
 */
export function ErrorSummary({ items, title, id }: { items: SummaryItem[]; title?: string; id?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const count = items.length;
  // Focus when a submission brings errors back: on the first render with errors (a no-JS post's
  // answer), and each time a submission ends with errors (even the same ones as before).
  const signature = count ? items.map((i) => `${i.target}:${i.message}`).join("|") : "";
  const state = useNavigation().state;
  const previous = useRef<{ state: string; signature: string }>({ state: "idle", signature: "" });
  useEffect(() => {
    const before = previous.current;
    previous.current = { state, signature };
    if (!count || state !== "idle") return;
    if (before.state === "idle" && before.signature === signature) return;
    ref.current?.focus();
  }, [state, signature, count]);
  if (!count) return null;

  const jump = (event: MouseEvent<HTMLAnchorElement>, target: string) => {
    const element = document.getElementById(target);
    if (!element) return;
    // A group (fieldset) takes the focus on its first control.
    const field = element.matches("input, select, textarea, button")
      ? element
      : (element.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea") ?? element);
    event.preventDefault();
    // The label sits above the field: bring it into view too, then focus without another jump.
    const label = element.matches("fieldset")
      ? element
      : (document.querySelector(`label[for="${CSS.escape(target)}"]`) ?? element.closest("fieldset")?.querySelector("legend"));
    (label ?? field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  };

  return (
    <div
      ref={ref}
      id={id}
      role="alert"
      tabIndex={-1}
      aria-labelledby={`${id ?? "error-summary"}-title`}
      className="scroll-mt-4 rounded-md border-2 border-red-700 bg-red-50 px-4 py-3 text-red-900 outline-none focus:ring-4 focus:ring-amber-400"
      data-error-summary=""
    >
      <h2 id={`${id ?? "error-summary"}-title`} className="text-base font-bold">
        {title ?? t("form.summaryTitle")}
      </h2>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {items.map((item, i) => {
          const text = `${item.label ? `${item.label}：` : ""}${t(item.message, item.params ?? {})}`;
          return (
            <li key={i}>
              {item.target ? (
                <a href={`#${item.target}`} className="font-medium text-red-900 underline" onClick={(e) => jump(e, item.target!)}>
                  {text}
                </a>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
