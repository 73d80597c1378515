import { parseFeed } from '@rowanmanning/feed-parser';
import t from 'tap';
import { arrivalsApp, FIRST, LATER } from '../helpers/arrivals.js';
import { decodeEntities } from '../helpers/html.js';

t.test('in English: the history, the front page and the feed say when DBD created the tender and when it reached the portal', async (t) => {
  const { app, arrivedOn } = await arrivalsApp(t);
  const page = async (url: string) => decodeEntities((await app.inject(url)).body);
  t.match(await page(`/udbud/${FIRST}?lang=en`), `Created in DBD 1 January 2026 · on the portal from ${await arrivedOn(FIRST, 'en')}`);
  const later = await page(`/udbud/${LATER}?lang=en`);
  t.match(later, `On the portal from ${await arrivedOn(LATER, 'en')}`);
  t.notMatch(later, /Created in DBD|Oprettet i DBD|På portalen/);
  t.match(await page('/?lang=en'), `Created in DBD 1 January 2026 · on the portal from ${await arrivedOn(FIRST, 'en')}`);
  const feed = parseFeed((await app.inject('/feeds/udbud.rss?lang=en')).body);
  const first = feed.items.find((i) => i.title === 'New contract in the pipeline: Nyt tag på sportshallen')!;
  t.equal(first.description, `Created in DBD 1 January 2026 · on the portal from ${await arrivedOn(FIRST, 'en')}`);
});
