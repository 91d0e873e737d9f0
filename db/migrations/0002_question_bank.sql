CREATE TABLE "question_banks" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text,
	"title" text NOT NULL,
	"county_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "question_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"question_id" integer NOT NULL,
	"version_no" integer NOT NULL,
	"body" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "question_versions_no" UNIQUE("question_id","version_no")
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" serial PRIMARY KEY NOT NULL,
	"bank_id" integer NOT NULL,
	"slug" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"author_id" integer,
	"review_comment" text,
	"current_version_id" integer,
	"type" text NOT NULL,
	"area" text NOT NULL,
	"knowledge_point" text NOT NULL,
	"difficulty" integer NOT NULL,
	"stem" text NOT NULL,
	"stem_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questions_bank_slug" UNIQUE("bank_id","slug"),
	CONSTRAINT "questions_status" CHECK ("questions"."status" in ('draft','submitted','active','retired')),
	CONSTRAINT "questions_difficulty" CHECK ("questions"."difficulty" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "question_banks" ADD CONSTRAINT "question_banks_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_banks" ADD CONSTRAINT "question_banks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_versions" ADD CONSTRAINT "question_versions_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_versions" ADD CONSTRAINT "question_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_bank_id_question_banks_id_fk" FOREIGN KEY ("bank_id") REFERENCES "public"."question_banks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "question_banks_slug" ON "question_banks" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "question_banks_county_idx" ON "question_banks" USING btree ("county_id");--> statement-breakpoint
CREATE INDEX "questions_bank_status_idx" ON "questions" USING btree ("bank_id","status");--> statement-breakpoint
CREATE INDEX "questions_bank_stem_key_idx" ON "questions" USING btree ("bank_id","stem_key");