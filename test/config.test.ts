import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('defaults give the embedded database on port 3000', async (t) => {
  const config = loadConfig({});
  t.equal(config.port, 3000);
  t.equal(config.databaseUrl, undefined);
  t.equal(config.dataDir, './data');
  t.equal(config.publicUrl, 'http://localhost:3000');
  t.equal(config.logLevel, 'info');
  t.same(config.dbd.source, { kind: 'file', path: undefined });
  t.equal(config.dbd.syncCron, '*/5 * * * *');
});

t.test('values from the environment', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    DATABASE_URL: 'postgres://u@db:5432/udbud',
    PUBLIC_URL: 'https://udbud.koege.dk/',
    DBD_URL: '/srv/dbd/export.json',
    LOG_LEVEL: 'warn',
  });
  t.equal(config.port, 8080);
  t.equal(config.databaseUrl, 'postgres://u@db:5432/udbud');
  t.equal(config.publicUrl, 'https://udbud.koege.dk');
  t.same(config.dbd.source, { kind: 'file', path: '/srv/dbd/export.json' });
});

t.test('a wrong value stops the start with one line naming the variable', async (t) => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ PORT: 'abc' }, /^Ugyldig konfiguration: PORT/],
    [{ PORT: '70000' }, /^Ugyldig konfiguration: PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /^Ugyldig konfiguration: DATABASE_URL/],
    [{ PUBLIC_URL: 'not a url' }, /^Ugyldig konfiguration: PUBLIC_URL/],
    [{ LOG_LEVEL: 'loud' }, /^Ugyldig konfiguration: LOG_LEVEL/],
  ];
  for (const [env, message] of cases) {
    t.throws(() => loadConfig(env), ConfigError, JSON.stringify(env));
    try {
      loadConfig(env);
    } catch (error) {
      t.match((error as Error).message, message);
      t.notMatch((error as Error).message, /\n/, 'one line');
    }
  }
});

t.test('the DBD sync settings', async (t) => {
  const api = loadConfig({ DBD_URL: 'https://dbd.example.dk/api/', DBD_TOKEN: 'secret', DBD_SYNC_CRON: 'off', DBD_PAGE_SIZE: '100' });
  t.same(api.dbd.source, { kind: 'http', url: 'https://dbd.example.dk/api', token: 'secret' });
  t.equal(api.dbd.syncCron, null, 'off disables the schedule');
  t.equal(api.dbd.pageSize, 100);
  t.match(loadConfig({}).dbd, { timeoutMs: 30000, maxRetries: 4, retryBaseMs: 1000, maxWaitMs: 120000, pageSize: 500 });
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ DBD_SYNC_CRON: 'hver time' }, /^Ugyldig konfiguration: DBD_SYNC_CRON skal være et cron-udtryk/],
    [{ DBD_URL: 'https://dbd.example.dk' }, /^Ugyldig konfiguration: DBD_TOKEN skal sættes/],
    [{ DBD_PAGE_SIZE: '1000' }, /^Ugyldig konfiguration: DBD_PAGE_SIZE skal være mellem 1 og 500/],
    [{ DBD_TIMEOUT_MS: '0' }, /^Ugyldig konfiguration: DBD_TIMEOUT_MS skal være større end 0/],
  ];
  for (const [env, message] of cases) t.throws(() => loadConfig(env), { name: 'ConfigError', message }, JSON.stringify(env));
});

t.test('the mail settings: an outbox by default, SMTP when configured, clear errors', async (t) => {
  const defaults = loadConfig({ DATA_DIR: '/srv/udbud', PUBLIC_URL: 'https://udbud.koege.dk' });
  t.same(defaults.mail, {
    smtpUrl: undefined,
    from: 'Køge Kommune Udbudsportal <noreply@udbud.koege.dk>',
    outboxDir: '/srv/udbud/outbox',
    enabled: true,
    retryDelaySeconds: 30,
  });
  const configured = loadConfig({ SMTP_URL: 'smtps://u:p@mail.koege.dk:465', MAIL_FROM: 'Køge Udbud <udbud@koege.dk>', ALERTS: 'off', MAIL_RETRY_DELAY_SECONDS: '5' });
  t.same(configured.mail, { ...configured.mail, smtpUrl: 'smtps://u:p@mail.koege.dk:465', from: 'Køge Udbud <udbud@koege.dk>', enabled: false, retryDelaySeconds: 5 });
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ SMTP_URL: 'mail.koege.dk' }, /^Ugyldig konfiguration: SMTP_URL skal være en smtp:\/\/ eller smtps:\/\/-adresse/],
    [{ SMTP_URL: 'http://mail.koege.dk' }, /SMTP_URL skal være en smtp:\/\//],
    [{ MAIL_FROM: 'ikke en adresse' }, /^Ugyldig konfiguration: MAIL_FROM skal være en e-mailadresse/],
    [{ ALERTS: 'maybe' }, /^Ugyldig konfiguration: ALERTS skal være on eller off$/],
    [{ MAIL_RETRY_DELAY_SECONDS: '0' }, /MAIL_RETRY_DELAY_SECONDS skal være større end 0/],
  ];
  for (const [env, message] of cases) t.throws(() => loadConfig(env), { name: 'ConfigError', message }, JSON.stringify(env));
});

t.test('the OCDS ocid prefix: a default that fits the pattern, and ocds- plus 6 letters or digits when set', async (t) => {
  t.equal(loadConfig({}).ocidPrefix, 'ocds-kge001');
  t.equal(loadConfig({ OCID_PREFIX: 'ocds-abc123' }).ocidPrefix, 'ocds-abc123');
  for (const value of ['ocds-abc12', 'ocds-ABC123', 'abc123', 'ocds-abc1234']) {
    t.throws(() => loadConfig({ OCID_PREFIX: value }), { name: 'ConfigError', message: /^Ugyldig konfiguration: OCID_PREFIX skal være ocds- efterfulgt af 6/ }, value);
  }
});

t.test('TRUST_PROXY_HOPS: none by default, a number of proxies, clear errors', async (t) => {
  t.equal(loadConfig({}).trustProxyHops, 0);
  t.equal(loadConfig({ TRUST_PROXY_HOPS: '1' }).trustProxyHops, 1);
  t.throws(() => loadConfig({ TRUST_PROXY_HOPS: 'ja' }), { name: 'ConfigError', message: /TRUST_PROXY_HOPS skal være et tal/ });
});

t.test("LOCAL_POSTCODES: Køge's by default, a list of 4-digit postcodes when set, clear errors", async (t) => {
  t.same(loadConfig({}).localPostcodes, ['4600', '4623', '4632', '4652', '4681', '4140']);
  t.same(loadConfig({ LOCAL_POSTCODES: '4000, 4100,4000' }).localPostcodes, ['4000', '4100'], 'spaces dropped, each once');
  for (const value of ['460', '4600;4623', 'Køge', '4600,', '46000']) {
    t.throws(() => loadConfig({ LOCAL_POSTCODES: value }), { name: 'ConfigError', message: /^Ugyldig konfiguration: LOCAL_POSTCODES skal være firecifrede postnumre adskilt af komma/ }, value);
  }
});

t.test('CVR_URL: off by default, an http(s) address when set', async (t) => {
  t.equal(loadConfig({}).cvrUrl, undefined);
  t.equal(loadConfig({ CVR_URL: '' }).cvrUrl, undefined);
  t.equal(loadConfig({ CVR_URL: 'https://cvr.example.dk/virksomhed/' }).cvrUrl, 'https://cvr.example.dk/virksomhed');
  for (const value of ['cvr.example.dk', 'ftp://cvr.example.dk']) {
    t.throws(() => loadConfig({ CVR_URL: value }), { name: 'ConfigError', message: /^Ugyldig konfiguration: CVR_URL skal være en http\(s\)-adresse$/ }, value);
  }
});

t.test('EMBED_ORIGINS: the origins that may frame the embeddable list; empty is nobody', async (t) => {
  t.same(loadConfig({}).embedOrigins, [], 'unset: nobody');
  t.same(loadConfig({ EMBED_ORIGINS: '' }).embedOrigins, []);
  t.same(loadConfig({ EMBED_ORIGINS: 'https://www.koege.dk' }).embedOrigins, ['https://www.koege.dk']);
  t.same(
    loadConfig({ EMBED_ORIGINS: 'https://www.koege.dk/, http://localhost:8080  https://intra.koege.dk,https://www.koege.dk' }).embedOrigins,
    ['https://www.koege.dk', 'http://localhost:8080', 'https://intra.koege.dk'],
    'commas or spaces between; a trailing slash and repeats dropped',
  );
  t.same(loadConfig({ EMBED_ORIGINS: 'HTTPS://WWW.Koege.DK:443' }).embedOrigins, ['https://www.koege.dk'], 'written as the browser compares it');
  for (const bad of ['www.koege.dk', 'https://www.koege.dk/bygge', 'ftp://koege.dk', 'https://koege.dk?x=1', 'https://u:p@koege.dk', "https://koege.dk;script-src", "'self'", 'none', 'https://koege.dk#top']) {
    const env = { EMBED_ORIGINS: `https://ok.dk ${bad}` };
    t.throws(() => loadConfig(env), ConfigError, bad);
    try {
      loadConfig(env);
    } catch (error) {
      const message = (error as Error).message;
      t.match(message, /^Ugyldig konfiguration: EMBED_ORIGINS skal være http\(s\)-origins uden sti/, bad);
      t.ok(message.includes(`"${bad}" er ikke en`), `names the bad entry: ${message}`);
      t.notMatch(message, /\n/, 'one line');
    }
  }
});
