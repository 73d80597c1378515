import { sendFilterErrors } from '../errors.js';
import { t } from '../../i18n/index.js';
import type { FastifyInstance } from 'fastify';
import { ICalCalendar, type ICalDayJsStub } from 'ical-generator';
import type { TenderRow } from '../../db/types.js';
import { parseExpectedPeriod } from '../../domain/period.js';
import { formatExpectedPeriod } from '../../wording/period.js';
import { parseTenderFilter } from '../../tenders/filter.js';
import { latestStandstillEnds } from '../../decisions/repository.js';
import { matchingTenders } from '../../tenders/search.js';
import { COPENHAGEN, vtimezone, zonedInstant } from '../../subscriptions/vtimezone.js';
import { formatDate, formatDateTime } from '../../wording/format.js';

// GET /kalender/udbud.ics: the tenders of a /udbud filter as an iCalendar feed to subscribe to.
// Each event's UID depends only on the tender and the kind of date, so a calendar updates the
// entry in place when DBD moves a deadline.
//
// Times are in Europe/Copenhagen: a deadline is DTSTART;TZID=Europe/Copenhagen:20270115T120000,
// with the zone's VTIMEZONE (../../subscriptions/vtimezone.ts) in the calendar, so every client
// shows the Danish wall-clock time and knows the exact instant. Three things in ical-generator 10
// shape how this is done, none of which may depend on the server process's TZ:
// - For a named zone it formats a native Date (or a string) with the *process's* local getters, so
//   the deadline is passed as a `zonedInstant`, a Day.js-shaped value that it asks for `.tz(zone)`
//   and `.format(…)`, and which answers with the wall-clock time from Intl.
// - A calendar-level zone name would also make DTSTAMP and LAST-MODIFIED local time; the calendar
//   zone therefore has no name (`name: null`), only the VTIMEZONE generator, which ical-generator
//   calls once per distinct event TZID. DTSTAMP and LAST-MODIFIED stay UTC (…Z).
// - All-day events (expected publication, standstill end) have no zone: a 'YYYY-MM-DD' string is
//   read as UTC midnight and written as that same date (VALUE=DATE), whatever the host's zone.
// X-WR-TIMEZONE names the zone for clients that use it for floating and all-day entries.

const MAX_TENDERS = 1000;
const ZONE = COPENHAGEN;

const PIPELINE = new Set(['planned', 'in_preparation']);

export async function calendarRoutes(app: FastifyInstance) {
  app.get('/kalender/udbud.ics', { config: { cacheable: true, notAPage: true } }, async (request, reply) => {
    const parsed = parseTenderFilter(request.query, request.lang);
    if (!parsed.ok) {
      return sendFilterErrors(reply, parsed.errors);
    }

    const base = app.config.publicUrl;
    const lang = request.lang;
    const host = new URL(base).host;
    const tenders = await matchingTenders(app.db, parsed.filter, MAX_TENDERS);
    const standstills = await latestStandstillEnds(
      app.db,
      tenders.filter((t) => t.status === 'awarded').map((t) => t.id),
    );

    const calendar = new ICalCalendar({
      name: t(lang, 'calendar.name', { municipality: app.config.municipalityName }),
      description: t(lang, 'calendar.description', { municipality: app.config.municipalityName }),
      prodId: { company: app.config.municipalityName, product: 'Udbudsportal', language: lang.toUpperCase() },
      url: `${base}/udbud`,
      // No zone name (see the top): only the VTIMEZONE of each event's TZID.
      timezone: { name: null, generator: vtimezone },
      x: [{ key: 'X-WR-TIMEZONE', value: ZONE }],
    });

    const add = (
      tender: TenderRow,
      kind: 'forventet' | 'deadline' | 'standstill',
      event: { start: ICalDayJsStub | string; timezone?: string; allDay: boolean; summary: string; description: string },
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
          summary: t(lang, 'calendar.expectedSummary', { title: tender.title }),
          description: t(lang, 'calendar.expectedDescription', { period: formatExpectedPeriod(period, lang) }),
        });
      }
      if (tender.tender_deadline && tender.status !== 'cancelled') {
        add(tender, 'deadline', {
          start: zonedInstant(new Date(tender.tender_deadline)),
          timezone: ZONE,
          allDay: false,
          summary: t(lang, 'calendar.deadlineSummary', { title: tender.title }),
          description: t(lang, 'calendar.deadlineDescription', { when: formatDateTime(tender.tender_deadline, lang) }),
        });
      }
      const standstill = standstills.get(tender.id);
      if (standstill) {
        add(tender, 'standstill', {
          start: standstill,
          allDay: true,
          summary: t(lang, 'calendar.standstillSummary', { title: tender.title }),
          description: t(lang, 'calendar.standstillDescription', { date: formatDate(standstill, lang) }),
        });
      }
    }

    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="udbud.ics"')
      .send(calendar.toString());
  });
}
