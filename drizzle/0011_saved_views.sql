CREATE TABLE `saved_views` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	`name` text NOT NULL,
	`filter` text NOT NULL,
	`sort` text NOT NULL,
	`direction` text NOT NULL
);
