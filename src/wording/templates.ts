import type Handlebars from 'handlebars';
import { isLang, translate } from '../i18n/index.js';
import { atRoot } from '../paths.js';

// What pages and mails share about templates: where they are, and how they say a dictionary text.

/** views/: layouts, partials and pages for the web, emails/ for the mails. */
export const viewsFolder = atRoot('views');

/**
 * {{t "tender.deadline" count=3}}: the text in the language of the data's `lang` (@root.lang),
 * Danish if unset. Pages and mails register the same helper on their own engines.
 */
export function registerTranslate(engine: typeof Handlebars): void {
  engine.registerHelper('t', (key: unknown, options: Handlebars.HelperOptions) => {
    const root = (options.data as { root?: { lang?: unknown } } | undefined)?.root;
    return translate(isLang(root?.lang) ? root.lang : 'da', String(key), options.hash as Record<string, string | number>);
  });
}
