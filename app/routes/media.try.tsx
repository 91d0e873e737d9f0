import type { MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { PageTitle } from "~/components/form";
import { MediaUpload } from "~/components/media/media-upload";
import { useT } from "~/i18n/use-locale";
import { requires } from "~/modules/auth/access";
import { guarded } from "~/modules/auth/guard.server";
import { factsOf, readableAsset } from "~/modules/media/assets.server";

/** Lecturers and county admins: try the media upload (the micro lessons' editor uses the same field). */
export const access = requires("upload:media");
export const meta: MetaFunction = () => [{ title: "媒体上传测试 · 红帆" }];

export const loader = guarded(access, async () => ({}));

/** Shows what a plain form receives from the field: the asset's facts (after the access rule). */
export const action = guarded(access, async ({ request, actor }) => {
  const assetId = String((await request.formData()).get("video") ?? "");
  return { facts: assetId ? factsOf(await readableAsset(actor, assetId)) : null };
});

export default function MediaTry() {
  const { t } = useT();
  const data = useActionData<typeof action>();
  return (
    <div className="space-y-4">
      <PageTitle>{t("media.demoTitle")}</PageTitle>
      <Form method="post" className="card space-y-3">
        <MediaUpload kind="video" name="video" label={t("media.kinds.video")} />
        <button type="submit" className="btn-primary">
          OK
        </button>
      </Form>
      {data?.facts && (
        <section className="card space-y-2" data-testid="media-result">
          {/* eslint-disable-next-line jsx-a11y/media-has-caption -- a check of the uploaded file itself, which has no captions */}
          <video controls preload="metadata" src={data.facts.url} poster={data.facts.posterUrl ?? undefined} className="w-full max-w-xl" />
          <p className="text-sm">
            {data.facts.mime} · {Math.round((data.facts.durationMs ?? 0) / 1000)} s · {data.facts.width}×{data.facts.height}
          </p>
        </section>
      )}
    </div>
  );
}
