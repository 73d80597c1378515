import t from 'tap';
import { importDbdItems } from '../../src/sync/import.js';
import { formatDate, formatDateTime } from '../../src/wording/format.js';
import { copenhagenDay } from '../helpers/decisions.js';
import { dbdItem } from '../helpers/dbd.js';
import { statusApp } from '../helpers/list-status.js';

// The tender page's timeline in Danish: expected publication → bid deadline → award → contract
// start, as a picture hidden from screen readers and as a list with the dates.

const section = (html: string) => html.slice(html.indexOf('<section aria-labelledby="timeline-heading"'), html.indexOf('</section>', html.indexOf('timeline-heading')));
const listItems = (html: string) =>
  [...section(html).matchAll(/<li data-step="(\w+)" data-done="(\w+)">([\s\S]*?)<\/li>/g)].map((m) => [m[1], m[2], m[3]!.replace(/<(?!time|\/time)[^>]+>/g, '')]);
const dots = (html: string) => [...section(html).matchAll(/<circle class="timeline-dot" cx="([\d.]+)"[^>]*fill="(#\w+)"[^>]*data-step="(\w+)" data-done="(\w+)"/g)].map((m) => [m[3], m[4], m[2], Number(m[1])]);
const todayX = (html: string) => Number(/<line class="timeline-today" x1="([\d.]+)"/.exec(section(html))?.[1]);

t.test('an awarded tender: publication, deadline and award done, contract start not set', async (t) => {
  const { app } = await statusApp(t);
  const html = (await app.inject('/udbud/T-WON')).body;
  t.match(section(html), '<h2 id="timeline-heading">Tidslinje</h2>');
  t.match(section(html), /<svg class="timeline-chart" id="timeline-chart" viewBox="0 0 400 \d+" width="100%" aria-hidden="true" focusable="false">/);
  const deadline = new Date(`${copenhagenDay(-10)}T11:00:00Z`);
  const awarded = copenhagenDay(-2);
  t.same(listItems(html), [
    ['publication', 'true', 'Offentliggørelse: <time datetime="2026-01">januar 2026</time> (overstået)'],
    ['deadline', 'true', `Tilbudsfrist: <time datetime="${deadline.toISOString()}">${formatDateTime(deadline)}</time> (overstået)`],
    ['award', 'true', `Tildeling: <time datetime="${awarded}">${formatDate(awarded)}</time> (overstået)`],
    ['contractStart', 'false', 'Kontraktstart: ikke fastsat'],
  ]);
  const drawn = dots(html);
  t.same(drawn.map(([step, done, fill]) => [step, done, fill]), [
    ['publication', 'true', '#0b5ca8'],
    ['deadline', 'true', '#0b5ca8'],
    ['award', 'true', '#0b5ca8'],
    ['contractStart', 'false', '#ffffff'],
  ], 'done steps filled, the others open');
  t.ok(todayX(html) > (drawn[2]![3] as number) && todayX(html) < (drawn[3]![3] as number), 'today between award and contract start');
  t.match(section(html), /<text x="[\d.]+" y="12" text-anchor="middle"[^>]*>I dag<\/text>/);
  t.match(section(html), />Tildeling<\/text>/);
  t.match(section(html), />ikke fastsat<\/text>/);
  t.notMatch(section(html), /style=/);
});

t.test('a coming tender: everything expected or not set, today before the first step', async (t) => {
  const { app } = await statusApp(t);
  const html = (await app.inject('/udbud/T-COMING')).body;
  t.same(listItems(html), [
    ['publication', 'false', 'Offentliggørelse (forventet): 1. kvartal 2099'],
    ['deadline', 'false', 'Tilbudsfrist: ikke fastsat'],
    ['award', 'false', 'Tildeling: ikke fastsat'],
    ['contractStart', 'false', 'Kontraktstart: ikke fastsat'],
  ]);
  t.match(section(html), />1\. kvt\. 2099<\/text>/, 'the short period under the dot');
  t.ok(todayX(html) < (dots(html)[0]![3] as number));
});

t.test('an expected contract start is shown as expected until a contract is signed', async (t) => {
  const { app, database } = await statusApp(t);
  await importDbdItems(database.db, [
    dbdItem({ id: 'T-START', timeline: { expectedTenderPublication: '2099-08-15', expectedContractStart: '2099-12-01' } }),
    dbdItem({ id: 'T-PAST', timeline: { expectedTenderPublication: '2099-Q1', expectedContractStart: '2020-03-01' } }),
  ]);
  const html = (await app.inject('/udbud/T-START')).body;
  t.same(listItems(html)[0], ['publication', 'false', 'Offentliggørelse (forventet): <time datetime="2099-08-15">15. august 2099</time>']);
  t.same(listItems(html)[3], ['contractStart', 'false', 'Kontraktstart (forventet): <time datetime="2099-12-01">1. december 2099</time>']);
  t.match(section(html), />15\.08\.2099<\/text>/);
  t.match(section(html), />01\.12\.2099<\/text>/);
  const past = (await app.inject('/udbud/T-PAST')).body;
  t.same(listItems(past)[3], ['contractStart', 'false', 'Kontraktstart (forventet): <time datetime="2020-03-01">1. marts 2020</time>'], 'a planned start that passed is not done');
});
