import { sendFilterErrors } from '../errors.js';
import type { FastifyInstance } from 'fastify';
import { ICalCalendar } from 'ical-generator';
import type { Executor } from '../../tenders/repository.js';
import type { TenderRow } from '../../db/types.js';
import { formatExpectedPeriod, parseExpectedPeriod } from '../../domain/period.js';
import { parseTenderFilter } from '../../tenders/filter.js';
import { matchingTenders } from '../../tenders/search.js';
import { formatDate, formatDateTime } from '../format.js';

// GET /kalender/udbud.ics: the tenders of a /udbud filter as an iCalendar feed to subscribe to.
// Each event's UID depends only on the tender and the kind of date, so a calendar updates the
// entry in place when DBD moves a deadline.
//
// The deadline is written as a UTC instant (DTSTART:…Z), not with TZID=Europe/Copenhagen:
// ical-generator 10 formats a native Date for a named zone in the *server process's* local zone
// (wrong unless the host runs on Copenhagen time), a calendar-level zone makes DTSTAMP floating,
// and no VTIMEZONE generator is installed. A UTC instant is exact in every client, which shows it
// in the reader's zone; X-WR-TIMEZONE names the municipality's zone for clients that use it.

const MAX_TENDERS = 1000;
const ZONE = 'Europe/Copenhagen';

const PIPELINE = new Set(['planned', 'in_preparation']);

/** The latest award's standstill end per awarded tender. */
async function standstillEnds(db: Executor, tenderIds: string[]): Promise<Map<string, string>> {
  const ends = new Map<string, string>();
  if (tenderIds.length === 0) return ends;
  const rows = await db
    .selectFrom('decisions')
    .select(['tender_id', 'standstill_ends_on'])
    .where('kind', '=', 'award')
    .where('standstill_ends_on', 'is not', null)
    .where('tender_id', 'in', tenderIds)
    .orderBy('decided_on')
    .orderBy('id')
    .execute();
  for (const row of rows) ends.set(row.tender_id, row.standstill_ends_on!);
  return ends;
}

export async function calendarRoutes(app: FastifyInstance) {
  app.get('/kalender/udbud.ics', async (request, reply) => {
    const parsed = parseTenderFilter(request.query);
    if (!parsed.ok) {
      return sendFilterErrors(reply, parsed.errors);
    }

    const base = app.config.publicUrl;
    const host = new URL(base).host;
    const tenders = await matchingTenders(app.db, parsed.filter, MAX_TENDERS);
    const standstills = await standstillEnds(
      app.db,
      tenders.filter((t) => t.status === 'awarded').map((t) => t.id),
    );

    const calendar = new ICalCalendar({
      name: `Udbud – ${app.config.municipalityName}`,
      description: `Forventede udbud, tilbudsfrister og standstill-perioder fra ${app.config.municipalityName}`,
      prodId: { company: app.config.municipalityName, product: 'Udbudsportal', language: 'DA' },
      url: `${base}/udbud`,
      x: [{ key: 'X-WR-TIMEZONE', value: ZONE }],
    });

    const add = (
      tender: TenderRow,
      kind: 'forventet' | 'deadline' | 'standstill',
      event: { start: Date | string; allDay: boolean; summary: string; description: string },
    ) => {
      const url = `${base}/udbud/${encodeURIComponent(tender.id)}`;
      calendar.createEvent({
        id: `${kind}-${tender.id}@${host}`,
        sequence: tender.revision,
        stamp: tender.updated_at,
        lastModified: tender.updated_at,
        url,
        ...event,
        description: `${event.description}\n\n${url}`,
      });
    };

    for (const tender of tenders) {
      const period = tender.expected_publication ? parseExpectedPeriod(tender.expected_publication) : null;
      if (period && PIPELINE.has(tender.status)) {
        // A 'YYYY-MM-DD' string is read as UTC midnight and written (no zone) as that same date.
        add(tender, 'forventet', {
          start: period.start,
          allDay: true,
          summary: `Forventet udbud: ${tender.title}`,
          description: `Forventet offentliggjort: ${formatExpectedPeriod(period)} (dagen er periodens første).`,
        });
      }
      if (tender.tender_deadline && tender.status !== 'cancelled') {
        add(tender, 'deadline', {
          start: new Date(tender.tender_deadline),
          allDay: false,
          summary: `Tilbudsfrist: ${tender.title}`,
          description: `Tilbudsfrist ${formatDateTime(tender.tender_deadline)} (dansk tid).`,
        });
      }
      const standstill = standstills.get(tender.id);
      if (standstill) {
        add(tender, 'standstill', {
          start: standstill,
          allDay: true,
          summary: `Standstill udløber: ${tender.title}`,
          description: `Standstill-perioden for tildelingen udløber ${formatDate(standstill)}.`,
        });
      }
    }

    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="udbud.ics"')
      .send(calendar.toString());
  });
}
