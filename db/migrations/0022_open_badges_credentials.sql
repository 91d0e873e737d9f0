CREATE TABLE "credential_status_lists" (
	"county_id" integer NOT NULL,
	"purpose" text NOT NULL,
	"encoded_list" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "credential_status_lists_county_id_purpose_pk" PRIMARY KEY("county_id","purpose"),
	CONSTRAINT "credential_status_lists_version_positive" CHECK ("credential_status_lists"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "issuer_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"public_key_multibase" text NOT NULL,
	"sealed_secret" text NOT NULL,
	"kek_fingerprint" text NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"retired_at" timestamp (3) with time zone
);
--> statement-breakpoint
ALTER TABLE "credential_status_lists" ADD CONSTRAINT "credential_status_lists_county_id_counties_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."counties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "issuer_keys_public_unique" ON "issuer_keys" USING btree ("public_key_multibase");--> statement-breakpoint
CREATE UNIQUE INDEX "issuer_keys_one_current" ON "issuer_keys" USING btree ((true)) WHERE retired_at is null;--> statement-breakpoint
-- Issuer keys are never deleted (old credentials must keep verifying) and never rewritten: the only
-- change a row may take is its retirement, once.
CREATE OR REPLACE FUNCTION hongfan_issuer_key_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'issuer keys are never deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (to_jsonb(NEW) - 'retired_at') IS DISTINCT FROM (to_jsonb(OLD) - 'retired_at')
     OR OLD.retired_at IS NOT NULL OR NEW.retired_at IS NULL THEN
    RAISE EXCEPTION 'an issuer key may only be retired, once' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER issuer_keys_guard
  BEFORE UPDATE OR DELETE ON issuer_keys
  FOR EACH ROW EXECUTE FUNCTION hongfan_issuer_key_guard();
--> statement-breakpoint
CREATE TRIGGER issuer_keys_no_truncate
  BEFORE TRUNCATE ON issuer_keys
  FOR EACH STATEMENT EXECUTE FUNCTION hongfan_refuse_change();
