-- Hand-written (triggers only, like 0010 and 0012): bulk writes may pause the contact search
-- triggers and index their contacts in one statement at the end (src-main/core/db/search-index.ts).
-- While search_deferred holds a row, inserting a contact, inserting a channel and updating a
-- channel leave search_contacts alone; the writer that put the row there re-indexes the contacts
-- it wrote and deletes the row again, in the SAME transaction, so a crash or a throw never
-- commits a stale index or a paused trigger. (A flag in a TEMP table would be cheaper, but
-- triggers on main-schema tables cannot read TEMP tables.) The bodies are 0010's, unchanged.
CREATE TABLE `search_deferred` (
	`id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
DROP TRIGGER search_contacts_insert;
--> statement-breakpoint
CREATE TRIGGER search_contacts_insert AFTER INSERT ON contacts
WHEN NEW.deleted_at IS NULL AND NOT EXISTS (SELECT 1 FROM search_deferred)
BEGIN
  INSERT INTO search_contacts (rowid, name, job_title, company, emails, phones)
  SELECT c.rowid, c.first_name || ' ' || c.last_name, coalesce(c.job_title, ''), coalesce(co.name, ''),
    coalesce((SELECT group_concat(ch.value, ' ') FROM contact_channels ch
              WHERE ch.contact_id = c.id AND ch.kind = 'email' AND ch.deleted_at IS NULL), ''),
    coalesce((SELECT group_concat(p.value || ' ' || p.d || ' ' || substr(p.d, -10) || ' ' || substr(p.d, -9) || ' ' || substr(p.d, -7), ' ')
              FROM (SELECT ch.value, replace(replace(replace(replace(replace(replace(ch.value, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '') AS d
                    FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'phone' AND ch.deleted_at IS NULL) p), '')
  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
  WHERE c.id = NEW.id;
END;
--> statement-breakpoint
DROP TRIGGER search_channels_insert;
--> statement-breakpoint
CREATE TRIGGER search_channels_insert AFTER INSERT ON contact_channels
WHEN NEW.kind IN ('email', 'phone') AND NOT EXISTS (SELECT 1 FROM search_deferred)
BEGIN
  DELETE FROM search_contacts WHERE rowid = (SELECT rowid FROM contacts WHERE id = NEW.contact_id);
  INSERT INTO search_contacts (rowid, name, job_title, company, emails, phones)
  SELECT c.rowid, c.first_name || ' ' || c.last_name, coalesce(c.job_title, ''), coalesce(co.name, ''),
    coalesce((SELECT group_concat(ch.value, ' ') FROM contact_channels ch
              WHERE ch.contact_id = c.id AND ch.kind = 'email' AND ch.deleted_at IS NULL), ''),
    coalesce((SELECT group_concat(p.value || ' ' || p.d || ' ' || substr(p.d, -10) || ' ' || substr(p.d, -9) || ' ' || substr(p.d, -7), ' ')
              FROM (SELECT ch.value, replace(replace(replace(replace(replace(replace(ch.value, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '') AS d
                    FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'phone' AND ch.deleted_at IS NULL) p), '')
  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
  WHERE c.id = NEW.contact_id AND c.deleted_at IS NULL;
END;
--> statement-breakpoint
DROP TRIGGER search_channels_update;
--> statement-breakpoint
CREATE TRIGGER search_channels_update AFTER UPDATE OF value, kind, deleted_at, contact_id ON contact_channels
WHEN NOT EXISTS (SELECT 1 FROM search_deferred)
BEGIN
  DELETE FROM search_contacts WHERE rowid = (SELECT rowid FROM contacts WHERE id = OLD.contact_id);
  INSERT INTO search_contacts (rowid, name, job_title, company, emails, phones)
  SELECT c.rowid, c.first_name || ' ' || c.last_name, coalesce(c.job_title, ''), coalesce(co.name, ''),
    coalesce((SELECT group_concat(ch.value, ' ') FROM contact_channels ch
              WHERE ch.contact_id = c.id AND ch.kind = 'email' AND ch.deleted_at IS NULL), ''),
    coalesce((SELECT group_concat(p.value || ' ' || p.d || ' ' || substr(p.d, -10) || ' ' || substr(p.d, -9) || ' ' || substr(p.d, -7), ' ')
              FROM (SELECT ch.value, replace(replace(replace(replace(replace(replace(ch.value, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '') AS d
                    FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'phone' AND ch.deleted_at IS NULL) p), '')
  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
  WHERE c.id = OLD.contact_id AND c.deleted_at IS NULL;
  DELETE FROM search_contacts WHERE rowid = (SELECT rowid FROM contacts WHERE id = NEW.contact_id);
  INSERT INTO search_contacts (rowid, name, job_title, company, emails, phones)
  SELECT c.rowid, c.first_name || ' ' || c.last_name, coalesce(c.job_title, ''), coalesce(co.name, ''),
    coalesce((SELECT group_concat(ch.value, ' ') FROM contact_channels ch
              WHERE ch.contact_id = c.id AND ch.kind = 'email' AND ch.deleted_at IS NULL), ''),
    coalesce((SELECT group_concat(p.value || ' ' || p.d || ' ' || substr(p.d, -10) || ' ' || substr(p.d, -9) || ' ' || substr(p.d, -7), ' ')
              FROM (SELECT ch.value, replace(replace(replace(replace(replace(replace(ch.value, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '') AS d
                    FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'phone' AND ch.deleted_at IS NULL) p), '')
  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
  WHERE c.id = NEW.contact_id AND c.deleted_at IS NULL;
END;
