import type { Dictionary } from '../dictionary.js';

// Danish (the source of the keys) and English words for the two dialogue events wherever events
// are told: the history on the tender page, the feeds, the alert mails and the API's headlines.
// An answer is told by the numbers of the questions it answers (never who asked); a market-dialogue
// activity by its kind, title and time.
export const dialogueEventsDa = {
  answer: {
    headlineOne: 'Svar på spørgsmål {number} er offentliggjort',
    headlineMany: 'Svar på spørgsmål {numbers} er offentliggjort',
    correctedOne: 'Svaret på spørgsmål {number} er rettet',
    correctedMany: 'Svaret på spørgsmål {numbers} er rettet',
    question: 'Spørgsmål {number}: {text}',
    answer: 'Svar: {text}',
    correctedAnswer: 'Rettet svar: {text}',
  },
  and: 'og',
  dialogue: {
    announced: 'Markedsdialog annonceret: {activity}',
    changed: 'Markedsdialog ændret: {activity}',
    cancelled: 'Markedsdialog aflyst: {activity}',
    outcome: 'Resultatet af markedsdialogen er offentliggjort: {activity}',
    waiver: 'Ingen markedsdialog før udbuddet. Begrundelse: {reason}',
    waiverNoReason: 'Udbudsafdelingen har begrundet, hvorfor der ikke holdes markedsdialog før udbuddet',
    activity: '{kind} »{title}«',
    activityAt: '{kind} »{title}« {when}',
    activityUntitled: '{kind}',
    activityUntitledAt: '{kind} {when}',
    kindUnknown: 'Aktivitet',
  },
  kind: {
    information_meeting: 'Informationsmøde',
    supplier_day: 'Leverandørdag',
    one_to_one: 'Én-til-én-samtaler',
    written_consultation: 'Skriftlig høring af udkast',
  },
} as const;

export const dialogueEventsEn: Dictionary<typeof dialogueEventsDa> = {
  answer: {
    headlineOne: 'Answer to question {number} published',
    headlineMany: 'Answer to questions {numbers} published',
    correctedOne: 'The answer to question {number} was corrected',
    correctedMany: 'The answer to questions {numbers} was corrected',
    question: 'Question {number}: {text}',
    answer: 'Answer: {text}',
    correctedAnswer: 'Corrected answer: {text}',
  },
  and: 'and',
  dialogue: {
    announced: 'Market dialogue announced: {activity}',
    changed: 'Market dialogue changed: {activity}',
    cancelled: 'Market dialogue cancelled: {activity}',
    outcome: 'Outcome of the market dialogue published: {activity}',
    waiver: 'No market dialogue before the tender. Reason: {reason}',
    waiverNoReason: 'The procurement department has stated why there is no market dialogue before the tender',
    activity: '{kind} “{title}”',
    activityAt: '{kind} “{title}” {when}',
    activityUntitled: '{kind}',
    activityUntitledAt: '{kind} {when}',
    kindUnknown: 'Activity',
  },
  kind: {
    information_meeting: 'Information meeting',
    supplier_day: 'Supplier day',
    one_to_one: 'One-to-one talks',
    written_consultation: 'Written consultation on drafts',
  },
};
