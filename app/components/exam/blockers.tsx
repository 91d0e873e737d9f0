import { useT } from "~/i18n/use-locale";
import type { StartBlocker } from "~/modules/exams/eligibility";
import { shortDateTime } from "./format";

/** Dates may arrive as strings after serialisation. */
type Wire<T> = { [K in keyof T]: T[K] extends Date ? Date | string : T[K] };

/** Every reason a person cannot start, in words: "学时不足：已获 12.5 / 32 学时", "申请尚未通过审核", ... */
export function BlockerList({ blockers }: { blockers: readonly Wire<StartBlocker>[] }) {
  const { t, locale } = useT();
  return (
    <ul className="list-disc space-y-1 pl-5 text-stone-800" data-testid="blockers">
      {blockers.map((b) => (
        <li key={b.code}>
          {b.code === "hoursShort"
            ? t("examTake.blockers.hoursShort", { credited: b.credited, required: b.required })
            : b.code === "noAttemptsLeft"
              ? t("examTake.blockers.noAttemptsLeft", { allowed: b.allowed })
              : b.code === "notOpenYet"
                ? t("examTake.blockers.notOpenYet", { opensAt: shortDateTime(b.opensAt, locale) })
                : b.code === "closed"
                  ? t("examTake.blockers.closed", { closesAt: shortDateTime(b.closesAt, locale) })
                  : b.code === "full"
                    ? t("examTake.blockers.full", { capacity: b.capacity })
                    : t(`examTake.blockers.${b.code}`)}
        </li>
      ))}
    </ul>
  );
}
