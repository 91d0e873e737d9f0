CREATE TABLE "media_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"mime" text NOT NULL,
	"bytes" bigint NOT NULL,
	"blob_key" text NOT NULL,
	"duration_ms" integer,
	"width" integer,
	"height" integer,
	"poster_key" text,
	"uploaded_by" integer NOT NULL,
	"county_id" integer NOT NULL,
	"state" text DEFAULT 'uploaded' NOT NULL,
	"owner_kind" text,
	"owner_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_assets_kind" CHECK ("media_assets"."kind" in ('video','audio','image')),
	CONSTRAINT "media_assets_state" CHECK ("media_assets"."state" in ('uploaded','attached','published')),
	CONSTRAINT "media_assets_owner" CHECK (("media_assets"."state" = 'uploaded') = ("media_assets"."owner_kind" is null) and ("media_assets"."owner_kind" is null) = ("media_assets"."owner_id" is null)),
	CONSTRAINT "media_assets_duration" CHECK (("media_assets"."kind" = 'image') = ("media_assets"."duration_ms" is null))
);
--> statement-breakpoint
CREATE TABLE "media_uploads" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"declared_size" bigint NOT NULL,
	"declared_type" text DEFAULT '' NOT NULL,
	"filename" text DEFAULT '' NOT NULL,
	"offset" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"asset_id" uuid,
	"refusal" text,
	CONSTRAINT "media_uploads_kind" CHECK ("media_uploads"."kind" in ('video','audio','image'))
);
--> statement-breakpoint
ALTER TABLE "media_assets" ADD CONSTRAINT "media_assets_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_assets" ADD CONSTRAINT "media_assets_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_uploads" ADD CONSTRAINT "media_uploads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_uploads" ADD CONSTRAINT "media_uploads_asset_id_media_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_assets_owner_idx" ON "media_assets" USING btree ("owner_kind","owner_id");--> statement-breakpoint
CREATE INDEX "media_assets_state_idx" ON "media_assets" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "media_assets_blob_idx" ON "media_assets" USING btree ("blob_key");--> statement-breakpoint
CREATE INDEX "media_assets_poster_idx" ON "media_assets" USING btree ("poster_key");--> statement-breakpoint
CREATE INDEX "media_uploads_user_idx" ON "media_uploads" USING btree ("user_id","created_at");