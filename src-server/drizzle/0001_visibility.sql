CREATE TABLE "row_access" (
	"workspace_id" text NOT NULL,
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"private_to" text,
	"hlc" text NOT NULL,
	CONSTRAINT "row_access_workspace_id_table_name_row_id_pk" PRIMARY KEY("workspace_id","table_name","row_id")
);
--> statement-breakpoint
CREATE TABLE "row_parents" (
	"workspace_id" text NOT NULL,
	"table_name" text NOT NULL,
	"row_id" text NOT NULL,
	"column_name" text NOT NULL,
	"parent_id" text,
	"hlc" text NOT NULL,
	CONSTRAINT "row_parents_workspace_id_table_name_row_id_column_name_pk" PRIMARY KEY("workspace_id","table_name","row_id","column_name")
);
--> statement-breakpoint
CREATE INDEX "row_parents_parent" ON "row_parents" USING btree ("workspace_id","column_name","parent_id");--> statement-breakpoint
CREATE INDEX "ops_row" ON "ops" USING btree ("workspace_id","table_name","row_id");