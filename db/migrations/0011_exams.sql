CREATE TABLE "exam_answer_steps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"attempt_id" integer NOT NULL,
	"slot_no" integer NOT NULL,
	"seq" integer NOT NULL,
	"answer" jsonb NOT NULL,
	"flagged" boolean DEFAULT false NOT NULL,
	"actor_id" integer NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exam_answer_steps_seq" UNIQUE("attempt_id","slot_no","seq")
);
--> statement-breakpoint
CREATE TABLE "exam_attempt_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"attempt_id" integer NOT NULL,
	"kind" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_attempt_slots" (
	"attempt_id" integer NOT NULL,
	"slot_no" integer NOT NULL,
	"question_version_id" integer NOT NULL,
	"section" integer NOT NULL,
	"type" text NOT NULL,
	"area" text NOT NULL,
	"option_order" integer[] NOT NULL,
	"max_mark_tenths" integer NOT NULL,
	CONSTRAINT "exam_attempt_slots_attempt_id_slot_no_pk" PRIMARY KEY("attempt_id","slot_no")
);
--> statement-breakpoint
CREATE TABLE "exam_attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"exam_id" integer NOT NULL,
	"sitting_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"attempt_no" integer NOT NULL,
	"seed" text NOT NULL,
	"state" text DEFAULT 'in_progress' NOT NULL,
	"started_at" timestamp (3) with time zone NOT NULL,
	"deadline_at" timestamp (3) with time zone NOT NULL,
	"finished_at" timestamp (3) with time zone,
	"finished_by" text,
	"max_mark_tenths" integer NOT NULL,
	"mark_tenths" integer,
	"passed" boolean,
	"sub_scores" jsonb,
	"released_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exam_attempts_user_no" UNIQUE("exam_id","user_id","attempt_no"),
	CONSTRAINT "exam_attempts_finished" CHECK ("exam_attempts"."finished_at" is null or "exam_attempts"."finished_at" <= "exam_attempts"."deadline_at")
);
--> statement-breakpoint
CREATE TABLE "exam_marks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"attempt_id" integer NOT NULL,
	"slot_no" integer NOT NULL,
	"mark_tenths" integer NOT NULL,
	"source" text NOT NULL,
	"grader_id" integer,
	"comment" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exam_sittings" (
	"id" serial PRIMARY KEY NOT NULL,
	"exam_id" integer NOT NULL,
	"title" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"town_id" integer,
	"location" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exam_sittings_window" CHECK ("exam_sittings"."closes_at" > "exam_sittings"."opens_at"),
	CONSTRAINT "exam_sittings_capacity" CHECK ("exam_sittings"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "exams" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_id" integer NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"level" text,
	"bank_ids" integer[] NOT NULL,
	"blueprint" jsonb NOT NULL,
	"duration_minutes" integer NOT NULL,
	"pass_mark_tenths" integer NOT NULL,
	"attempts_allowed" integer DEFAULT 1 NOT NULL,
	"review_policy" text DEFAULT 'after_close' NOT NULL,
	"partial_credit" boolean DEFAULT false NOT NULL,
	"instructions" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exams_level" CHECK (("exams"."kind" = 'certification') = ("exams"."level" is not null)),
	CONSTRAINT "exams_duration" CHECK ("exams"."duration_minutes" between 1 and 600),
	CONSTRAINT "exams_attempts" CHECK ("exams"."attempts_allowed" between 1 and 20)
);
--> statement-breakpoint
ALTER TABLE "exam_answer_steps" ADD CONSTRAINT "exam_answer_steps_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_answer_steps" ADD CONSTRAINT "exam_answer_steps_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempt_events" ADD CONSTRAINT "exam_attempt_events_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempt_events" ADD CONSTRAINT "exam_attempt_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempt_slots" ADD CONSTRAINT "exam_attempt_slots_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempt_slots" ADD CONSTRAINT "exam_attempt_slots_question_version_id_question_versions_id_fk" FOREIGN KEY ("question_version_id") REFERENCES "public"."question_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_sitting_id_exam_sittings_id_fk" FOREIGN KEY ("sitting_id") REFERENCES "public"."exam_sittings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_attempts" ADD CONSTRAINT "exam_attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_marks" ADD CONSTRAINT "exam_marks_attempt_id_exam_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."exam_attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_marks" ADD CONSTRAINT "exam_marks_grader_id_users_id_fk" FOREIGN KEY ("grader_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_sittings" ADD CONSTRAINT "exam_sittings_exam_id_exams_id_fk" FOREIGN KEY ("exam_id") REFERENCES "public"."exams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_sittings" ADD CONSTRAINT "exam_sittings_town_id_towns_id_fk" FOREIGN KEY ("town_id") REFERENCES "public"."towns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_sittings" ADD CONSTRAINT "exam_sittings_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exams" ADD CONSTRAINT "exams_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exams" ADD CONSTRAINT "exams_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exam_attempt_events_attempt_idx" ON "exam_attempt_events" USING btree ("attempt_id","kind");--> statement-breakpoint
CREATE INDEX "exam_attempt_slots_version_idx" ON "exam_attempt_slots" USING btree ("question_version_id");--> statement-breakpoint
CREATE INDEX "exam_attempts_sitting_idx" ON "exam_attempts" USING btree ("sitting_id","state");--> statement-breakpoint
CREATE INDEX "exam_attempts_user_idx" ON "exam_attempts" USING btree ("user_id","state");--> statement-breakpoint
CREATE INDEX "exam_attempts_open_deadline_idx" ON "exam_attempts" USING btree ("deadline_at") WHERE state = 'in_progress';--> statement-breakpoint
CREATE INDEX "exam_marks_attempt_idx" ON "exam_marks" USING btree ("attempt_id","slot_no","id");--> statement-breakpoint
CREATE INDEX "exam_sittings_exam_idx" ON "exam_sittings" USING btree ("exam_id");--> statement-breakpoint
CREATE INDEX "exam_sittings_window_idx" ON "exam_sittings" USING btree ("status","closes_at");--> statement-breakpoint
CREATE INDEX "exams_county_idx" ON "exams" USING btree ("county_id","status");