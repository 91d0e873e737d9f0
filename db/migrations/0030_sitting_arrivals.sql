CREATE TABLE "exam_sitting_arrivals" (
	"sitting_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"last_seen_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "exam_sitting_arrivals_sitting_id_user_id_pk" PRIMARY KEY("sitting_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "exam_sitting_arrivals" ADD CONSTRAINT "exam_sitting_arrivals_sitting_id_exam_sittings_id_fk" FOREIGN KEY ("sitting_id") REFERENCES "public"."exam_sittings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exam_sitting_arrivals" ADD CONSTRAINT "exam_sitting_arrivals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;