import { sql, type Kysely } from 'kysely';

// Frozen once merged: later changes go in a new, later-named migration.
//
// A search by words alone, from a narrow table (issue 18). Ranking a broad search reads every
// match: from the tenders themselves that is the wide rows' pages (at 100.000 tenders, a search
// matching 20.000 read 7.667 of them, 21 ms in PostgreSQL before any ranking), from a table of
// the search vectors alone a fifth as many (27 MB against 90 MB). tender_search holds each
// tender's vector (the generated column tenders.search, which stays for the other filters and
// the alerts), kept by statement triggers that read the statement's rows: a new tender is added,
// a changed vector copied (an unchanged one is not written), a deleted tender's row goes with it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table tender_search (
    tender_id text primary key references tenders (id) on delete cascade on update cascade,
    search tsvector not null
  )`.execute(db);
  await sql`insert into tender_search (tender_id, search) select id, search from tenders`.execute(db);
  await sql`create index tender_search_words on tender_search using gin (search)`.execute(db);

  await sql`create function tender_search_added() returns trigger language plpgsql as $$
    begin
      insert into tender_search (tender_id, search) select id, search from added;
      return null;
    end $$`.execute(db);
  await sql`create trigger tenders_search_added after insert on tenders
    referencing new table as added for each statement execute function tender_search_added()`.execute(db);

  await sql`create function tender_search_changed() returns trigger language plpgsql as $$
    begin
      update tender_search s set search = changed.search
      from changed where s.tender_id = changed.id and s.search is distinct from changed.search;
      return null;
    end $$`.execute(db);
  await sql`create trigger tenders_search_changed after update on tenders
    referencing new table as changed for each statement execute function tender_search_changed()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger tenders_search_changed on tenders`.execute(db);
  await sql`drop trigger tenders_search_added on tenders`.execute(db);
  await sql`drop function tender_search_changed()`.execute(db);
  await sql`drop function tender_search_added()`.execute(db);
  await sql`drop table tender_search`.execute(db);
}
