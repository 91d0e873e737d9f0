import { inArray } from "drizzle-orm";
import { z } from "zod";
import { db } from "#db/client.server";
import { settings as settingsTable } from "#db/schema";
import { defineCache } from "../cache/cache.server";
import { writeAudit, type RequestMeta } from "../audit/audit.server";
import { scopeOf, type Actor } from "../auth/access";
import { forbidden } from "../errors";
import { DEFAULT_POLICY, type CreditPolicy } from "../hours/crediting";

/** The study settings a system admin may change; defaults come from the environment. */
export const studySettingsSchema = z.object({
  heartbeatSeconds: z.coerce
    .number({ error: "settings.integer" })
    .int("settings.integer")
    .min(5, "settings.heartbeatRange")
    .max(120, "settings.heartbeatRange"),
  idleLimitSeconds: z.coerce
    .number({ error: "settings.integer" })
    .int("settings.integer")
    .min(60, "settings.idleRange")
    .max(3600, "settings.idleRange"),
  maxCreditPerBeatSeconds: z.coerce
    .number({ error: "settings.integer" })
    .int("settings.integer")
    .min(10, "settings.capRange")
    .max(300, "settings.capRange"),
  minutesPerCreditHour: z.coerce
    .number({ error: "settings.integer" })
    .int("settings.integer")
    .min(10, "settings.minutesRange")
    .max(60, "settings.minutesRange"),
  requiredCreditHours: z.coerce
    .number({ error: "settings.integer" })
    .int("settings.integer")
    .min(1, "settings.requiredRange")
    .max(200, "settings.requiredRange"),
});
export type StudySettingValues = z.infer<typeof studySettingsSchema>;
const KEYS = Object.keys(studySettingsSchema.shape) as (keyof StudySettingValues)[];

const envSchema = z.object({
  STUDY_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(120).default(30),
  STUDY_IDLE_SECONDS: z.coerce.number().int().min(5).max(3600).default(300),
  MINUTES_PER_CREDIT_HOUR: z.coerce.number().int().min(10).max(60).default(45),
  REQUIRED_CREDIT_HOURS: z.coerce.number().int().min(1).max(200).default(32),
});

function defaults(): StudySettingValues {
  const env = envSchema.parse(process.env);
  return {
    heartbeatSeconds: env.STUDY_HEARTBEAT_SECONDS,
    idleLimitSeconds: env.STUDY_IDLE_SECONDS,
    maxCreditPerBeatSeconds: Math.max(DEFAULT_POLICY.maxCreditPerBeatSeconds, env.STUDY_HEARTBEAT_SECONDS + 10),
    minutesPerCreditHour: env.MINUTES_PER_CREDIT_HOUR,
    requiredCreditHours: env.REQUIRED_CREDIT_HOURS,
  };
}

// Read on every heartbeat: cached briefly (each app instance sees a change within seconds); a
// lookup under way is shared by the requests arriving when the cache runs out (app/modules/cache).
const CACHE_MS = 5_000;
const settingsCache = defineCache<"study", StudySettingValues>("studySettings", { ttlMs: CACHE_MS, max: 1 });

export async function loadStudySettingValues(now = Date.now()): Promise<StudySettingValues> {
  return (await settingsCache.current().getOrLoad("study", readStudySettingValues, now))!;
}

async function readStudySettingValues(): Promise<StudySettingValues> {
  const rows = await db().select().from(settingsTable).where(inArray(settingsTable.key, KEYS));
  const values = { ...defaults() };
  for (const row of rows) {
    const parsed = studySettingsSchema.shape[row.key as keyof StudySettingValues]?.safeParse(row.value);
    if (parsed?.success) values[row.key as keyof StudySettingValues] = parsed.data;
  }
  return values;
}

export async function studySettings(): Promise<{
  policy: CreditPolicy;
  minutesPerCreditHour: number;
  requiredCreditHours: number;
  values: StudySettingValues;
}> {
  const values = await loadStudySettingValues();
  return {
    policy: {
      ...DEFAULT_POLICY,
      heartbeatSeconds: values.heartbeatSeconds,
      idleLimitSeconds: values.idleLimitSeconds,
      maxCreditPerBeatSeconds: values.maxCreditPerBeatSeconds,
    },
    minutesPerCreditHour: values.minutesPerCreditHour,
    requiredCreditHours: values.requiredCreditHours,
    values,
  };
}

/** Changes settings from now on (already credited time is not recomputed); audited with before/after. */
export async function updateStudySettings(actor: Actor, next: StudySettingValues, meta: RequestMeta): Promise<void> {
  if (!scopeOf(actor, "manage:settings").all) throw forbidden();
  const before = await loadStudySettingValues();
  const changed = KEYS.filter((k) => before[k] !== next[k]);
  if (!changed.length) return;
  await db().transaction(async (tx) => {
    for (const key of changed) {
      await tx
        .insert(settingsTable)
        .values({ key, value: next[key], updatedBy: actor.userId })
        .onConflictDoUpdate({ target: settingsTable.key, set: { value: next[key], updatedBy: actor.userId, updatedAt: new Date() } });
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "settings.update",
      entityType: "settings",
      entityId: "study",
      countyId: null,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, next[k]])),
      meta,
    });
  });
  settingsCache.current().invalidate("study");
}
