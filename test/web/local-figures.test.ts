import t from 'tap';
import { recordDecision } from '../../src/decisions/service.js';
import { testApp } from '../helpers/app.js';
import { anOfficer, award, EU_TENDER, withTenders } from '../helpers/decisions.js';
import { decodeEntities } from '../helpers/html.js';
import { ROUND, roundOnSmallTender } from '../helpers/round.js';

// "Tal om lokale virksomheder": per year and per tender, invitations and contract value with their
// shares to local firms and SMEs, Danish numbers, one-decimal percentages; unknown winners apart.

const main = (body: string) => decodeEntities(body.slice(body.indexOf('<main'), body.indexOf('</main>'))).replace(/\u00a0/g, ' ');

t.test('the figures page in Danish: both tables with captions, shares with one decimal, unknown apart', async (t) => {
  const { app, database } = await testApp(t);
  const db = database.db;
  await withTenders(db);
  const empty = await app.inject('/tal/lokale-virksomheder');
  t.equal(empty.statusCode, 200);
  t.match(main(empty.body), 'Der er endnu ingen tildelte opgaver at vise tal for.');

  await roundOnSmallTender(db);
  await recordDecision(db, EU_TENDER, { kind: 'award', details: award({ winnerName: 'Udenbys Entreprenør A/S' }) }, 1, await anOfficer(db, 'anden@koege.test'), { extraClosedDays: [] });
  const res = await app.inject('/tal/lokale-virksomheder');
  t.equal(res.statusCode, 200);
  const page = main(res.body);
  t.match(page, '<h1>Tal om lokale virksomheder</h1>');
  t.match(page, '<caption>Invitationer og kontraktværdi pr. år: i alt, til lokale virksomheder og til SMV’er</caption>');
  t.match(page, '<caption>Invitationer og kontraktværdi pr. tildelt opgave, nyeste først</caption>');
  t.match(page, /kommunens postnumre \(4600, 4623, 4632, 4652, 4681, 4140\)/, 'says which postcodes are local');
  t.match(page, /står ikke i virksomhedsregistret/, 'says how unknown winners are counted');
  const cells = (row: string) => [...row.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
  const rows = [...page.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => cells(m[1]!)).filter((r) => r.length && !r.includes('År') && !r.includes('Opgave'));
  t.same(rows, [
    ['2026', '2', '3', '2 (66,7 %)', '2 (66,7 %)', '49.850.000 kr.', '1.100.000 kr. (2,2 %)', '1.100.000 kr. (2,2 %)', '48.750.000 kr.'],
    ['Ny skole i Ølby', '20. november 2026', '0', '–', '–', '48.750.000 kr.', '0 kr. (0,0 %)', '0 kr. (0,0 %)', '48.750.000 kr.'],
    ['Renovering af tag, Testskolen', '20. november 2026', '3', '2 (66,7 %)', '2 (66,7 %)', '1.100.000 kr.', '1.100.000 kr. (100,0 %)', '1.100.000 kr. (100,0 %)', '0 kr.'],
  ], 'same award date: by id');
  t.match(page, /<a href="\/udbud\/T-SMALL">Renovering af tag, Testskolen<\/a>/, 'each tender links to its page');
  for (const name of [ROUND.local.name, ROUND.onlooker.name, 'Udenbys Entreprenør']) t.notMatch(page, name, 'figures, not firms');
  t.match(page, /<a href="\/virksomheder">/);

  const register = await app.inject('/virksomheder');
  t.match(register.body, /<a href="\/tal\/lokale-virksomheder">Tal om lokale virksomheder/, 'linked from the register');
});
