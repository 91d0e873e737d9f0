import { redirect } from "@remix-run/node";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { formValues, idParam } from "~/modules/forms";
import { microLessonSlug, rateMicroLesson } from "~/modules/micro-lessons/micro-lessons.server";
import { ratingSchema } from "~/modules/micro-lessons/schemas";

/** 评分 (POST only): back to the lesson page with the outcome in the query. */
export const access = requires("study:lesson");

export const loader = guarded(access, async ({ params }) => {
  throw redirect(`/lessons/${microLessonSlug(idParam(params, "microLessonId"))}`);
});

export const action = guarded(access, async ({ request, params, actor, meta }) => {
  const id = idParam(params, "microLessonId");
  const parsed = ratingSchema.safeParse(formValues(await request.formData()));
  if (!parsed.success) throw redirect(`/lessons/${microLessonSlug(id)}?rate=invalid`, { status: 303 });
  const result = await rateMicroLesson(actor, id, parsed.data.stars, meta);
  throw redirect(`/lessons/${result.lessonSlug}?rate=${result.ok ? "saved" : result.reason}`, { status: 303 });
});
