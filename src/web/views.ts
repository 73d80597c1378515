import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import Handlebars from 'handlebars';
import type { Config } from '../config.js';
import { registerTranslate, viewsFolder } from '../wording/templates.js';

declare module 'fastify' {
  interface FastifyReply {
    /** A page in the bare layout of the embeddable views (layouts/embed.hbs): no header, menu or footer. */
    embedView(page: string, data?: object): FastifyReply;
  }
}

const dkfdsFolder = path.resolve(path.dirname(createRequire(import.meta.url).resolve('dkfds')), '..');

function createHandlebars() {
  const hbs = Handlebars.create();
  // Each template and partial is compiled once per process, whichever app asks (the tests build
  // hundreds of apps in one process, each registering the same views): the same source and
  // options give the same template in this environment.
  const compile = hbs.compile.bind(hbs);
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  hbs.compile = ((input: unknown, options?: CompileOptions) => {
    if (typeof input !== 'string') return compile(input, options);
    const key = `${JSON.stringify(options ?? {})}\0${input}`;
    let template = compiled.get(key);
    if (!template) compiled.set(key, (template = compile(input, options)));
    return template;
  }) as typeof hbs.compile;
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  registerTranslate(hbs);
  hbs.registerHelper('includes', (list: unknown, value: unknown) => Array.isArray(list) && list.includes(value));
  // Plain text with line breaks → escaped paragraphs. DBD text is never trusted as HTML.
  hbs.registerHelper('paragraphs', (text: unknown) => {
    const paragraphs = String(text ?? '')
      .split(/\n\s*\n|\r\n\s*\r\n/)
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => `<p>${hbs.escapeExpression(p).replace(/\r?\n/g, '<br>')}</p>`);
    return new hbs.SafeString(paragraphs.join('\n'));
  });
  return hbs;
}

const partials = () =>
  Object.fromEntries(
    readdirSync(path.join(viewsFolder, 'partials'))
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => [path.basename(f, '.hbs'), `partials/${f}`]),
  );

/** CSS, scripts, fonts and icons: files, not pages (@fastify/static declares the routes, so they are marked here). */
async function staticAssets(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, notAPage: true };
  });
  await app.register(fastifyStatic, {
    root: dkfdsFolder,
    prefix: '/dkfds/',
    maxAge: '7d',
  });
  await app.register(fastifyStatic, {
    root: path.join(viewsFolder, 'static'),
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  });
  // Pages link /static/favicon.svg; clients that ask the old way (feed readers, bookmarks) are sent there.
  app.get('/favicon.ico', (_request, reply) => reply.redirect('/static/favicon.svg', 301));
}

/** The Handlebars environment of each layout's pages: one per process, with its compiled templates. */
const environments = new Map<string, ReturnType<typeof createHandlebars>>();

function handlebarsFor(layout: string) {
  let hbs = environments.get(layout);
  if (!hbs) environments.set(layout, (hbs = createHandlebars()));
  return hbs;
}

/** @fastify/view's options for Handlebars pages in a layout, on reply[propertyName]. */
const pagesIn = (layout: string, site: Record<string, string>, propertyName: string) => ({
  engine: { handlebars: handlebarsFor(layout) },
  root: viewsFolder,
  layout,
  viewExt: 'hbs',
  production: process.env.NODE_ENV !== 'development',
  // preventIndent: an indented partial must not add spaces inside a <textarea>'s text.
  options: { partials: partials(), compileOptions: { preventIndent: true } },
  defaultContext: { site },
  propertyName,
});

/** Handlebars pages in the site layout, and the static assets they need (dkfds + our own). */
export const viewsPlugin = fp(
  async (app, opts: { config: Config }) => {
    const site = { municipality: opts.config.municipalityName, accessibilityStatementUrl: opts.config.accessibilityStatementUrl };
    await app.register(fastifyView, pagesIn('layouts/main.hbs', site, 'view'));
    // The same pages for frames on other sites (reply.embedView), in a bare layout of their own.
    await app.register(fastifyView, pagesIn('layouts/embed.hbs', site, 'embedView'));
    await app.register(staticAssets);
  },
  { name: 'views' },
);
