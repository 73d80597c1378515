import type { Dictionary } from '../dictionary.js';

// Danish (the source of the keys) and English words for the 'contract' events wherever events are
// told: the history on the tender page, the feeds, the alert mails and the API's headlines. One
// headline per action, from the event's public summary (counts, amounts and outcomes, never a person);
// the shared words (measures, ratings, outcomes, reasons, legal bases) are in contracts.ts.
export const contractEventsDa = {
  signed: {
    none: 'Kontrakt underskrevet',
    one: 'Kontrakt underskrevet: 1 mål aftalt',
    many: 'Kontrakt underskrevet: {count} mål aftalt',
  },
  progress: {
    atLeast: 'Fremdrift: {value} af {target} {unit}',
    atMost: 'Fremdrift: {value} {unit} (højst {target})',
    kpi: 'Fremdrift på »{title}«: {value} af {target} {unit}',
    kpiNoUnit: 'Fremdrift på »{title}«: {value} af {target}',
    unknown: 'Fremdrift: {value} af {target}',
  },
  check: {
    headline: 'Kontrol på pladsen {date}: {outcome}',
    withSanction: 'Kontrol på pladsen {date}: {outcome} ({sanction})',
    fine: 'bod på {amount}',
    warning: 'advarsel',
    requirement: 'Kontrollen gjaldt krav {code}',
  },
  checkResponse: 'Leverandørens svar på en kontrol er offentliggjort',
  rating: {
    headline: 'Vurdering: {rating}',
    handover: 'Vurdering ved aflevering: {rating}',
    replied: '{headline} — leverandøren har svaret',
  },
  ratingReply: 'Leverandøren har svaret på en vurdering',
  change: {
    headline: 'Kontraktændring: {amount} (i alt {percent} af den oprindelige værdi)',
    noPercent: 'Kontraktændring: {amount}',
    reason: 'Årsag: {reason}',
    newEnd: 'Ny afleveringsdato: {date}',
    deMinimis: 'Ændringerne overstiger bagatelgrænsen i udbudslovens §180. Hjemmel: {basis}',
    deMinimisNoBasis: 'Ændringerne overstiger bagatelgrænsen i udbudslovens §180',
  },
  completed: {
    onTime: 'Afleveret {date} til tiden; endelig værdi {amount}',
    lateOne: 'Afleveret {date}, 1 dag for sent; endelig værdi {amount}',
    late: 'Afleveret {date}, {days} dage for sent; endelig værdi {amount}',
  },
} as const;

export const contractEventsEn: Dictionary<typeof contractEventsDa> = {
  signed: {
    none: 'Contract signed',
    one: 'Contract signed: 1 target agreed',
    many: 'Contract signed: {count} targets agreed',
  },
  progress: {
    atLeast: 'Progress: {value} of {target} {unit}',
    atMost: 'Progress: {value} {unit} (at most {target})',
    kpi: 'Progress on “{title}”: {value} of {target} {unit}',
    kpiNoUnit: 'Progress on “{title}”: {value} of {target}',
    unknown: 'Progress: {value} of {target}',
  },
  check: {
    headline: 'Site check {date}: {outcome}',
    withSanction: 'Site check {date}: {outcome} ({sanction})',
    fine: 'fine of {amount}',
    warning: 'warning',
    requirement: 'The check concerned requirement {code}',
  },
  checkResponse: 'The supplier’s response to a check is published',
  rating: {
    headline: 'Rating: {rating}',
    handover: 'Rating at handover: {rating}',
    replied: '{headline} — the supplier has replied',
  },
  ratingReply: 'The supplier has replied to a rating',
  change: {
    headline: 'Contract change: {amount} ({percent} of the original value in total)',
    noPercent: 'Contract change: {amount}',
    reason: 'Reason: {reason}',
    newEnd: 'New handover date: {date}',
    deMinimis: 'The changes exceed the de minimis limit of section 180 of the Danish Public Procurement Act. Legal basis: {basis}',
    deMinimisNoBasis: 'The changes exceed the de minimis limit of section 180 of the Danish Public Procurement Act',
  },
  completed: {
    onTime: 'Handed over {date} on time; final value {amount}',
    lateOne: 'Handed over {date}, 1 day late; final value {amount}',
    late: 'Handed over {date}, {days} days late; final value {amount}',
  },
};
