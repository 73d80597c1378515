import type { TenderRow } from '../../db/types.js';
import type { PublicDecision } from '../../domain/decision.js';
import { copenhagenDate, parseExpectedPeriod } from '../../domain/period.js';
import { t, type Lang } from '../../i18n/index.js';
import { formatDate, formatDateTime, formatShortDate, isoInstant } from '../../wording/format.js';
import { formatExpectedPeriod, formatShortPeriod } from '../../wording/period.js';
import { timelineChart } from '../charts/timeline.js';

// A tender's way from expected publication to contract start, for its page: the picture's dots and
// the same facts as a list (the list is what a screen reader reads; the picture is hidden from it).

const publishedStatuses = ['published', 'evaluation', 'awarded', 'contracted'];

interface Step {
  key: 'publication' | 'deadline' | 'award' | 'contractStart';
  /** 'YYYY-MM-DD' (a period's first day), for the picture's position of today. */
  date: string | null;
  done: boolean;
  /** Not yet happened and only planned ("forventet"). */
  expected: boolean;
  /** In full for the list, short for under the dots; null when not set. */
  text: string | null;
  short: string | null;
  /** A valid <time datetime>, or null (a quarter has none). */
  datetime: string | null;
}

const latestOf = (decisions: readonly PublicDecision[], kinds: readonly PublicDecision['kind'][]) =>
  decisions.filter((decision) => kinds.includes(decision.kind)).at(-1) ?? null;

function steps(row: TenderRow, decisions: readonly PublicDecision[], now: Date, lang: Lang): Step[] {
  const today = copenhagenDate(now);
  const period = row.expected_publication ? parseExpectedPeriod(row.expected_publication) : null;
  const published = publishedStatuses.includes(row.status);
  const deadline = row.tender_deadline ? new Date(row.tender_deadline) : null;
  const award = latestOf(decisions, ['award', 'direct_award']);
  const awardedOn = award && 'decidedOn' in award ? award.decidedOn : null;
  const contract = latestOf(decisions, ['contract']);
  const signed = row.status === 'contracted' || contract !== null;
  const start = row.expected_contract_start ?? (contract?.kind === 'contract' ? contract.signedOn : null);
  const day = (date: string | null) => ({ text: date && formatDate(date, lang), short: date && formatShortDate(date, lang), datetime: date });
  return [
    {
      key: 'publication',
      date: period?.start ?? null,
      done: published,
      expected: !published && period !== null,
      text: period ? formatExpectedPeriod(period, lang) : null,
      short: period ? formatShortPeriod(period, lang) : null,
      datetime: period?.precision === 'day' ? period.start : period?.precision === 'month' ? period.start.slice(0, 7) : null,
    },
    {
      key: 'deadline',
      date: deadline && copenhagenDate(deadline),
      done: deadline !== null && deadline <= now,
      expected: false,
      text: deadline && formatDateTime(deadline, lang),
      short: deadline && formatShortDate(copenhagenDate(deadline), lang),
      datetime: deadline && isoInstant(deadline),
    },
    { key: 'award', date: awardedOn, done: awardedOn !== null, expected: false, ...day(awardedOn) },
    // A start date in the past is only a fact once the contract is signed; before that it was a plan.
    { key: 'contractStart', date: start, done: signed && start !== null && start <= today, expected: start !== null && !(signed && start <= today), ...day(start) },
  ];
}

/** The timeline of the tender page: positions for the picture, words for the list, in `lang`. */
export function tenderTimeline(row: TenderRow, decisions: readonly PublicDecision[], now: Date, lang: Lang) {
  const chart = timelineChart(steps(row, decisions, now, lang), copenhagenDate(now));
  const notSet = t(lang, 'tender.timeline.notSet');
  return {
    ...chart,
    steps: chart.steps.map((step) => ({
      ...step,
      name: t(lang, `tender.timeline.${step.key}`),
      shortName: t(lang, `tender.timeline.short.${step.key}`),
      text: step.text ?? notSet,
      short: step.short ?? notSet,
      isSet: step.text !== null,
    })),
  };
}
