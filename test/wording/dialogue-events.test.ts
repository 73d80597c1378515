import t from 'tap';
import { followedEvent } from '../../src/subscriptions/followed-events.js';
import type { TenderEvent } from '../../src/tenders/events.js';
import { eventHeadline } from '../../src/wording/changes.js';

// How the two dialogue events are told in history lines, feeds and alert mails, in both languages:
// an answer by the numbers of the questions it answers (a correction says so), a market-dialogue
// activity by kind, title and Copenhagen time; a waiver with its public reason.

const event = (kind: string, details: unknown): TenderEvent => ({
  id: 1,
  tenderId: 'T-1',
  occurredAt: new Date('2027-01-10T09:00:00Z'),
  kind,
  source: 'officer',
  revision: null,
  changes: [],
  details,
});

t.test('an answer: one question, several questions, a correction', async (t) => {
  t.equal(eventHeadline(event('answer', { answerId: 4, version: 1, numbers: [3] })), 'Svar på spørgsmål 3 er offentliggjort');
  t.equal(eventHeadline(event('answer', { answerId: 4, version: 1, numbers: [3] }), 'en'), 'Answer to question 3 published');
  t.equal(eventHeadline(event('answer', { answerId: 4, version: 1, numbers: [4, 2, 3] })), 'Svar på spørgsmål 2, 3 og 4 er offentliggjort', 'numbers in order');
  t.equal(eventHeadline(event('answer', { answerId: 4, version: 1, numbers: [2, 3] }), 'en'), 'Answer to questions 2 and 3 published');
  t.equal(eventHeadline(event('answer', { answerId: 4, version: 2, numbers: [3] })), 'Svaret på spørgsmål 3 er rettet');
  t.equal(eventHeadline(event('answer', { answerId: 4, version: 3, numbers: [1, 2] }), 'en'), 'The answer to questions 1 and 2 was corrected');
});

t.test('market dialogue: announced, changed, cancelled, outcome, in Copenhagen time', async (t) => {
  const meeting = { activityId: 7, kind: 'information_meeting', title: 'Skoler 2027', startsAt: '2027-01-15T13:00:00Z' };
  t.equal(eventHeadline(event('dialogue', { action: 'announced', ...meeting })), 'Markedsdialog annonceret: Informationsmøde »Skoler 2027« 15. januar 2027 kl. 14.00');
  t.equal(eventHeadline(event('dialogue', { action: 'announced', ...meeting }), 'en'), 'Market dialogue announced: Information meeting “Skoler 2027” 15 January 2027, 14:00');
  t.equal(eventHeadline(event('dialogue', { action: 'changed', ...meeting, startsAt: '2027-06-15T12:00:00Z' })), 'Markedsdialog ændret: Informationsmøde »Skoler 2027« 15. juni 2027 kl. 14.00', 'summer time');
  t.equal(eventHeadline(event('dialogue', { action: 'cancelled', ...meeting }), 'en'), 'Market dialogue cancelled: Information meeting “Skoler 2027” 15 January 2027, 14:00');
  t.equal(
    eventHeadline(event('dialogue', { action: 'outcome', activityId: 8, kind: 'written_consultation', title: 'Udkast til udbudsmateriale', startsAt: null })),
    'Resultatet af markedsdialogen er offentliggjort: Skriftlig høring af udkast »Udkast til udbudsmateriale«',
  );
});

t.test('a waiver gives its public reason; without one it says a reason is given', async (t) => {
  const waiver = { action: 'waiver', activityId: null, kind: null, title: null, startsAt: null, reason: 'Markedet er kendt fra sidste udbud.' };
  t.equal(eventHeadline(event('dialogue', waiver)), 'Ingen markedsdialog før udbuddet. Begrundelse: Markedet er kendt fra sidste udbud.');
  t.equal(eventHeadline(event('dialogue', waiver), 'en'), 'No market dialogue before the tender. Reason: Markedet er kendt fra sidste udbud.');
  t.equal(eventHeadline(event('dialogue', { ...waiver, reason: undefined })), 'Udbudsafdelingen har begrundet, hvorfor der ikke holdes markedsdialog før udbuddet');
});

t.test('details that are not what the event kind says give no line, never an error', async (t) => {
  for (const details of [null, 'x', {}, { answerId: 1, version: 1, numbers: [] }, { answerId: 1, version: 0, numbers: [1] }, { answerId: '1', version: 1, numbers: [1] }, { answerId: 1, version: 1, numbers: [1.5] }]) {
    t.equal(eventHeadline(event('answer', details)), null, JSON.stringify(details));
    t.equal(followedEvent(event('answer', details)), null, 'not news either');
  }
  for (const details of [null, { action: 'party' }, { action: 'announced', activityId: 'x' }, { action: 'announced', startsAt: 'not a date' }, { action: 'announced', title: 5 }]) {
    t.equal(eventHeadline(event('dialogue', details)), null, JSON.stringify(details));
  }
});

t.test('followers get the answer with its questions, or the headline alone when the texts are unknown', async (t) => {
  const answer = event('answer', { answerId: 4, version: 1, numbers: [2, 3] });
  const texts = new Map([
    [
      4,
      {
        questions: [
          { number: 2, text: 'Må der arbejdes om lørdagen?' },
          { number: 3, text: 'Gælder det også for nedrivning?' },
        ],
        versions: new Map([
          [1, 'Ja, fra kl. 8 til 16.'],
          [2, 'Ja, fra kl. 7 til 16.'],
        ]),
      },
    ],
  ]);
  t.same(followedEvent(answer, 'da', texts), {
    headline: 'Svar på spørgsmål 2 og 3 er offentliggjort',
    details: ['Spørgsmål 2: Må der arbejdes om lørdagen?', 'Spørgsmål 3: Gælder det også for nedrivning?', 'Svar: Ja, fra kl. 8 til 16.'],
  });
  t.same(followedEvent(event('answer', { answerId: 4, version: 2, numbers: [2, 3] }), 'en', texts), {
    headline: 'The answer to questions 2 and 3 was corrected',
    details: ['Question 2: Må der arbejdes om lørdagen?', 'Question 3: Gælder det også for nedrivning?', 'Corrected answer: Ja, fra kl. 7 til 16.'],
  });
  t.same(followedEvent(answer, 'da'), { headline: 'Svar på spørgsmål 2 og 3 er offentliggjort', details: [] });
  t.same(followedEvent(event('dialogue', { action: 'cancelled', activityId: 7, kind: 'supplier_day', title: 'Leverandørdag', startsAt: null }), 'en'), {
    headline: 'Market dialogue cancelled: Supplier day “Leverandørdag”',
    details: [],
  });
});
