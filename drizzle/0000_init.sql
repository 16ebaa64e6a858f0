CREATE TABLE `activities` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`type` text NOT NULL,
	`contact_id` text,
	`company_id` text,
	`occurred_at` integer NOT NULL,
	`subject` text,
	`body` text DEFAULT '' NOT NULL,
	`direction` text,
	`duration_minutes` integer,
	`outcome` text,
	`location` text
);
--> statement-breakpoint
CREATE INDEX `activities_contact` ON `activities` (`contact_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `activities_company` ON `activities` (`company_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `change_log` (
	`hlc` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`tx_id` text NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`column_name` text NOT NULL,
	`value` text
);
--> statement-breakpoint
CREATE INDEX `change_log_row` ON `change_log` (`table_name`,`row_id`);--> statement-breakpoint
CREATE INDEX `change_log_tx` ON `change_log` (`tx_id`);--> statement-breakpoint
CREATE TABLE `companies` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`name` text NOT NULL,
	`domain` text,
	`industry` text,
	`size` text,
	`address_street` text,
	`address_city` text,
	`address_region` text,
	`address_postal_code` text,
	`address_country` text,
	`phone` text,
	`notes` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `companies_name` ON `companies` ("name" COLLATE NOCASE,`id`) WHERE "companies"."deleted_at" IS NULL;--> statement-breakpoint
CREATE TABLE `contact_channels` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`contact_id` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`label` text,
	`is_primary` integer DEFAULT 0 NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_channels_contact` ON `contact_channels` (`contact_id`,`kind`,`position`);--> statement-breakpoint
CREATE TABLE `contact_field_values` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`contact_id` text NOT NULL,
	`field_id` text NOT NULL,
	`value` text
);
--> statement-breakpoint
CREATE INDEX `contact_field_values_contact` ON `contact_field_values` (`contact_id`,`field_id`);--> statement-breakpoint
CREATE INDEX `contact_field_values_field` ON `contact_field_values` (`field_id`);--> statement-breakpoint
CREATE TABLE `contact_tags` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`contact_id` text NOT NULL,
	`tag_id` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_tags_tag` ON `contact_tags` (`tag_id`,`contact_id`);--> statement-breakpoint
CREATE INDEX `contact_tags_contact` ON `contact_tags` (`contact_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`job_title` text,
	`company_id` text,
	`lead_source` text,
	`lifecycle_stage` text DEFAULT 'lead' NOT NULL,
	`owner` text,
	`address_street` text,
	`address_city` text,
	`address_region` text,
	`address_postal_code` text,
	`address_country` text,
	`birthday` text,
	`notes` text DEFAULT '' NOT NULL,
	`last_contacted_at` integer
);
--> statement-breakpoint
CREATE INDEX `contacts_name` ON `contacts` (ltrim("first_name" || ' ' || "last_name") COLLATE NOCASE,`id`) WHERE "contacts"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_created` ON `contacts` (`created_at`,`id`) WHERE "contacts"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_last_contacted` ON `contacts` (`last_contacted_at`,`id`) WHERE "contacts"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_company` ON `contacts` (`company_id`);--> statement-breakpoint
CREATE INDEX `contacts_stage` ON `contacts` (`lifecycle_stage`);--> statement-breakpoint
CREATE TABLE `custom_fields` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`options` text DEFAULT '[]' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`name` text NOT NULL,
	`color` text NOT NULL
);
