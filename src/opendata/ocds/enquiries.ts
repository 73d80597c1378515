import type { PublishedQuestion } from '../../dialogue/published.js';
import { ocdsDateTime } from './dates.js';
import type { ProcessStep } from './history.js';
import type { Enquiry } from './types.js';

// The Enquiries extension (ocds_enquiry_extension): `tender.enquiries`, the questions on the tender
// as the officer published them, each with its answer. Never the author: the portal does not
// publish who asked (the extension's guidance allows leaving it out). A question is published
// together with its answer, so an enquiry enters a release with the 'answer' event that published
// it (a 'tenderUpdate'), and a correction is a later release whose `answer` is the new text
// (`dateAnswered` stays the first answer's date: the time to answer is measured to it).

export const ENQUIRY_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_enquiry_extension/master/extension.json';

/** The enquiries as of a step: every question whose answer an 'answer' event up to it published, at that event's version. */
export function enquiriesOf(step: ProcessStep, questions: readonly PublishedQuestion[]): Enquiry[] | undefined {
  const enquiries: Enquiry[] = [];
  for (const question of questions) {
    const version = question.answerId === null ? undefined : step.answersSoFar.get(question.answerId);
    if (version === undefined) continue;
    const text = question.answer.find((v) => v.version === version) ?? question.answer.filter((v) => v.version <= version).at(-1);
    const first = question.answer[0];
    if (!text || !first) continue;
    enquiries.push({
      id: String(question.number),
      date: ocdsDateTime(question.receivedAt),
      title: `Spørgsmål ${question.number}`,
      description: question.text,
      answer: text.text,
      dateAnswered: ocdsDateTime(first.publishedAt),
    });
  }
  return enquiries.length ? enquiries.sort((a, b) => Number(a.id) - Number(b.id)) : undefined;
}
