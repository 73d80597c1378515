import t from 'tap';
import { formatDate, formatDateTime } from '../../src/wording/format.js';
import { copenhagenDay } from '../helpers/decisions.js';
import { statusApp } from '../helpers/list-status.js';

// The tender page's timeline in English.

const section = (html: string) => html.slice(html.indexOf('<section aria-labelledby="timeline-heading"'), html.indexOf('</section>', html.indexOf('timeline-heading')));
const listItems = (html: string) => [...section(html).matchAll(/<li data-step="\w+" data-done="\w+">([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/<(?!time|\/time)[^>]+>/g, ''));

t.test('the timeline in English: steps, dates, done and not set', async (t) => {
  const { app } = await statusApp(t);
  const won = (await app.inject('/udbud/T-WON?lang=en')).body;
  t.match(section(won), '<h2 id="timeline-heading">Timeline</h2>');
  const deadline = new Date(`${copenhagenDay(-10)}T11:00:00Z`);
  const awarded = copenhagenDay(-2);
  t.same(listItems(won), [
    'Publication: <time datetime="2026-01">January 2026</time> (done)',
    `Bid deadline: <time datetime="${deadline.toISOString()}">${formatDateTime(deadline, 'en')}</time> (done)`,
    `Award: <time datetime="${awarded}">${formatDate(awarded, 'en')}</time> (done)`,
    'Contract start: not set',
  ]);
  for (const word of ['Publication', 'Deadline', 'Award', 'Contract', 'not set', 'Today']) t.match(section(won), `>${word}</text>`);
  const coming = (await app.inject('/udbud/T-COMING?lang=en')).body;
  t.same(listItems(coming)[0], 'Publication (expected): Q1 2099');
  t.notMatch(section(won) + section(coming), /Tidslinje|Tildeling|ikke fastsat|forventet|I dag/, 'no Danish words');
});
