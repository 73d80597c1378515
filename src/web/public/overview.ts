import { copenhagenDate, isDelayed, parseExpectedPeriod } from '../../domain/period.js';
import type { TenderRow } from '../../db/types.js';
import type { TitledEvent } from '../../tenders/events.js';
import { arrivalText, describeChange } from '../../wording/changes.js';
import { formatDate, formatDateTime, formatDkk, isoInstant } from '../../wording/format.js';
import { quarterLabel } from '../../wording/period.js';
import { t, type Lang } from '../../i18n/index.js';
import { countdown, presentTenderSummary } from '../present.js';
import { workTypeRank, type TypeTotal } from '../charts/pipeline.js';

// The front page's reading of the lists: what a contractor scans first (open work and its value,
// the next deadline, coming work by quarter), the late pipeline apart from the coming one, and the
// latest changes with an import's many arrivals told as one line.

const sum = (rows: TenderRow[]) => rows.reduce((total, row) => total + (row.estimated_value_dkk ?? 0), 0);
const money = (amount: number, lang: Lang) => t(lang, 'format.exVat', { amount: formatDkk(amount, lang) });

/** Splits the pipeline: a tender whose expected time has passed is late, not coming. */
export function splitPipeline(rows: TenderRow[], today: string) {
  const delayed = rows.filter((row) => isDelayed(row.status, row.expected_publication, today));
  const coming = rows.filter((row) => !isDelayed(row.status, row.expected_publication, today));
  return { delayed, coming };
}

/**
 * Coming tenders by expected quarter, in the pipeline's order, with each quarter's count and value
 * and the same split by work type (the chart and its tables read these numbers, and only these).
 */
export function groupByQuarter(rows: TenderRow[], lang: Lang, today: string) {
  type Group = { key: string; label: string; count: number; valueDkk: number; unvalued: number; byType: Map<string, TypeTotal & { unvalued: number }>; tenders: ReturnType<typeof presentTenderSummary>[] };
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const period = row.expected_publication ? parseExpectedPeriod(row.expected_publication) : null;
    const key = period ? `${period.year}-Q${period.quarter}` : 'unknown';
    const label = period ? quarterLabel(period.year, period.quarter, lang) : t(lang, 'home.unknownQuarter');
    if (!groups.has(key)) groups.set(key, { key, label, count: 0, valueDkk: 0, unvalued: 0, byType: new Map(), tenders: [] });
    const group = groups.get(key)!;
    const value = row.estimated_value_dkk ?? 0;
    const unvalued = row.estimated_value_dkk === null ? 1 : 0;
    group.count++;
    group.valueDkk += value;
    group.unvalued += unvalued;
    const type = group.byType.get(row.work_type) ?? { workType: row.work_type, count: 0, valueDkk: 0, unvalued: 0 };
    group.byType.set(row.work_type, { ...type, count: type.count + 1, valueDkk: type.valueDkk + value, unvalued: type.unvalued + unvalued });
    group.tenders.push(presentTenderSummary(row, lang, { today }));
  }
  return [...groups.values()].map((group) => ({
    ...group,
    byType: [...group.byType.values()].sort((a, b) => workTypeRank(a.workType) - workTypeRank(b.workType)),
    value: money(group.valueDkk, lang),
    unvaluedNote: unvaluedNote(group.unvalued, lang),
  }));
}

/** "(1 uden anslået værdi)": a sum that leaves out tenders without an estimate says so. */
export function unvaluedNote(count: number, lang: Lang) {
  return count > 0 ? t(lang, 'home.unvaluedNote', { count }) : null;
}

/** The summary above the lists: open tenders and their total value, and the next deadline. */
export function overviewOf(open: TenderRow[], lang: Lang, today: string) {
  const next = open.find((row) => row.tender_deadline !== null);
  const deadline = next?.tender_deadline ?? null;
  return {
    openCount: open.length,
    openValue: money(sum(open), lang),
    next: next && deadline
      ? {
          href: `/udbud/${encodeURIComponent(next.id)}`,
          title: next.title,
          when: formatDateTime(deadline, lang),
          whenIso: isoInstant(deadline),
          countdown: countdown(copenhagenDate(deadline), today, lang),
        }
      : null,
  };
}

/**
 * The latest changes, newest first, at most `limit` lines. Tenders that arrived on the same day in
 * a row (an import, a sync) make one line with their number, not one "Nyt på portalen" each.
 */
export function groupedChanges(events: TitledEvent[], lang: Lang, limit: number) {
  type Line = { kind: 'arrivals'; day: string; count: number; whenIso: string } | { kind: 'event'; event: TitledEvent };
  const lines: Line[] = [];
  for (const event of events) {
    const day = copenhagenDate(event.occurredAt);
    const last = lines.at(-1);
    if (event.kind === 'created' && last?.kind === 'arrivals' && last.day === day) {
      last.count++;
    } else if (event.kind === 'created' && last?.kind === 'event' && last.event.kind === 'created' && copenhagenDate(last.event.occurredAt) === day) {
      lines[lines.length - 1] = { kind: 'arrivals', day, count: 2, whenIso: isoInstant(last.event.occurredAt) };
    } else {
      lines.push({ kind: 'event', event });
    }
  }
  return lines.slice(0, limit).map((line) =>
    line.kind === 'arrivals'
      ? {
          href: '/udbud?sort=updated',
          title: null,
          text: t(lang, 'home.arrivals', { count: line.count, date: formatDate(line.day, lang) }),
          when: null,
          whenIso: line.whenIso,
        }
      : {
          href: `/udbud/${encodeURIComponent(line.event.tenderId)}`,
          title: line.event.title,
          text:
            line.event.kind === 'created'
              ? arrivalText(line.event, lang)
              : line.event.changes.map((change) => describeChange(change, lang)).join('; '),
          when: formatDateTime(line.event.occurredAt, lang),
          whenIso: isoInstant(line.event.occurredAt),
        },
  );
}
