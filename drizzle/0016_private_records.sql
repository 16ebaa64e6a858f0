ALTER TABLE `contacts` ADD `private_to` text;--> statement-breakpoint
ALTER TABLE `deals` ADD `private_to` text;