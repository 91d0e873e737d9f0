import { useT } from "~/i18n/use-locale";
import type { StartBlocker } from "~/modules/exams/eligibility";
import { shortDateTime } from "./format";

/** Dates may arrive as strings after serialisation. */
type Wire<T> = { [K in keyof T]: T[K] extends Date ? Date | string : T[K] };

/** Every reason a person cannot start, in words: "学时不足：已获 12.5 / 32 学时", "申请尚未通过审核", ... */
export function BlockerList({ blockers }: { blockers: readonly Wire<StartBlocker>[] }) {
  const { t, locale } = useT();
  const level = (l: string) => t(`examTake.levels.${l}`);
  const grade = (g: string) => t(`examTake.grades.${g}`);
  /** the level rule's reasons (certificates/level-rule.ts) */
  const levelText = (b: Wire<StartBlocker>): string | null => {
    switch (b.code) {
      case "levelHeld":
        return t("examTake.blockers.levelHeld", { level: level(b.level) });
      case "lowerLevelRequired":
      case "lowerLevelOnHold":
        return t(`examTake.blockers.${b.code}`, { required: level(b.required) });
      case "lowerLevelTooRecent":
        return t("examTake.blockers.lowerLevelTooRecent", { required: level(b.required), years: b.years, eligibleYear: b.eligibleYear });
      case "notAssessed":
        return t("examTake.blockers.notAssessed", { minimum: grade(b.minimum) });
      case "assessmentTooLow":
        return t("examTake.blockers.assessmentTooLow", { grade: grade(b.grade), minimum: grade(b.minimum) });
      default:
        return null;
    }
  };
  return (
    <ul className="list-disc space-y-1 pl-5 text-stone-800" data-testid="blockers">
      {blockers.map((b) => (
        <li key={b.code}>
          {b.code === "hoursShort"
            ? b.creditedMinutes != null
              ? t("examTake.blockers.hoursShortMinutes", {
                  credited: b.credited,
                  required: b.required,
                  minutes: b.creditedMinutes,
                  requiredMinutes: b.requiredMinutes,
                })
              : t("examTake.blockers.hoursShort", { credited: b.credited, required: b.required })
            : b.code === "noAttemptsLeft"
              ? t("examTake.blockers.noAttemptsLeft", { allowed: b.allowed })
              : b.code === "notOpenYet"
                ? t("examTake.blockers.notOpenYet", { opensAt: shortDateTime(b.opensAt, locale) })
                : b.code === "closed"
                  ? t("examTake.blockers.closed", { closesAt: shortDateTime(b.closesAt, locale) })
                  : b.code === "full"
                    ? t("examTake.blockers.full", { capacity: b.capacity })
                    : b.code === "alreadyPassed"
                      ? b.level
                        ? t("examTake.blockers.alreadyPassed", { level: t(`examTake.levels.${b.level}`) })
                        : t("examTake.blockers.alreadyPassedExam")
                      : (levelText(b) ?? t(`examTake.blockers.${b.code}`))}
        </li>
      ))}
    </ul>
  );
}
