CREATE TABLE "micro_lesson_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"revision_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"body" text NOT NULL,
	"position_seconds" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "micro_lesson_comments_position" CHECK ("micro_lesson_comments"."position_seconds" is null or "micro_lesson_comments"."position_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "micro_lesson_ratings" (
	"micro_lesson_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"stars" smallint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "micro_lesson_ratings_micro_lesson_id_user_id_pk" PRIMARY KEY("micro_lesson_id","user_id"),
	CONSTRAINT "micro_lesson_ratings_stars" CHECK ("micro_lesson_ratings"."stars" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "micro_lesson_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"micro_lesson_id" integer NOT NULL,
	"number" integer NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"area" text NOT NULL,
	"knowledge_points" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"script" text DEFAULT '' NOT NULL,
	"media_asset_id" uuid,
	"cover_asset_id" uuid,
	"intended_minutes" integer NOT NULL,
	"author_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decided_by" integer,
	"decision_note" text,
	CONSTRAINT "micro_lesson_revisions_state" CHECK ("micro_lesson_revisions"."state" in ('draft','submitted','returned','published','superseded')),
	CONSTRAINT "micro_lesson_revisions_area" CHECK ("micro_lesson_revisions"."area" in ('theory','basics','practice','experience')),
	CONSTRAINT "micro_lesson_revisions_minutes" CHECK ("micro_lesson_revisions"."intended_minutes" between 1 and 120)
);
--> statement-breakpoint
CREATE TABLE "micro_lessons" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"author_id" integer NOT NULL,
	"lesson_id" integer,
	"published_revision_id" integer,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "micro_selection_candidates" (
	"selection_id" integer NOT NULL,
	"micro_lesson_id" integer NOT NULL,
	"rating_average" double precision NOT NULL,
	"rating_count" integer NOT NULL,
	"rank" integer,
	CONSTRAINT "micro_selection_candidates_selection_id_micro_lesson_id_pk" PRIMARY KEY("selection_id","micro_lesson_id")
);
--> statement-breakpoint
CREATE TABLE "micro_selection_scores" (
	"selection_id" integer NOT NULL,
	"micro_lesson_id" integer NOT NULL,
	"judge" text NOT NULL,
	"score" integer NOT NULL,
	"recorded_by" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "micro_selection_scores_selection_id_micro_lesson_id_judge_pk" PRIMARY KEY("selection_id","micro_lesson_id","judge"),
	CONSTRAINT "micro_selection_scores_score" CHECK ("micro_selection_scores"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "micro_selections" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"year" integer NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "micro_selections_state" CHECK ("micro_selections"."state" in ('open','closed'))
);
--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "kind" text DEFAULT 'course' NOT NULL;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "nominal_seconds" integer;--> statement-breakpoint
ALTER TABLE "lessons" ADD COLUMN "media_asset_id" uuid;--> statement-breakpoint
ALTER TABLE "micro_lesson_comments" ADD CONSTRAINT "micro_lesson_comments_revision_id_micro_lesson_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."micro_lesson_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lesson_comments" ADD CONSTRAINT "micro_lesson_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lesson_ratings" ADD CONSTRAINT "micro_lesson_ratings_micro_lesson_id_micro_lessons_id_fk" FOREIGN KEY ("micro_lesson_id") REFERENCES "public"."micro_lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lesson_ratings" ADD CONSTRAINT "micro_lesson_ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lesson_revisions" ADD CONSTRAINT "micro_lesson_revisions_micro_lesson_id_micro_lessons_id_fk" FOREIGN KEY ("micro_lesson_id") REFERENCES "public"."micro_lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lesson_revisions" ADD CONSTRAINT "micro_lesson_revisions_media_asset_id_media_assets_id_fk" FOREIGN KEY ("media_asset_id") REFERENCES "public"."media_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lesson_revisions" ADD CONSTRAINT "micro_lesson_revisions_cover_asset_id_media_assets_id_fk" FOREIGN KEY ("cover_asset_id") REFERENCES "public"."media_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lesson_revisions" ADD CONSTRAINT "micro_lesson_revisions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lesson_revisions" ADD CONSTRAINT "micro_lesson_revisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lessons" ADD CONSTRAINT "micro_lessons_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lessons" ADD CONSTRAINT "micro_lessons_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_lessons" ADD CONSTRAINT "micro_lessons_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_selection_candidates" ADD CONSTRAINT "micro_selection_candidates_selection_id_micro_selections_id_fk" FOREIGN KEY ("selection_id") REFERENCES "public"."micro_selections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_selection_candidates" ADD CONSTRAINT "micro_selection_candidates_micro_lesson_id_micro_lessons_id_fk" FOREIGN KEY ("micro_lesson_id") REFERENCES "public"."micro_lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_selection_scores" ADD CONSTRAINT "micro_selection_scores_selection_id_micro_selections_id_fk" FOREIGN KEY ("selection_id") REFERENCES "public"."micro_selections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_selection_scores" ADD CONSTRAINT "micro_selection_scores_micro_lesson_id_micro_lessons_id_fk" FOREIGN KEY ("micro_lesson_id") REFERENCES "public"."micro_lessons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_selection_scores" ADD CONSTRAINT "micro_selection_scores_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_selections" ADD CONSTRAINT "micro_selections_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_selections" ADD CONSTRAINT "micro_selections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "micro_lesson_comments_revision_idx" ON "micro_lesson_comments" USING btree ("revision_id");--> statement-breakpoint
CREATE UNIQUE INDEX "micro_lesson_revisions_number" ON "micro_lesson_revisions" USING btree ("micro_lesson_id","number");--> statement-breakpoint
CREATE INDEX "micro_lesson_revisions_state_idx" ON "micro_lesson_revisions" USING btree ("state");--> statement-breakpoint
CREATE INDEX "micro_lessons_author_idx" ON "micro_lessons" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "micro_lessons_county_idx" ON "micro_lessons" USING btree ("county_id");--> statement-breakpoint
CREATE UNIQUE INDEX "micro_lessons_lesson_idx" ON "micro_lessons" USING btree ("lesson_id");--> statement-breakpoint
CREATE UNIQUE INDEX "micro_selections_county_year" ON "micro_selections" USING btree ("county_id","year");--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_kind" CHECK ("lessons"."kind" in ('course', 'micro'));--> statement-breakpoint
ALTER TABLE "lessons" ADD CONSTRAINT "lessons_nominal_seconds" CHECK ("lessons"."nominal_seconds" is null or "lessons"."nominal_seconds" > 0);