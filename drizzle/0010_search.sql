-- Global search (issue 7). DERIVED data: four FTS5 tables kept in step by the SQL triggers below,
-- never written through the repository, never in the change log, never synced; this migration
-- builds them from the rows that exist (last statements). Accent-insensitive (remove_diacritics 2:
-- "mull" finds Müller, "zoe" finds Zoë), prefix indexes for 2 and 3 characters so short prefixes
-- are one doclist instead of a merge of every term. Phones are indexed as typed, as digits only, and
-- as their last 10, 9 and 7 digits ("5551234567" finds +1 555 123 4567).
--
-- Why contentless (contentless_delete=1) for contacts, companies and deals: a contact's row in the
-- index is made of several tables (its emails and phones in contact_channels, its company's name),
-- so an external-content table could not give FTS5 the exact old values a 'delete' needs once a
-- channel or the company has already changed. Contentless tables need only the rowid to delete, store
-- no second copy of the text, and the palette reads the few rows it shows from the base tables.
-- Why external content for notes: history bodies are the big text (1M entries) and the palette shows a
-- snippet() of the match, which needs the text; the text lives in activities only once (read through
-- the search_notes_source view), and the activity triggers do have the exact old subject and body.
-- The FTS rowid is the base table's rowid (contacts, companies, deals, activities have implicit
-- rowids; the app never runs VACUUM, which may renumber them: after one, rebuild these tables the
-- way the last statements of this file do).
CREATE VIRTUAL TABLE search_contacts USING fts5(
  name, job_title, company, emails, phones,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE search_companies USING fts5(
  name, domain,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE search_deals USING fts5(
  title,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
--> statement-breakpoint
-- Live history entries a person wrote (not system entries); rowid is the activity's rowid.
CREATE VIEW search_notes_source AS
  SELECT rowid AS note_rowid, subject, body FROM activities WHERE deleted_at IS NULL AND type IN ('note', 'call', 'email', 'meeting');
--> statement-breakpoint
CREATE VIRTUAL TABLE search_notes USING fts5(
  subject, body,
  content = 'search_notes_source', content_rowid = 'note_rowid',
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
--> statement-breakpoint
CREATE TRIGGER search_contacts_insert AFTER INSERT ON contacts WHEN NEW.deleted_at IS NULL
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
CREATE TRIGGER search_contacts_update AFTER UPDATE OF first_name, last_name, job_title, company_id, deleted_at ON contacts
BEGIN
  DELETE FROM search_contacts WHERE rowid = OLD.rowid;
  INSERT INTO search_contacts (rowid, name, job_title, company, emails, phones)
  SELECT c.rowid, c.first_name || ' ' || c.last_name, coalesce(c.job_title, ''), coalesce(co.name, ''),
    coalesce((SELECT group_concat(ch.value, ' ') FROM contact_channels ch
              WHERE ch.contact_id = c.id AND ch.kind = 'email' AND ch.deleted_at IS NULL), ''),
    coalesce((SELECT group_concat(p.value || ' ' || p.d || ' ' || substr(p.d, -10) || ' ' || substr(p.d, -9) || ' ' || substr(p.d, -7), ' ')
              FROM (SELECT ch.value, replace(replace(replace(replace(replace(replace(ch.value, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '') AS d
                    FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'phone' AND ch.deleted_at IS NULL) p), '')
  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
  WHERE c.id = NEW.id AND c.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER search_contacts_delete AFTER DELETE ON contacts
BEGIN
  DELETE FROM search_contacts WHERE rowid = OLD.rowid;
END;
--> statement-breakpoint
-- Emails and phones are rows of contact_channels: any change re-indexes the contact(s) concerned.
CREATE TRIGGER search_channels_insert AFTER INSERT ON contact_channels WHEN NEW.kind IN ('email', 'phone')
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
CREATE TRIGGER search_channels_update AFTER UPDATE OF value, kind, deleted_at, contact_id ON contact_channels
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
--> statement-breakpoint
CREATE TRIGGER search_channels_delete AFTER DELETE ON contact_channels
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
END;
--> statement-breakpoint
CREATE TRIGGER search_companies_insert AFTER INSERT ON companies WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO search_companies (rowid, name, domain) VALUES (NEW.rowid, NEW.name, coalesce(NEW.domain, ''));
END;
--> statement-breakpoint
-- A rename (or a delete/restore) of a company also re-indexes its contacts' company name.
CREATE TRIGGER search_companies_update AFTER UPDATE OF name, domain, deleted_at ON companies
BEGIN
  DELETE FROM search_companies WHERE rowid = OLD.rowid;
  INSERT INTO search_companies (rowid, name, domain) SELECT NEW.rowid, NEW.name, coalesce(NEW.domain, '') WHERE NEW.deleted_at IS NULL;
  DELETE FROM search_contacts WHERE rowid IN (SELECT rowid FROM contacts WHERE company_id = NEW.id)
    AND (OLD.name IS NOT NEW.name OR OLD.deleted_at IS NOT NEW.deleted_at);
  INSERT INTO search_contacts (rowid, name, job_title, company, emails, phones)
  SELECT c.rowid, c.first_name || ' ' || c.last_name, coalesce(c.job_title, ''), coalesce(co.name, ''),
    coalesce((SELECT group_concat(ch.value, ' ') FROM contact_channels ch
              WHERE ch.contact_id = c.id AND ch.kind = 'email' AND ch.deleted_at IS NULL), ''),
    coalesce((SELECT group_concat(p.value || ' ' || p.d || ' ' || substr(p.d, -10) || ' ' || substr(p.d, -9) || ' ' || substr(p.d, -7), ' ')
              FROM (SELECT ch.value, replace(replace(replace(replace(replace(replace(ch.value, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '') AS d
                    FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'phone' AND ch.deleted_at IS NULL) p), '')
  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
  WHERE c.company_id = NEW.id AND c.deleted_at IS NULL AND (OLD.name IS NOT NEW.name OR OLD.deleted_at IS NOT NEW.deleted_at);
END;
--> statement-breakpoint
CREATE TRIGGER search_companies_delete AFTER DELETE ON companies
BEGIN
  DELETE FROM search_companies WHERE rowid = OLD.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER search_deals_insert AFTER INSERT ON deals WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO search_deals (rowid, title) VALUES (NEW.rowid, NEW.title);
END;
--> statement-breakpoint
CREATE TRIGGER search_deals_update AFTER UPDATE OF title, deleted_at ON deals
BEGIN
  DELETE FROM search_deals WHERE rowid = OLD.rowid;
  INSERT INTO search_deals (rowid, title) SELECT NEW.rowid, NEW.title WHERE NEW.deleted_at IS NULL;
END;
--> statement-breakpoint
CREATE TRIGGER search_deals_delete AFTER DELETE ON deals
BEGIN
  DELETE FROM search_deals WHERE rowid = OLD.rowid;
END;
--> statement-breakpoint
-- External content: 'delete' must be given exactly what was indexed, which OLD still holds.
CREATE TRIGGER search_notes_insert AFTER INSERT ON activities WHEN NEW.deleted_at IS NULL AND NEW.type IN ('note', 'call', 'email', 'meeting')
BEGIN
  INSERT INTO search_notes (rowid, subject, body) VALUES (NEW.rowid, NEW.subject, NEW.body);
END;
--> statement-breakpoint
CREATE TRIGGER search_notes_update AFTER UPDATE OF subject, body, type, deleted_at ON activities
BEGIN
  INSERT INTO search_notes (search_notes, rowid, subject, body)
    SELECT 'delete', OLD.rowid, OLD.subject, OLD.body WHERE OLD.deleted_at IS NULL AND OLD.type IN ('note', 'call', 'email', 'meeting');
  INSERT INTO search_notes (rowid, subject, body)
    SELECT NEW.rowid, NEW.subject, NEW.body WHERE NEW.deleted_at IS NULL AND NEW.type IN ('note', 'call', 'email', 'meeting');
END;
--> statement-breakpoint
CREATE TRIGGER search_notes_delete AFTER DELETE ON activities WHEN OLD.deleted_at IS NULL AND OLD.type IN ('note', 'call', 'email', 'meeting')
BEGIN
  INSERT INTO search_notes (search_notes, rowid, subject, body) VALUES ('delete', OLD.rowid, OLD.subject, OLD.body);
END;
--> statement-breakpoint
-- The index of the rows that exist already.
INSERT INTO search_contacts (rowid, name, job_title, company, emails, phones)
  SELECT c.rowid, c.first_name || ' ' || c.last_name, coalesce(c.job_title, ''), coalesce(co.name, ''),
    coalesce((SELECT group_concat(ch.value, ' ') FROM contact_channels ch
              WHERE ch.contact_id = c.id AND ch.kind = 'email' AND ch.deleted_at IS NULL), ''),
    coalesce((SELECT group_concat(p.value || ' ' || p.d || ' ' || substr(p.d, -10) || ' ' || substr(p.d, -9) || ' ' || substr(p.d, -7), ' ')
              FROM (SELECT ch.value, replace(replace(replace(replace(replace(replace(ch.value, ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '') AS d
                    FROM contact_channels ch WHERE ch.contact_id = c.id AND ch.kind = 'phone' AND ch.deleted_at IS NULL) p), '')
  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
  WHERE c.deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO search_companies (rowid, name, domain) SELECT rowid, name, coalesce(domain, '') FROM companies WHERE deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO search_deals (rowid, title) SELECT rowid, title FROM deals WHERE deleted_at IS NULL;
--> statement-breakpoint
INSERT INTO search_notes (search_notes) VALUES ('rebuild');
