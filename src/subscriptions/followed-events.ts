import { t, type Lang } from '../i18n/index.js';
import type { TenderEvent } from '../tenders/events.js';
import { readPublicDecision } from '../domain/decision.js';
import { answerDetailsOf, arrivalText, bidsLine, describeChange, eventHeadline } from '../wording/changes.js';
import { contractDetailsOf, contractEventLines } from '../wording/contract-events.js';
import type { AnswerTexts } from './answer-texts.js';

/**
 * What a follower of a search is told about an event, or null when the event is not news to them
 * (a reworded description, an officer's text). One line to head it, and what changed. A change in
 * the number of interested firms is news ("Antal interesserede virksomheder: 3"), never their names.
 * A published (or corrected) answer is news, with the questions and the answer when `answers` has
 * them (see answerTextsFor), never who asked; so is market dialogue on the tender, and every
 * public fact about the signed contract (targets, progress, checks, ratings, changes, completion).
 */
export function followedEvent(event: TenderEvent, lang: Lang = 'da', answers?: AnswerTexts): { headline: string; details: string[] } | null {
  const details = event.changes.map((change) => describeChange(change, lang));
  if (event.kind === 'created') return { headline: t(lang, 'tender.followed.created'), details: [arrivalText(event, lang)] };
  if (event.kind === 'decision' || event.kind === 'interest' || event.kind === 'invitations' || event.kind === 'dialogue') {
    const headline = eventHeadline(event, lang);
    // After an award the bids are public record (tilbudsloven §7a): followers get them too.
    const decision = event.kind === 'decision' ? readPublicDecision(event.details) : null;
    const bids = decision ? bidsLine(decision, lang) : null;
    return headline ? { headline, details: bids ? [...details, bids] : details } : null;
  }
  if (event.kind === 'contract') {
    const contract = contractDetailsOf(event);
    const headline = contract ? eventHeadline(event, lang) : null;
    return contract && headline ? { headline, details: contractEventLines(contract, lang) } : null;
  }
  if (event.kind === 'answer') {
    const headline = eventHeadline(event, lang);
    return headline ? { headline, details: answerLines(event, lang, answers) } : null;
  }
  if (event.kind !== 'updated') return null;
  const status = event.changes.find((c) => c.field === 'status');
  if (status?.new === 'published') return { headline: t(lang, 'tender.followed.published'), details };
  if (status?.new === 'cancelled') return { headline: t(lang, 'tender.followed.cancelled'), details };
  if (event.changes.some((c) => c.field === 'tenderDeadline')) return { headline: t(lang, 'tender.followed.deadlineChanged'), details };
  if (event.changes.some((c) => c.field === 'estimatedValueDkk')) return { headline: t(lang, 'tender.followed.valueChanged'), details };
  return null;
}

/** "Spørgsmål 3: …" for each question the answer covers, then "Svar: …" (or "Rettet svar: …") as of the event's version. */
function answerLines(event: TenderEvent, lang: Lang, answers: AnswerTexts | undefined): string[] {
  const details = answerDetailsOf(event);
  const texts = details ? answers?.get(details.answerId) : undefined;
  const answer = details ? texts?.versions.get(details.version) : undefined;
  if (!details || !texts || answer === undefined) return [];
  const questions = texts.questions
    .filter((q) => details.numbers.includes(q.number))
    .map((q) => t(lang, 'dialogueEvents.answer.question', { number: q.number, text: q.text }));
  return [...questions, t(lang, details.version > 1 ? 'dialogueEvents.answer.correctedAnswer' : 'dialogueEvents.answer.answer', { text: answer })];
}
