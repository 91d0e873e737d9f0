import { data, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { shortDateTime, points } from "~/components/exam/format";
import { Alert, PageTitle, SelectField, TableScroll, TextArea } from "~/components/form";
import { useT } from "~/i18n/use-locale";
import { applyRound, correctOutcome, previewApply, proposeGrade, roundPage } from "~/modules/assessment/assessment.server";
import { ASSESSMENT_GRADES } from "~/modules/assessment/rules";
import { applySchema, correctSchema, proposeSchema, roundFilterSchema } from "~/modules/assessment/schemas";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { fieldErrorsOf, formValues, idParam } from "~/modules/forms";

export const access = requires("propose:assessment", "decide:assessment");
export const meta: MetaFunction = () => [{ title: "年度考核 · 红帆" }];

export const loader = guarded(access, async ({ request, params, actor }) => {
  const roundId = idParam(params, "roundId");
  const filter = roundFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await roundPage(actor, roundId, filter)), filter };
});

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const roundId = idParam(params, "roundId");
  const form = await request.formData();
  const intent = form.get("intent");
  const values = formValues(form);
  if (intent === "propose") {
    const parsed = proposeSchema.safeParse(values);
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error);
      return data(
        { intent, userId: Number(values.userId) || null, errors: [errors.grade ?? errors.basis ?? errors.reason ?? "form.invalid"] },
        { status: 400 },
      );
    }
    const result = await proposeGrade(actor, roundId, { ...parsed.data, reason: parsed.data.reason || null }, meta);
    if (!result.ok)
      return data({ intent, userId: parsed.data.userId, errors: result.problems.map((p) => `assessment.problems.${p}`) }, { status: 400 });
    return { intent, userId: parsed.data.userId, errors: [] as string[], saved: true };
  }
  if (intent === "preview" || intent === "apply") {
    const parsed = applySchema.safeParse(values);
    if (!parsed.success) return data({ intent, errors: ["form.invalid"] }, { status: 400 });
    const leaveMissing = parsed.data.leaveMissing === "on";
    if (intent === "preview") {
      const plan = await previewApply(actor, roundId, leaveMissing);
      return {
        intent,
        errors: [] as string[],
        leaveMissing,
        plan: {
          outcomes: plan.outcomes,
          missing: plan.missing,
          counts: plan.counts,
          blocked: plan.blocked,
          names: plan.names,
          selfMember: plan.selfMember,
          fingerprint: plan.fingerprint,
        },
      };
    }
    if (!parsed.data.plan) return data({ intent, errors: ["assessment.previewFirst"], leaveMissing }, { status: 400 });
    const result = await applyRound(actor, roundId, leaveMissing, meta, new Date(), parsed.data.plan);
    if (!result.ok)
      return data(
        { intent, errors: [result.error], leaveMissing, missing: "missing" in result ? result.missing : 0 },
        { status: result.error === "assessment.alreadyApplied" ? 409 : 400 },
      );
    return { intent, errors: [] as string[], counts: result.counts };
  }
  if (intent === "correct") {
    const parsed = correctSchema.safeParse(values);
    if (!parsed.success) {
      const errors = fieldErrorsOf(parsed.error);
      return data(
        { intent, userId: Number(values.userId) || null, errors: [errors.grade ?? errors.reason ?? "form.invalid"] },
        { status: 400 },
      );
    }
    const result = await correctOutcome(actor, roundId, parsed.data, meta);
    if (!result.ok) return data({ intent, userId: parsed.data.userId, errors: [result.error] }, { status: 400 });
    return { intent, userId: parsed.data.userId, errors: [] as string[], corrected: true };
  }
  return data({ intent: null, errors: ["form.invalid"] }, { status: 400 });
});

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Member = LoaderData["members"][number];

function MemberCard({
  member,
  year,
  decide,
  result,
}: {
  member: Member;
  year: number;
  decide: boolean;
  result: ReturnType<typeof useActionData<typeof action>>;
}) {
  const { t, locale } = useT();
  const [grade, setGrade] = useState<string>(member.proposal?.grade ?? "");
  const mine = result && "userId" in result && result.userId === member.userId ? result : null;
  const countyChange = decide && member.proposal !== null;
  const needsHoursReason = !member.evidence.metHours && (grade === "excellent" || grade === "good");
  return (
    <li className="rounded-lg border border-stone-200 bg-white p-3" data-testid={`member-${member.userId}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="font-medium">
          {member.name} <span className="text-sm text-stone-600">· {t(`certificates.levels.${member.level}`)}</span>
        </p>
        <span className="font-mono text-xs text-stone-600">{member.number}</span>
      </div>
      <p className="text-xs text-stone-600">
        {member.townName} · {member.organizationName}
      </p>
      <dl className="mt-2 space-y-1 text-sm">
        <div>
          <dt className="inline text-stone-600">{t("assessment.hours", { year })}：</dt>
          <dd className="inline">
            {t("assessment.hoursValue", {
              hours: member.evidence.display.hours,
              required: member.evidence.display.required,
              minutes: member.evidence.display.minutes,
            })}{" "}
            <span className={member.evidence.metHours ? "text-green-800" : "font-medium text-red-800"}>
              {member.evidence.metHours ? t("assessment.hoursMet") : t("assessment.hoursNotMet")}
            </span>
          </dd>
        </div>
        <div>
          <dt className="inline text-stone-600">{t("assessment.exams")}：</dt>
          <dd className="inline">
            {member.evidence.exams.length
              ? member.evidence.exams.map((e, i) => (
                  <span key={i} className="mr-2">
                    {e.title} {e.markTenths === null ? "" : `${points(e.markTenths)}/${points(e.maxMarkTenths)}`}{" "}
                    {e.passed === null ? "" : e.passed ? t("assessment.passed") : t("assessment.failed")}
                  </span>
                ))
              : t("assessment.examsNone", { year })}
          </dd>
        </div>
        <div data-testid="supervision-evidence">
          <dt className="inline text-stone-600">{t("assessment.supervision", { year })}：</dt>
          <dd className="inline">
            {t("assessment.visits", { count: member.evidence.supervision.visits })}
            {member.evidence.supervision.lastVisitOn ? t("assessment.lastVisit", { date: member.evidence.supervision.lastVisitOn }) : ""}
            {member.evidence.supervision.judgements.length
              ? ` · ${t("assessment.judgements")}${member.evidence.supervision.judgements.map((j) => t(`supervision.judgementValues.${j}`)).join("、")}`
              : ""}
            {member.evidence.supervision.warnings ? (
              <span className="text-red-800"> · {t("assessment.warnings", { count: member.evidence.supervision.warnings })}</span>
            ) : null}
            {member.evidence.supervision.praise ? (
              <span className="text-green-800"> · {t("assessment.praise", { count: member.evidence.supervision.praise })}</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt className="inline text-stone-600">{t("assessment.current")}：</dt>
          <dd className="inline" data-testid="current-grade">
            {member.proposal ? (
              <>
                <strong>{t(`certificates.grades.${member.proposal.grade}`)}</strong> — {member.proposal.basis}
                {member.proposal.reason ? `（${member.proposal.reason}）` : ""}
                <span className="block text-xs text-stone-600">
                  {t("assessment.proposedBy", {
                    name: member.proposal.actorName,
                    at: shortDateTime(member.proposal.at, locale),
                    stage: t(`assessment.stages.${member.proposal.stage}`),
                  })}
                </span>
              </>
            ) : (
              <span className="text-amber-800">{t("assessment.notProposed")}</span>
            )}
          </dd>
        </div>
      </dl>
      {member.self ? (
        <p className="mt-2 text-sm text-stone-600">{t("assessment.self")}</p>
      ) : (
        <Form method="post" className="mt-3 space-y-2 border-t border-stone-100 pt-3">
          <input type="hidden" name="intent" value="propose" />
          <input type="hidden" name="userId" value={member.userId} />
          {mine?.errors.length ? (
            <Alert>
              {mine.errors.map((e) => (
                <span key={e} className="block">
                  {t(e, { year })}
                </span>
              ))}
            </Alert>
          ) : null}
          {mine && "saved" in mine ? <Alert tone="success">{t("assessment.proposed")}</Alert> : null}
          <SelectField
            name="grade"
            id={`grade-${member.userId}`}
            label={t("assessment.grade")}
            value={grade}
            onChange={(e) => setGrade(e.target.value)}
            placeholder="—"
            options={ASSESSMENT_GRADES.map((g) => ({ value: g, label: t(`certificates.grades.${g}`) }))}
          />
          <TextArea
            name="basis"
            id={`basis-${member.userId}`}
            label={t("assessment.basis")}
            rows={2}
            defaultValue={member.proposal?.basis ?? ""}
            maxLength={500}
          />
          <TextArea
            name="reason"
            id={`reason-${member.userId}`}
            label={t("assessment.reason")}
            hint={countyChange ? t("assessment.reasonHintChange") : t("assessment.reasonHintHours")}
            rows={2}
            maxLength={500}
            required={needsHoursReason || countyChange}
          />
          <button type="submit" className="btn-primary">
            {countyChange ? t("assessment.change") : t("assessment.propose")}
          </button>
        </Form>
      )}
    </li>
  );
}

export default function AssessmentRound() {
  const { t, date } = useT();
  const { round, decide, members, tooMany, outcomes, counts, missing, towns, filter } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const plan = result && "plan" in result ? result.plan : null;
  const general = result && !("userId" in result) ? result : null;
  // errors of the preview and the apply show in the apply section, where the button was pressed
  const applyErrors = general && (general.intent === "apply" || general.intent === "preview") ? (general.errors ?? []) : [];
  const topErrors = general && !applyErrors.length ? (general.errors ?? []) : [];
  const levelWord = (l: string | null) => (l ? t(`certificates.levels.${l}`) : t("certificates.statuses.revoked"));
  return (
    <div className="space-y-4">
      <PageTitle
        actions={
          <Link to="/admin/assessments" className="btn-secondary">
            {t("assessment.roundsTitle")}
          </Link>
        }
      >
        {round.countyName} · {t("assessment.yearLabel", { year: round.year })} {t("assessment.title")}
      </PageTitle>
      <p className="text-sm text-stone-700">
        {t(`assessment.states.${round.state}`)} · {t("assessment.openedAt")} {date(round.openedAt)}
        {round.appliedAt ? ` · ${t("assessment.appliedAt")} ${date(round.appliedAt)}` : ""}
      </p>
      {topErrors.length ? (
        <Alert>
          {topErrors.map((e) => (
            <span key={e} className="block">
              {t(e)}
            </span>
          ))}
        </Alert>
      ) : null}
      {general && "counts" in general && general.counts ? (
        <Alert tone="success">{t("assessment.applied", { counts: t("assessment.counts", { ...general.counts }) })}</Alert>
      ) : null}

      {towns.length > 1 ? (
        <Form method="get" className="card flex flex-wrap items-end gap-3">
          <SelectField
            name="townId"
            label={t("assessment.town")}
            defaultValue={filter.townId ?? ""}
            placeholder={t("assessment.allTowns")}
            options={towns.map((town) => ({ value: town.id, label: town.name }))}
          />
          <button type="submit" className="btn-secondary">
            {t("certificates.filter")}
          </button>
        </Form>
      ) : null}

      {round.state === "open" ? (
        <>
          <section className="card space-y-3" aria-labelledby="counts-title">
            <h2 id="counts-title" className="text-lg font-semibold">
              {t("assessment.countsTitle")}
            </h2>
            <TableScroll>
              <table className="data-table min-w-[30rem]" data-testid="grade-counts">
                <thead>
                  <tr>
                    <th>{t("assessment.town")}</th>
                    {ASSESSMENT_GRADES.map((g) => (
                      <th key={g}>{t(`certificates.grades.${g}`)}</th>
                    ))}
                    <th>{t("assessment.missing")}</th>
                  </tr>
                </thead>
                <tbody>
                  {counts.map((c) => (
                    <tr key={c.townId ?? "all"} className={c.townId === null ? "font-semibold" : ""}>
                      <td>{c.townId === null ? t("assessment.total") : c.townName}</td>
                      {ASSESSMENT_GRADES.map((g) => (
                        <td key={g}>{c[g]}</td>
                      ))}
                      <td className={c.missing ? "text-amber-800" : ""}>{c.missing}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>

          {decide ? (
            <section className="card space-y-3" aria-labelledby="apply-title">
              <h2 id="apply-title" className="text-lg font-semibold">
                {t("assessment.previewTitle")}
              </h2>
              <p className="text-sm text-stone-700">{t("assessment.previewHint")}</p>
              {applyErrors.length ? (
                <Alert>
                  {applyErrors.map((e) => (
                    <span key={e} className="block">
                      {t(e)}
                    </span>
                  ))}
                </Alert>
              ) : null}
              <Form method="post" className="space-y-2">
                <label className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    name="leaveMissing"
                    defaultChecked={Boolean(result && "leaveMissing" in result && result.leaveMissing)}
                    className="mt-0.5 h-5 w-5"
                  />
                  <span>{t("assessment.leaveMissing")}</span>
                </label>
                <button type="submit" name="intent" value="preview" className="btn-secondary">
                  {t("assessment.preview")}
                </button>
              </Form>
              {plan ? (
                <div className="space-y-2" data-testid="apply-preview">
                  {/* not yet chosen to leave them unassessed: they are 未评定, not 不考核 */}
                  <p className="font-medium">{t(plan.blocked ? "assessment.countsBlocked" : "assessment.counts", { ...plan.counts })}</p>
                  {plan.missing.length ? (
                    <div className="text-sm text-amber-900">
                      <p>{t("assessment.missingList", { count: plan.missing.length })}</p>
                      <p>{plan.missing.map((m) => `${plan.names[m.userId]?.name}（${plan.names[m.userId]?.townName}）`).join("、")}</p>
                    </div>
                  ) : null}
                  <ul className="space-y-1 text-sm">
                    {plan.outcomes
                      .filter((o) => o.change.kind === "downgraded" || o.change.kind === "revoked")
                      .map((o) => (
                        <li key={o.userId}>
                          {t("assessment.consequenceLine", {
                            name: plan.names[o.userId]?.name,
                            town: plan.names[o.userId]?.townName,
                            grade: o.grade ? t(`certificates.grades.${o.grade}`) : "",
                            change:
                              o.change.kind === "downgraded"
                                ? t("assessment.downgradeTo", { from: levelWord(o.change.from), to: levelWord(o.change.to) })
                                : o.change.kind === "revoked"
                                  ? t("assessment.revokeFrom", { from: levelWord(o.change.from) })
                                  : "",
                          })}
                        </li>
                      ))}
                  </ul>
                  {plan.selfMember ? (
                    <Alert>{t("assessment.selfMember")}</Alert>
                  ) : plan.blocked ? (
                    <Alert tone="info">{t("assessment.missingBlocked")}</Alert>
                  ) : (
                    <Form method="post">
                      {result && "leaveMissing" in result && result.leaveMissing ? (
                        <input type="hidden" name="leaveMissing" value="on" />
                      ) : null}
                      <input type="hidden" name="plan" value={plan.fingerprint} />
                      <button type="submit" name="intent" value="apply" className="btn-primary" disabled={navigation.state !== "idle"}>
                        {t("assessment.apply")}
                      </button>
                    </Form>
                  )}
                </div>
              ) : null}
            </section>
          ) : null}

          <section className="space-y-3" aria-labelledby="members-title">
            <h2 id="members-title" className="text-lg font-semibold">
              {t("assessment.membersTitle")} ({tooMany || members.length}, {t("assessment.missing")} {missing})
            </h2>
            {tooMany ? (
              <p className="card text-stone-700" data-testid="choose-town">
                {t("assessment.chooseTown", { count: tooMany })}
              </p>
            ) : members.length === 0 ? (
              <p className="card text-stone-600">{t("assessment.membersNone")}</p>
            ) : (
              <ul className="grid gap-3 lg:grid-cols-2">
                {members.map((m) => (
                  <MemberCard key={m.userId} member={m} year={round.year} decide={decide} result={result} />
                ))}
              </ul>
            )}
          </section>
        </>
      ) : (
        <section className="card space-y-3" aria-labelledby="outcomes-title">
          <h2 id="outcomes-title" className="text-lg font-semibold">
            {t("assessment.outcomesTitle")}
          </h2>
          <ul className="divide-y divide-stone-200" data-testid="outcomes">
            {outcomes.map((o) => {
              const mine = result && "userId" in result && result.userId === o.userId ? result : null;
              return (
                <li key={o.id} className="space-y-1 py-3">
                  <p>
                    <strong>{o.name}</strong> <span className="text-sm text-stone-600">{o.townName}</span> ·{" "}
                    {o.grade ? t(`certificates.grades.${o.grade}`) : t("assessment.noGrade")} · {t(`assessment.consequences.${o.outcome}`)}
                    {o.levelBefore && o.levelBefore !== o.levelAfter ? ` (${levelWord(o.levelBefore)} → ${levelWord(o.levelAfter)})` : ""}
                    {o.newNumber ? <span className="ml-1 font-mono text-xs">{o.newNumber}</span> : null}
                    {o.correctsId ? (
                      <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900">{t("assessment.corrected")}</span>
                    ) : null}
                  </p>
                  {o.reason ? <p className="text-sm text-stone-700">{o.reason}</p> : null}
                  {decide ? (
                    <details>
                      <summary className="cursor-pointer text-sm text-brand-700">{t("assessment.correctTitle")}</summary>
                      <Form method="post" className="mt-2 space-y-2">
                        <p className="text-xs text-stone-600">{t("assessment.correctHint")}</p>
                        <input type="hidden" name="intent" value="correct" />
                        <input type="hidden" name="userId" value={o.userId} />
                        {mine?.errors.length ? <Alert>{mine.errors.map((e) => t(e)).join(" ")}</Alert> : null}
                        <SelectField
                          name="grade"
                          id={`correct-grade-${o.userId}`}
                          label={t("assessment.grade")}
                          placeholder="—"
                          defaultValue=""
                          options={ASSESSMENT_GRADES.map((g) => ({ value: g, label: t(`certificates.grades.${g}`) }))}
                        />
                        <TextArea
                          name="reason"
                          id={`correct-reason-${o.userId}`}
                          label={t("assessment.correctReason")}
                          rows={2}
                          maxLength={500}
                          required
                        />
                        <button type="submit" className="btn-primary">
                          {t("assessment.correct")}
                        </button>
                      </Form>
                    </details>
                  ) : null}
                  {mine && "corrected" in mine ? <Alert tone="success">{t("assessment.correctedOk")}</Alert> : null}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
